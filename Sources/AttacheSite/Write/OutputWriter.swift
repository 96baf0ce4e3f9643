import CSystemShims
import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Writes a build into a staging folder beside the output folder and swaps it
/// in only when everything succeeded, so the published site is never half
/// written: a failed or killed build leaves the previous one as it was.
package final class OutputWriter: @unchecked Sendable {
    // @unchecked: the paths are constants; `movedIn` and `removalJobs` are
    // used by the building thread alone (commit and discard run after every
    // writer is joined); the concurrent writes share only `failures`, which locks.
    package enum Failure: Error, CustomStringConvertible {
        case unsafeOutput(String)
        case io(String)
        /// A source file (an asset) could not be read.
        case unreadable(String)
        /// Not attempted: an earlier write of the build failed (see `failureSummary`).
        case skipped
        package var description: String {
            switch self {
            case .unsafeOutput(let message), .io(let message), .unreadable(let message): return message
            case .skipped: return "not written: an earlier write failed"
            }
        }
    }

    static var markerName: String { OutputFolderPolicy.markerName }
    let output: String
    let staging: String
    /// Threads for deleting the previous output once the new one is in place.
    var removalJobs = 1
    /// Whether the previous output is deleted by a detached process after
    /// the swap instead of before `commit` returns (see `removePrevious`).
    var removesPreviousInBackground = false
    /// Hidden entries of the previous output moved into the staging folder
    /// for the swap; moved back if the build is discarded.
    private var movedIn: [String] = []
    /// The first write that failed, and how many failed; later writes are
    /// skipped, so a full disk is one problem, not one per page.
    private let failures = WriteFailures()

    /// Checks the output folder may be replaced (see OutputFolderPolicy) and
    /// creates the staging folder beside it. Nothing is created, moved or
    /// deleted when the check refuses.
    init(output: String, protecting places: OutputFolderPolicy.ProtectedPlaces) throws {
        let output = FileSystem.absolutePath(output)
        do {
            _ = try OutputFolderPolicy.check(output, protecting: places)
        } catch let refusal as OutputFolderPolicy.Refusal {
            throw Failure.unsafeOutput(refusal.description)
        }
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        if let failure = Self.createFolders(parent) {
            throw Failure.io("cannot create \(parent), the output folder's parent: \(String(cString: strerror(failure)))")
        }
        Self.removeStaleStaging(parent: parent, name: name, output: output)
        self.output = output
        self.staging = parent + "/." + name + ".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o755) == 0 else {
            throw Failure.io("cannot create the staging folder \(staging) beside the output folder: \(String(cString: strerror(errno)))")
        }
    }

    /// `mkdir -p`: nil when the folder exists afterwards, else the `errno` that stopped it.
    private static func createFolders(_ path: String) -> Int32? {
        if FileSystem.isDirectory(path) { return nil }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty, let failure = createFolders(parent) { return failure }
        if mkdir(path, 0o755) == 0 { return nil }
        let failure = errno
        // Something else by that name (a file where a folder should be).
        if failure == EEXIST { return FileSystem.isDirectory(path) ? nil : ENOTDIR }
        return failure
    }

    /// Staging folders left by builds that were killed. One may hold the
    /// previous output's hidden entries (a build moves them in just before
    /// the swap): those go back to the output first, and a folder that still
    /// holds any is left alone.
    private static func removeStaleStaging(parent: String, name: String, output: String) {
        let prefix = "." + name + ".staging-"
        for candidate in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where candidate.hasPrefix(prefix) {
            let parts = candidate.dropFirst(prefix.count).split(separator: "-")
            // Leave a folder alone while the build that owns it is still running.
            if let pid = parts.first.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) == 0 { continue }
            let folder = parent + "/" + candidate
            if FileSystem.isDirectory(output) {
                for kept in OutputFolderPolicy.keptNames(in: folder) where FileSystem.type(atPath: output + "/" + kept) == nil {
                    rename(folder + "/" + kept, output + "/" + kept)
                }
            }
            guard OutputFolderPolicy.keptNames(in: folder).isEmpty else { continue }
            FolderRemoval.remove(folder, jobs: 1)
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
            if let failure = failures.lazy.compactMap({ $0 }).first { throw self.failures.record(failure) }
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
    /// After the first failure every write is skipped and counted: the
    /// cause (a full disk, a lost mount) would fail them all the same.
    func write(_ bytes: some ContiguousBytes, to relativePath: String) throws {
        try withFile(relativePath) { descriptor in
            try bytes.withUnsafeBytes { try writeAll($0, to: descriptor, relativePath) }
        }
    }

    /// Writes one file whose bytes `produce` hands over in parts, each
    /// written as it comes, so a large file (graph.json) is never whole in memory.
    func write(to relativePath: String, parts produce: (([UInt8]) throws -> Void) throws -> Void) throws {
        try withFile(relativePath) { descriptor in
            try produce { part in try part.withUnsafeBytes { try writeAll($0, to: descriptor, relativePath) } }
        }
    }

    /// Opens `relativePath` in the staging folder for `write`, and closes it.
    private func withFile(_ relativePath: String, _ write: (Int32) throws -> Void) throws {
        guard !failures.hasFailed else { throw failures.record(nil) }
        guard !Self.climbsOut(relativePath) else {
            throw failures.record("refusing to write \(relativePath) outside the output folder")
        }
        let path = staging + "/" + relativePath
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))") }
        var closed = false
        defer { if !closed { close(descriptor) } }
        try write(descriptor)
        // Some file systems (NFS, quotas) report a full disk only when the file is closed.
        closed = true
        if close(descriptor) != 0 && errno != EINTR {
            throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
        }
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer, to descriptor: Int32, _ relativePath: String) throws {
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// One line for every failed write of this build, or nil when none failed.
    var failureSummary: String? { failures.summary }

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

    /// Copies a file without reading it into memory (a vault's attachments
    /// can be videos): a reflink where the file system shares blocks
    /// (Btrfs, XFS), else `sendfile`, which copies in the kernel,
    /// else reads and writes in 1 MiB pieces.
    func copyFile(from source: String, to relativePath: String) throws {
        guard !failures.hasFailed else { throw failures.record(nil) }
        guard !Self.climbsOut(relativePath) else {
            throw failures.record("refusing to write \(relativePath) outside the output folder")
        }
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Failure.unreadable("cannot read \(source)") }
        defer { close(input) }
        var status = stat()
        guard fstat(input, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw Failure.unreadable("cannot read \(source)") }
        try prepareFolders(for: [relativePath])
        let path = staging + "/" + relativePath
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))") }
        var closed = false
        defer { if !closed { close(output) } }
        let size = Int(status.st_size)
        // FICLONE (_IOW(0x94, 9, int)): the whole file, sharing its blocks.
        if size > 0, ioctl(output, 0x4004_9409, input) != 0 {
            var copied = 0
            var usesKernelCopy = true
            var buffer: [UInt8] = []
            while copied < size || !usesKernelCopy {
                if usesKernelCopy {
                    let count = sendfile(output, input, nil, size - copied)
                    if count > 0 { copied += count; continue }
                    if count == 0 { break }
                    if errno == EINTR { continue }
                    // Not between these file systems: copy through memory, from where the kernel stopped.
                    guard errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP else {
                        throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
                    }
                    usesKernelCopy = false
                    buffer = [UInt8](repeating: 0, count: 1 << 20)
                    guard lseek(input, off_t(copied), SEEK_SET) >= 0, lseek(output, off_t(copied), SEEK_SET) >= 0 else {
                        throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
                    }
                }
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw Failure.unreadable("cannot read \(source)") }
                if count == 0 { break }
                var offset = 0
                while offset < count {
                    let written = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + offset, count - offset) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
        }
        closed = true
        if close(output) != 0 && errno != EINTR {
            throw failures.record("cannot write \(relativePath): \(String(cString: strerror(errno)))")
        }
    }

    /// Swaps the staging folder in. Every hidden entry at the top of the
    /// previous output (files, folders and links: `.git`, `.well-known/`,
    /// `.nojekyll`, `.gitignore`) is moved into the new one first, so it is
    /// in the published folder at every moment and never deleted.
    func commit() throws {
        try write(Array("Written by Attaché; a build replaces this folder.\n".utf8), to: Self.markerName)
        guard FileSystem.isDirectory(output) else {
            guard rename(staging, output) == 0 else { throw Failure.io("cannot move the new output in place at \(output): \(String(cString: strerror(errno)))") }
            return
        }
        let kept = OutputFolderPolicy.keptNames(in: output)
        if let clash = kept.first(where: { FileSystem.type(atPath: staging + "/" + $0) != nil }) {
            throw Failure.io("the new site has a file named `\(clash)`, which the output folder already holds and a build keeps; rename one of them")
        }
        for name in kept {
            guard rename(output + "/" + name, staging + "/" + name) == 0 else {
                let reason = String(cString: strerror(errno))
                moveBack()
                throw Failure.io("cannot carry `\(name)` over to the new output: \(reason); the previous output is unchanged")
            }
            movedIn.append(name)
        }
        let previous: String
        if attache_exchange_paths(staging, output) == 0 {
            // `staging` now holds the previous output.
            previous = staging
        } else {
            // No atomic exchange on this file system: two renames, a moment apart.
            previous = staging + ".old"
            guard rename(output, previous) == 0 else {
                let reason = String(cString: strerror(errno))
                moveBack()
                throw Failure.io("cannot move the old output aside: \(reason)")
            }
            guard rename(staging, output) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(previous, output)
                moveBack()
                throw Failure.io("cannot move the new output in place: \(reason)")
            }
        }
        movedIn = []
        // A hidden entry added to the old output while this build ran goes
        // over too; if one cannot, the old folder stays where it is.
        for name in OutputFolderPolicy.keptNames(in: previous) where FileSystem.type(atPath: output + "/" + name) == nil {
            rename(previous + "/" + name, output + "/" + name)
        }
        if OutputFolderPolicy.keptNames(in: previous).isEmpty {
            removePrevious(previous)
        }
    }

    /// Deletes the previous output. A large one goes to a detached process
    /// (the new output is in place, so nothing waits for it): at 100,000
    /// pages deleting the old tree is two seconds of kernel time that would
    /// otherwise end every rebuild. That process renames the folder after
    /// itself, so a build started meanwhile leaves it alone, and one started
    /// after it was killed sweeps it like any staging folder (see
    /// `removeStaleStaging`). A small one is removed before `commit` returns.
    private func removePrevious(_ previous: String) {
        if removesPreviousInBackground {
            let parent = (output as NSString).deletingLastPathComponent
            let name = (output as NSString).lastPathComponent
            if attache_remove_tree_in_background(previous, parent + "/." + name + ".staging-", nil) == 0 { return }
        }
        FolderRemoval.remove(previous, jobs: removalJobs)
    }

    /// Hidden entries moved into the staging folder go back to the output.
    private func moveBack() {
        for name in movedIn.reversed() { rename(staging + "/" + name, output + "/" + name) }
        movedIn = []
    }

    /// Removes the staging folder after a failed build. Call it only once
    /// every writer has finished: a thread still writing would recreate
    /// folders inside it.
    func discard() {
        moveBack()
        guard OutputFolderPolicy.keptNames(in: staging).isEmpty else { return }
        FolderRemoval.remove(staging, jobs: 1)
    }
}

/// The first failed write of a build and how many failed, shared by the
/// threads that write pages, search files and data files.
package final class WriteFailures: @unchecked Sendable {
    // @unchecked: every access to the two fields holds `lock`.
    private let lock = NSLock()
    private var first: String?
    private var count = 0

    var hasFailed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return first != nil
    }

    /// Counts a failed (or skipped, when `message` is nil) write; the error to throw for it.
    func record(_ message: String?) -> OutputWriter.Failure {
        lock.lock()
        defer { lock.unlock() }
        if first == nil, let message { first = message }
        count += 1
        return message.map(OutputWriter.Failure.io) ?? .skipped
    }

    var summary: String? {
        lock.lock()
        defer { lock.unlock() }
        guard let first else { return nil }
        let others = count - 1
        return first + (others > 0 ? " (and \(others) more file\(others == 1 ? "" : "s") not written)" : "")
    }
}
