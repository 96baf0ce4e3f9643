import Foundation

/// Finds a port to suggest when the one asked for is taken: the suggestion
/// is bound and released once, so it was free a moment ago (a guess such
/// as port + 1 is often taken by the same kind of server).
enum FreePort {
    /// The first port after `port` (up to 100 further) that `host` can bind, or nil.
    static func after(_ port: UInt16, on host: String) -> UInt16? {
        var candidate = port
        for _ in 0..<100 {
            guard candidate < UInt16.max else { return nil }
            candidate += 1
            if canBind(candidate, on: host) { return candidate }
        }
        return nil
    }

    /// Binds a TCP socket with the options the server uses (SO_REUSEADDR)
    /// and closes it again.
    static func canBind(_ port: UInt16, on host: String) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return false }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
