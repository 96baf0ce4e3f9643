import CSystemShims
import Foundation

/// The folder `attache serve` builds into. mkdtemp makes it with a random
/// name and mode 0700, and fails rather than reuse a path that exists: a
/// predictable name (the old `attache-serve-<pid>`) let another user of the
/// machine plant a folder or a symbolic link there first, and the server
/// would then have built into, and on exit deleted, whatever it pointed at.
public struct PrivateFolder: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case cannotCreate(String, String)
        public var description: String {
            switch self {
            case .cannotCreate(let parent, let reason): return "cannot create a private folder in \(parent): \(reason)"
            }
        }
    }

    static let prefix = "attache-serve-"
    /// Written inside the folder: which process owns it, so a later server
    /// can remove the folder of one that was killed before it could.
    static let ownerFile = "server.pid"

    public let path: String

    /// A new folder in `parent` (the system's temporary folder by default).
    public static func create(in parent: String = NSTemporaryDirectory()) throws -> PrivateFolder {
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        var template = Array((base + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw Failure.cannotCreate(parent, String(cString: strerror(errno)))
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        try? Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: path + "/" + ownerFile))
        return PrivateFolder(path: path)
    }

    /// Removes the folder, its owner file last: a server killed while
    /// removing leaves a folder that still says whose it was, so the next
    /// server recognises it and finishes the job (without the file it would
    /// be left for good). `inBackground` hands a large folder to a detached
    /// process (the same order, and the server is gone by then, so a
    /// remover killed halfway leaves a folder the next server sweeps):
    /// 100,000 pages on a disk take longer to delete than anyone waits for
    /// Ctrl-C.
    public func remove(inBackground: Bool = false) {
        if inBackground, attache_remove_tree_in_background(path, nil, Self.ownerFile) == 0 { return }
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: path)) ?? [] where name != Self.ownerFile {
            try? files.removeItem(atPath: path + "/" + name)
        }
        try? files.removeItem(atPath: path)
    }

    /// Removes the folders of servers that were killed (SIGKILL, a crash)
    /// before they could remove their own. Only folders this user owns, of
    /// mode 0700, named like ours and holding the pid of a process that no
    /// longer exists: anything else here is not ours to delete.
    static func removeFoldersOfStoppedServers(in parent: String = NSTemporaryDirectory()) {
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where isOurName(name) {
            let path = base + name
            var status = stat()
            // lstat: a symbolic link is never followed, let alone removed through.
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
                  status.st_uid == getuid(), status.st_mode & 0o777 == 0o700,
                  let text = try? String(contentsOfFile: path + "/" + ownerFile, encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, pid != getpid()
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// `attache-serve-` and mkdtemp's six letters and digits.
    static func isOurName(_ name: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let suffix = name.utf8.dropFirst(prefix.utf8.count)
        return suffix.count == 6 && suffix.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
