import CSystemShims
import Foundation
import AttacheModel

/// Bytes a build needs once more, later: every entry's Markdown body between
/// loading and parsing, and its HTML between parsing and its page. Held in
/// memory they were most of a build's peak (at 100,000 entries, 770 MB of
/// Markdown and more of HTML); here they wait in a file with no name
/// (O_TMPFILE) in the output folder's parent, where the staging folder goes,
/// and the build keeps only where each one is. A file with no name is never
/// seen in the folder and disappears when it is closed or the process dies,
/// so nothing is left behind, even by a killed build.
///
/// Writes from many threads at once: each reserves its range under a lock,
/// then writes outside it; a range is read only after its write returned.
final class SpillFile: @unchecked Sendable {
    // @unchecked: `end` is read and written under `lock`; the descriptor is a constant.
    /// Where one value is in the file.
    struct Span: Sendable {
        var offset: Int64
        var count: Int
    }

    private let descriptor: Int32
    private let lock = NSLock()
    private var end: Int64 = 0

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// An unnamed file in `folder`, or nil where none can be made (the folder
    /// is missing, or its file system has no O_TMPFILE): the build then keeps
    /// the bytes in memory as before.
    static func open(in folder: String) -> SpillFile? {
        guard FileSystem.isDirectory(folder) else { return nil }
        let descriptor = attache_open_unnamed_file(folder)
        return descriptor >= 0 ? SpillFile(descriptor: descriptor) : nil
    }

    /// Writes `bytes` at the end of the file: where they are, or nil when the
    /// write failed (a full disk), and the caller keeps them in memory.
    func append(_ bytes: [UInt8]) -> Span? {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ text: String) -> Span? {
        var text = text
        return text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) -> Span? {
        guard bytes.count > 0 else { return Span(offset: 0, count: 0) }
        lock.lock()
        let offset = end
        end += Int64(bytes.count)
        lock.unlock()
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset) + off_t(written))
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return nil }
            written += result
        }
        return Span(offset: offset, count: bytes.count)
    }

    /// The bytes at `span`, or nil when they cannot be read back.
    func read(_ span: Span) -> [UInt8]? {
        guard span.count > 0 else { return [] }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: span.count) { buffer, initialized in
            var done = 0
            while done < span.count {
                let result = pread(descriptor, buffer.baseAddress! + done, span.count - done, off_t(span.offset) + off_t(done))
                if result < 0 && errno == EINTR { continue }
                if result <= 0 { failed = true; break }
                done += result
            }
            initialized = failed ? 0 : span.count
        }
        return failed ? nil : bytes
    }
}
