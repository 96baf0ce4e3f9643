import Foundation

/// Writes a file that must not exist yet: `O_CREAT | O_EXCL`, so a file
/// created a moment earlier (by the user, by another command) is never
/// replaced. What `attache new`, `init` and `theme eject` write goes through it.
package enum NewFile {
    package enum Outcome: Equatable {
        case written
        /// Something is already there; it was left as it was.
        case exists
    }

    /// Creates the file's folder if needed and writes `bytes`; throws with
    /// the system's reason when the file cannot be created or written.
    package static func write(_ bytes: [UInt8], to path: String) throws -> Outcome {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(description: "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { return .exists }
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        return .written
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }
}
