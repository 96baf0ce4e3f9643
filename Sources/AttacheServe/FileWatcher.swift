import CSystemShims
import Foundation

/// Calls back when anything below the watched folders changes: inotify on
/// Linux (with watches added for new subfolders), polling every half second
/// where inotify is not available. Bursts of events (an editor saving
/// through a temporary file) become one callback.
final class FileWatcher: @unchecked Sendable {
    private let folders: [String]
    private let onChange: @Sendable () -> Void
    private let quietPeriod: Int32 = 40 // milliseconds without events before calling back
    private(set) var usesPolling = false

    init(folders: [String], onChange: @escaping @Sendable () -> Void) {
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

    private func addWatches(_ descriptor: Int32, below folder: String) {
        guard attache_inotify_watch(descriptor, folder) >= 0 else { return }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for child in children where !child.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + child
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                addWatches(descriptor, below: path)
            }
        }
    }

    private func watchWithInotify(_ descriptor: Int32) {
        for folder in folders { addWatches(descriptor, below: folder) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            guard attache_wait_readable(descriptor, -1) == 1 else { continue }
            // Drain events until the folders are quiet, then rebuild once.
            repeat {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { break }
            } while attache_wait_readable(descriptor, quietPeriod) == 1
            // Watch folders created meanwhile (re-adding an existing watch is harmless).
            for folder in folders { addWatches(descriptor, below: folder) }
            onChange()
        }
    }

    private func watchByPolling() {
        var last = fingerprint()
        while true {
            Thread.sleep(forTimeInterval: 0.5)
            let now = fingerprint()
            if now != last {
                last = now
                onChange()
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
