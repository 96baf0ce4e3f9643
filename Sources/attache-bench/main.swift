import AttacheBenchKit
import Foundation

// attache-bench [N] [--jobs J] [--templates DIR] [--work DIR] [--swift-mustache] [--vault]
// Generates a corpus of N entries (default 1000) with the project's own
// generator, builds it once in this process, and prints the measurements.
// --vault: also a vault of N notes (no site.yml, no taxonomy.yml), built
// right after the typed corpus, one line each.
var arguments = Array(CommandLine.arguments.dropFirst())
var entries = 1000
var jobs = ProcessInfo.processInfo.activeProcessorCount
var templates = "Templates"
var work = NSTemporaryDirectory() + "attache-bench-kit"
var vault = false
var swiftMustache = false
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--jobs": jobs = Int(arguments.removeFirst()) ?? jobs
    case "--templates": templates = arguments.removeFirst()
    case "--work": work = arguments.removeFirst()
    case "--vault": vault = true
    // Renders through swift-mustache, the tests' oracle, to compare its speed with the own engine's.
    case "--swift-mustache": swiftMustache = true
    default:
        guard let n = Int(argument), n > 0 else {
            FileHandle.standardError.write(Data("usage: attache-bench [N] [--jobs J] [--templates DIR] [--work DIR] [--swift-mustache] [--vault]\n".utf8))
            exit(2)
        }
        entries = n
    }
}
do {
    let result = try BenchmarkRun(entryCount: entries, templates: templates, jobs: jobs, workDirectory: work, rendersWithSwiftMustache: swiftMustache).run()
    print((vault ? "typed: " : "") + result.report)
    var errors = result.errors
    if vault {
        let vaultResult = try BenchmarkRun(entryCount: entries, templates: templates, jobs: jobs, workDirectory: work, vault: true,
                                           rendersWithSwiftMustache: swiftMustache).run()
        print("vault: " + vaultResult.report)
        errors += vaultResult.errors
    }
    exit(errors == 0 ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("attache-bench: \(error)\n".utf8))
    exit(1)
}
