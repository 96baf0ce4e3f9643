import Foundation

/// Small file-system helpers shared by loading and writing.
public enum FileSystem {
    package static func readData(atPath path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    /// A file's bytes, read with open/fstat/read: every entry is read once,
    /// and going through FileManager and Data cost as much as the reading.
    /// Nil when the file cannot be opened or read (a folder, no permission).
    package static func readBytes(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        let expected = fstat(descriptor, &status) == 0 ? max(Int(status.st_size), 0) : 0
        var failed = false
        /// Reads up to `capacity` bytes into fresh storage (fewer at the end of the file).
        func readUpTo(_ capacity: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                var total = 0
                while total < capacity {
                    let result = read(descriptor, buffer.baseAddress! + total, capacity - total)
                    if result < 0 && errno == EINTR { continue }
                    if result < 0 { failed = true }
                    if result <= 0 { break }
                    total += result
                }
                initialized = total
            }
        }
        // One byte more than fstat said: a file that grew meanwhile is read to its end.
        var bytes = readUpTo(expected + 1)
        if bytes.count > expected {
            while !failed {
                let more = readUpTo(65536)
                if more.isEmpty { break }
                bytes += more
            }
        }
        return failed ? nil : bytes
    }

    /// The canonical absolute path (symlinks resolved), or nil when it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where an absolute, standardized path really lies, whether or not it
    /// exists yet: its nearest existing ancestor with symbolic links
    /// resolved, followed by the components that do not exist yet.
    package static func resolvingExistingAncestor(_ path: String) -> String {
        var existing = path
        var missing: [String] = []
        while true {
            if let real = realPath(existing) {
                guard !missing.isEmpty else { return real }
                return (real == "/" ? "" : real) + "/" + missing.reversed().joined(separator: "/")
            }
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { return path }
            missing.append((existing as NSString).lastPathComponent)
            existing = parent
        }
    }

    /// `path` made absolute against the current folder, `.` and `..` resolved.
    public static func absolutePath(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    /// True when `path` is `folder` or lies below it (both absolute and standardized).
    package static func isPath(_ path: String, inside folder: String) -> Bool {
        let folderWithSlash = folder.hasSuffix("/") ? folder : folder + "/"
        return path == folder || path.hasPrefix(folderWithSlash)
    }

    package enum EntryType { case file, directory, symlink, other }

    /// The names in a folder (without `.` and `..`) and their types as the
    /// folder lists them, or nil when it cannot be read. The type comes from
    /// `d_type`, so a 10,000-file folder costs no `lstat` per file; where the
    /// file system does not say, it is looked up (nil when the file is gone).
    package static func listing(ofFolder path: String) -> [(name: String, type: EntryType?)]? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var names: [(name: String, type: EntryType?)] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let type: EntryType?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_DIR): type = .directory
            case Int32(DT_LNK): type = .symlink
            case Int32(DT_UNKNOWN): type = Self.type(atPath: path + "/" + name)
            default: type = .other
            }
            names.append((name, type))
        }
        return names
    }

    package static func type(atPath path: String) -> EntryType? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    package static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether something that is not a folder is at `path` (links followed).
    package static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The C library's text for an `errno` value ("No space left on device").
    package static func errorDescription(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// Shows paths relative to the folder the command was run from, as compilers do.
public struct DisplayPaths: Sendable {
    let workingDirectory: String

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = FileSystem.absolutePath(workingDirectory)
    }

    public func display(_ absolutePath: String) -> String {
        let prefix = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        if absolutePath.hasPrefix(prefix) { return String(absolutePath.dropFirst(prefix.count)) }
        return absolutePath
    }
}
