import FlyingFox
import Foundation

/// Stands before every route of the dev server so it answers only its own
/// pages. A web page open on another site can make the browser send
/// requests to 127.0.0.1: with a name it controls that resolves to
/// 127.0.0.1 (DNS rebinding) the Host header is that name, and a WebSocket
/// opened from it carries that site's Origin. Both are refused. Paths with
/// control characters are malformed, whatever a file system would make of
/// them, and HEAD gets the headers of GET without the body.
struct LocalRequestGuard: HTTPHandler {
    /// Host header values accepted (lowercased): the bound address and the
    /// loopback names, each with the port.
    var hosts: Set<String> { accepted.withLock { $0 } }
    private let accepted: AcceptedHosts
    private let boundHost: String
    let inner: any HTTPHandler

    init(boundHost: String, port: UInt16, inner: any HTTPHandler) {
        self.boundHost = boundHost
        accepted = AcceptedHosts(Self.names(boundHost: boundHost, port: port))
        self.inner = inner
    }

    static func names(boundHost: String, port: UInt16) -> Set<String> {
        var names = [boundHost, "localhost", "127.0.0.1", "[::1]"].map { $0.lowercased() }
        // Browsers leave out the default port.
        names = names.map { $0 + ":\(port)" } + (port == 80 ? names : [])
        return Set(names)
    }

    /// The port the server is really on (asked for port 0, it got this one).
    func allow(port: UInt16) {
        accepted.withLock { $0 = Self.names(boundHost: boundHost, port: port) }
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        if Self.hasControlCharacter(request) {
            return Self.refusal(.badRequest, "Bad request: the path contains a control character.\n")
        }
        let hosts = self.hosts
        guard let host = request.headers[.host], hosts.contains(host.lowercased()) else {
            return Self.refusal(.forbidden, "Forbidden: this development server answers only requests addressed to itself (Host header).\n")
        }
        // Browsers send Origin with WebSocket upgrades (and cross-site
        // fetches): a page of another site must not receive build messages.
        // Clients that are not browsers send none, and pass.
        if let origin = request.headers[HTTPHeader("Origin")], !hosts.contains(where: { "http://" + $0 == origin.lowercased() }) {
            return Self.refusal(.forbidden, "Forbidden: this development server answers only its own pages (Origin header).\n")
        }
        var response = try await inner.handleRequest(request)
        if request.method == .HEAD, case .httpBody(let body) = response.payload {
            if response.headers[.contentLength] == nil, let count = body.count { response.headers[.contentLength] = String(count) }
            response.payload = .httpBody(HTTPBodySequence(data: Data()))
        }
        return response
    }

    /// A control character (U+0000–U+001F, U+007F) in the path, raw or
    /// percent-encoded (decoded once or twice: the file handler decodes the
    /// already decoded path again).
    static func hasControlCharacter(_ request: HTTPRequest) -> Bool {
        let raw = request.target.path()
        let decoded = [raw, request.path, raw.removingPercentEncoding ?? "", request.path.removingPercentEncoding ?? ""]
        return decoded.contains { $0.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
    }

    private static func refusal(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data(text.utf8))
    }
}

/// The Host values a guard accepts, replaced once the real port is known.
final class AcceptedHosts: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String>
    init(_ names: Set<String>) { self.names = names }
    func withLock<T>(_ body: (inout Set<String>) -> T) -> T { lock.withLock { body(&names) } }
}
