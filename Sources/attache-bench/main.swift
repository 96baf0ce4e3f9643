import AttacheBenchKit
import Foundation

// attache-bench [N] [--jobs J] [--templates DIR] [--work DIR] [--swift-mustache]
// Generates a corpus of N entries (default 1000) with the project's own
// generator, builds it once in this process, and prints the measurements.
var arguments = Array(CommandLine.arguments.dropFirst())
var entries = 1000
var jobs = ProcessInfo.processInfo.activeProcessorCount
var templates = "Templates"
var work = NSTemporaryDirectory() + "attache-bench-kit"
var swiftMustache = false
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--jobs": jobs = Int(arguments.removeFirst()) ?? jobs
    case "--templates": templates = arguments.removeFirst()
    case "--work": work = arguments.removeFirst()
    // Renders through swift-mustache, the tests' oracle, to compare its speed with the own engine's.
    case "--swift-mustache": swiftMustache = true
    default:
        guard let n = Int(argument), n > 0 else {
            FileHandle.standardError.write(Data("usage: attache-bench [N] [--jobs J] [--templates DIR] [--work DIR] [--swift-mustache]\n".utf8))
            exit(2)
        }
        entries = n
    }
}
do {
    let result = try BenchmarkRun(entryCount: entries, templates: templates, jobs: jobs, workDirectory: work, rendersWithSwiftMustache: swiftMustache).run()
    print(result.report)
    exit(result.errors == 0 ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("attache-bench: \(error)\n".utf8))
    exit(1)
}
