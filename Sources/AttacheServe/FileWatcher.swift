import CSystemShims
import Foundation
import AttacheSite
import AttacheModel

/// Calls back with the paths that changed below the watched folders:
/// inotify on Linux (with watches added for new subfolders), polling every
/// half second where inotify is not available. Bursts of events (an editor
/// saving through a temporary file) become one callback. With inotify, a
/// watched folder that is deleted or moved away is looked for every 100 ms;
/// once it is back it is watched again and the callback asks for a full
/// rebuild (polling sees its files come back like any other change).
final class FileWatcher: @unchecked Sendable {
    private let folders: [String]
    /// Called with the absolute paths that changed, or nil when they are not
    /// known (the kernel's event queue overflowed, a watched folder came back).
    private let onChange: @Sendable (Set<String>?) -> Void
    /// Milliseconds without events before calling back: editors save through
    /// temporary files and renames, a burst that ends within a few milliseconds.
    private let quietPeriod: Int32 = 8
    private(set) var usesPolling = false
    /// inotify watch descriptor → the folder it watches.
    private var watched: [Int32: String] = [:]

    init(folders: [String], onChange: @escaping @Sendable (Set<String>?) -> Void) {
        self.folders = folders
        self.onChange = onChange
    }

    func start() {
        let descriptor = attache_inotify_open()
        if descriptor >= 0 {
            let thread = Thread { [self] in watchWithInotify(descriptor) }
            thread.name = "attache-watch"
            thread.start()
        } else {
            usesPolling = true
            let thread = Thread { [self] in watchByPolling() }
            thread.name = "attache-poll"
            thread.start()
        }
    }

    /// Ends the watching thread within half a second; no callback follows.
    func stop() { stopLock.withLock { stopped = true } }
    private let stopLock = NSLock()
    private var stopped = false
    private var isStopped: Bool { stopLock.withLock { stopped } }

    /// Watches `folder` and every folder below it; false when `folder`
    /// itself cannot be watched (it does not exist).
    @discardableResult
    private func addWatches(_ descriptor: Int32, below folder: String) -> Bool {
        let watch = attache_inotify_watch(descriptor, folder)
        guard watch >= 0 else { return false }
        watched[watch] = folder
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for child in children where !child.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + child
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                addWatches(descriptor, below: path)
            }
        }
        return true
    }

    /// Ends the watches of `folder` and of every folder below it: they
    /// follow the folders' inodes, so after a move they would report
    /// changes elsewhere under these names.
    private func removeWatches(_ descriptor: Int32, below folder: String) {
        for (watch, path) in watched where path == folder || path.hasPrefix(folder + "/") {
            _ = attache_inotify_unwatch(descriptor, watch)
            watched[watch] = nil
        }
    }

    // From <sys/inotify.h> (the Linux ABI).
    private static let folderFlag: UInt32 = 0x4000_0000 // IN_ISDIR
    private static let createdOrMovedIn: UInt32 = 0x100 | 0x80 // IN_CREATE | IN_MOVED_TO
    private static let movedOut: UInt32 = 0x40 // IN_MOVED_FROM
    private static let selfGone: UInt32 = 0x400 | 0x800 // IN_DELETE_SELF | IN_MOVE_SELF
    private static let watchEnded: UInt32 = 0x8000 // IN_IGNORED
    private static let overflow: UInt32 = 0x4000 // IN_Q_OVERFLOW

    private func watchWithInotify(_ descriptor: Int32) {
        defer { close(descriptor) }
        // Watched folders that are missing: deleted or moved away (their
        // parent is not watched, so their return is noticed by looking).
        var missing = Set(folders.filter { !addWatches(descriptor, below: $0) })
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            let ready = attache_wait_readable(descriptor, missing.isEmpty ? 500 : 100)
            // Drain events until the folders are quiet, then call back once.
            var changed: Set<String>? = []
            var newFolders: [String] = []
            while ready == 1 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
                var offset = 0
                while offset + 16 <= count {
                    let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                        (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                         raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                         Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                    }
                    let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                    offset += 16 + length
                    if mask & Self.overflow != 0 { changed = nil; continue }
                    guard let folder = watched[watch] else { continue }
                    if mask & Self.watchEnded != 0 { watched[watch] = nil; continue }
                    let path = nameBytes.isEmpty ? folder : folder + "/" + String(decoding: nameBytes, as: UTF8.self)
                    changed?.insert(path)
                    if mask & Self.folderFlag != 0, mask & Self.createdOrMovedIn != 0 { newFolders.append(path) }
                    // A subfolder moved away: its parent says so; one moved
                    // within the folders is watched again under its new name.
                    if mask & Self.folderFlag != 0, mask & Self.movedOut != 0 { removeWatches(descriptor, below: path) }
                    // A watched folder itself deleted or moved away.
                    if mask & Self.selfGone != 0, folders.contains(folder) {
                        removeWatches(descriptor, below: folder)
                        missing.insert(folder)
                    }
                }
                if attache_wait_readable(descriptor, quietPeriod) != 1 { break }
            }
            // Watch folders created meanwhile, and everything below them.
            for folder in newFolders { addWatches(descriptor, below: folder) }
            if changed == nil { for folder in folders where !missing.contains(folder) { addWatches(descriptor, below: folder) } }
            // A missing folder that is back (restored, or moved back) may
            // differ in anything: watch it again and rebuild everything.
            let returned = missing.filter { folder in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
                    && addWatches(descriptor, below: folder)
            }
            missing.subtract(returned)
            if isStopped { break }
            if !returned.isEmpty { onChange(nil) } else if changed?.isEmpty != true { onChange(changed) }
        }
    }

    private func watchByPolling() {
        var last = fingerprint()
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.5)
            let now = fingerprint()
            if now != last, !isStopped {
                let paths = Set(now.keys).union(last.keys).filter { now[$0] != last[$0] }
                last = now
                onChange(paths)
            }
        }
    }

    /// Path, size and modification time of every file.
    private func fingerprint() -> [String: String] {
        var result: [String: String] = [:]
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let attributes = enumerator.fileAttributes ?? [:]
                let size = attributes[.size] as? Int ?? 0
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                result[folder + "/" + relative] = "\(size):\(modified)"
            }
        }
        return result
    }
}
