import CSystemShims
import Foundation

/// Writes a build into a staging folder beside the output folder and swaps it
/// in only when everything succeeded, so the published site is never half
/// written: a failed or killed build leaves the previous one as it was.
final class OutputWriter: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case unsafeOutput(String)
        case io(String)
        var description: String {
            switch self {
            case .unsafeOutput(let message), .io(let message): return message
            }
        }
    }

    /// Marks a folder as an Attaché output, so a later build may replace it.
    static let markerName = ".attache-output"
    let output: String
    let staging: String
    /// Threads for deleting the previous output once the new one is in place.
    var removalJobs = 1

    /// Checks the output folder is safe to replace and creates the staging folder.
    init(output: String, protectedFolders: [String]) throws {
        let output = FileSystem.absolutePath(output)
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let realOutput = FileSystem.realPath(output) ?? output
        for folder in protectedFolders {
            let realFolder = FileSystem.realPath(folder) ?? FileSystem.absolutePath(folder)
            if FileSystem.isPath(realFolder, inside: realOutput) {
                throw Failure.unsafeOutput("output folder \(output) is \(realFolder == realOutput ? "the same as" : "a parent of") \(folder); refusing to replace it")
            }
            if FileSystem.isPath(realOutput, inside: realFolder) {
                throw Failure.unsafeOutput("output folder \(output) is inside \(folder); choose an output folder outside the content and templates")
            }
        }
        if FileSystem.type(atPath: output) == .symlink {
            throw Failure.unsafeOutput("output folder \(output) is a symbolic link; point --output at a real folder")
        }
        if FileSystem.isDirectory(output) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            let ours = names.contains(Self.markerName) || names.allSatisfy { $0.hasPrefix(".") }
            if !ours {
                throw Failure.unsafeOutput("output folder \(output) holds files Attaché did not write; refusing to replace it (empty it or choose another --output)")
            }
        } else if FileManager.default.fileExists(atPath: output) {
            throw Failure.unsafeOutput("output path \(output) exists and is not a folder")
        }
        guard FileSystem.isDirectory(parent) || (try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)) != nil else {
            throw Failure.io("cannot create \(parent)")
        }
        Self.removeStaleStaging(parent: parent, name: name)
        self.output = output
        self.staging = parent + "/." + name + ".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw Failure.io("cannot create staging folder \(staging): \(error.localizedDescription)")
        }
    }

    /// Staging folders left by builds that were killed.
    private static func removeStaleStaging(parent: String, name: String) {
        let prefix = "." + name + ".staging-"
        for candidate in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where candidate.hasPrefix(prefix) {
            let parts = candidate.dropFirst(prefix.count).split(separator: "-")
            // Leave a folder alone while the build that owns it is still running.
            if let pid = parts.first.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + candidate)
        }
    }

    /// Creates the folders for these relative file paths (call before parallel writes).
    func prepareFolders(for relativePaths: [String], jobs: Int = 1) throws {
        // Every folder a path needs, then created a depth at a time (parents
        // first), each depth on `jobs` threads: 10,000 entry pages mean
        // 10,000 folders.
        var folders = Set<Substring>()
        for path in relativePaths {
            var folder = Substring(path)
            // `/` found on bytes: a Character search per path was most of this loop.
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                guard folders.insert(folder).inserted else { break }
            }
        }
        var byDepth: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            while byDepth.count <= depth { byDepth.append([]) }
            byDepth[depth].append(String(folder))
        }
        for level in byDepth {
            let sorted = level.sorted()
            let failures = parallelMap(sorted.count, jobs: jobs) { i -> String? in
                guard mkdir(staging + "/" + sorted[i], 0o755) != 0, errno != EEXIST else { return nil }
                return "cannot create folder \(sorted[i]): \(String(cString: strerror(errno)))"
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw Failure.io(failure) }
        }
    }

    /// True when a relative path is absolute or has a `..` component. Read
    /// on bytes, as the file system reads it (splitting every page's path
    /// into Characters cost more than writing the page).
    static func climbsOut(_ relativePath: String) -> Bool {
        let bytes = relativePath.utf8
        if bytes.first == UInt8(ascii: "/") { return true }
        var dots = 0
        var componentLength = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if componentLength == 2 && dots == 2 { return true }
                dots = 0
                componentLength = 0
            } else {
                componentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return componentLength == 2 && dots == 2
    }

    /// Writes one file inside the staging folder. `relativePath` never climbs out of it.
    func write(_ bytes: some ContiguousBytes, to relativePath: String) throws {
        guard !Self.climbsOut(relativePath) else {
            throw Failure.io("refusing to write \(relativePath) outside the output folder")
        }
        let path = staging + "/" + relativePath
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure.io("cannot write \(relativePath): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure.io("cannot write \(relativePath): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    func write(_ text: String, to relativePath: String) throws {
        var text = text
        // Write the string's own storage; a copy would double a large page.
        try text.withUTF8 { buffer in try write(UnsafeRawBufferPointer(buffer), to: relativePath) }
    }

    /// Replaces one file of a published output folder in place (write a
    /// hidden temporary file beside it, then rename it over the old one), so
    /// a reader never sees half a file. For a live server's small updates.
    static func replaceFile(in output: String, relativePath: String, with text: String) throws {
        guard !climbsOut(relativePath) else {
            throw Failure.io("refusing to write \(relativePath) outside the output folder")
        }
        let path = output + "/" + relativePath
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.attache-update-\(getpid())-" + (path as NSString).lastPathComponent
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw Failure.io("cannot write \(relativePath)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure.io("cannot replace \(relativePath): \(reason)")
        }
    }

    static func removeFile(in output: String, relativePath: String) {
        guard !climbsOut(relativePath) else { return }
        unlink(output + "/" + relativePath)
    }

    func copyFile(from source: String, to relativePath: String) throws {
        guard let data = FileSystem.readData(atPath: source) else { throw Failure.io("cannot read \(source)") }
        try prepareFolders(for: [relativePath])
        try write(Array(data), to: relativePath)
    }

    /// Swaps the staging folder in. Dotfiles at the top of the old output
    /// (`.gitignore`, `.nojekyll`, `CNAME`-style hidden files) are kept.
    func commit() throws {
        try write(Array("Written by Attaché; a build replaces this folder.\n".utf8), to: Self.markerName)
        if FileSystem.isDirectory(output) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? [] where name.hasPrefix(".") && name != Self.markerName {
                let source = output + "/" + name
                if FileSystem.type(atPath: source) == .file, !FileManager.default.fileExists(atPath: staging + "/" + name) {
                    try? FileManager.default.copyItem(atPath: source, toPath: staging + "/" + name)
                }
            }
            if attache_exchange_paths(staging, output) == 0 {
                // `staging` now holds the previous output.
                FolderRemoval.remove(staging, jobs: removalJobs)
                return
            }
            // No atomic exchange on this file system: two renames, a moment apart.
            let old = staging + ".old"
            guard rename(output, old) == 0 else { throw Failure.io("cannot move the old output aside: \(String(cString: strerror(errno)))") }
            guard rename(staging, output) == 0 else {
                _ = rename(old, output)
                throw Failure.io("cannot move the new output in place: \(String(cString: strerror(errno)))")
            }
            FolderRemoval.remove(old, jobs: removalJobs)
        } else {
            guard rename(staging, output) == 0 else { throw Failure.io("cannot move the new output in place: \(String(cString: strerror(errno)))") }
        }
    }

    /// Removes the staging folder after a failed build.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
