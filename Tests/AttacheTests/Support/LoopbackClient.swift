import Foundation

/// A bare TCP client to 127.0.0.1 (never any other address) for the dev
/// server's tests: it sends requests byte for byte as written, Host header
/// and control characters included, which URLSession would not, and speaks
/// just enough WebSocket to send frames of any size. Every read gives up
/// after a few seconds, so a test cannot hang.
final class LoopbackClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian // 127.0.0.1
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw POSIXError(.EPIPE) }
            sent += count
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads at least `count` bytes; fewer only when the server closed the connection.
    @discardableResult
    private func fill(_ count: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while buffer.count < count {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if got <= 0 { return false }
            buffer += chunk[..<got]
        }
        return true
    }

    func take(_ count: Int) -> [UInt8]? {
        guard fill(count) else { return nil }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    /// True when the server has closed the connection (reads end).
    func isClosedByServer() -> Bool {
        !fill(buffer.count + 1)
    }

    /// The status code and header lines; what follows stays to be read
    /// (a body, or WebSocket frames).
    func responseHead() -> (status: Int, head: String) {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return (Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0, head)
            }
            if !fill(buffer.count + 1) { return (0, String(decoding: buffer, as: UTF8.self)) }
        }
    }

    /// Reads the rest of a `Connection: close` response's body.
    func bodyUntilClosed() -> [UInt8] {
        while fill(buffer.count + 1) {}
        defer { buffer = [] }
        return buffer
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    // MARK: WebSocket

    static func upgradeRequest(port: UInt16, origin: String?, host: String? = nil) -> String {
        "GET /__attache/socket HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (origin.map { "Origin: \($0)\r\n" } ?? "") + "\r\n"
    }

    /// A client frame (clients must mask theirs).
    func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try send(frame)
    }

    /// The next server frame (opcode and payload), or nil when the connection closed.
    func receiveFrame() -> (opcode: UInt8, payload: [UInt8])? {
        guard let header = take(2) else { return nil }
        var length = Int(header[1] & 0x7F)
        if length == 126 {
            guard let bytes = take(2) else { return nil }
            length = Int(bytes[0]) << 8 | Int(bytes[1])
        } else if length == 127 {
            guard let bytes = take(8) else { return nil }
            length = bytes.reduce(0) { $0 << 8 | Int($1) }
        }
        guard let payload = take(length) else { return nil }
        return (header[0] & 0x0F, payload)
    }
}

/// Runs blocking socket work on a thread of its own. On the cooperative
/// pool (two threads on a two-core machine) it would starve the server
/// under test, which runs in the same process, until the reads time out.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
