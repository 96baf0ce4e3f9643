import FlyingFox
import Foundation
import AttacheSite
import AttacheModel

/// Serves the built site from its output folder like a static host would
/// (folder URLs serve index.html, missing pages get 404.html), and adds the
/// live-reload script to every HTML page. Only served pages get the script;
/// files written by `attache build` never contain it.
struct OutputFileHandler: HTTPHandler {
    let root: String
    static let reloadTag = "<script src=\"/__attache/live.js\"></script>"

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var path = request.path.removingPercentEncoding ?? request.path
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let components = path.split(separator: "/")
        // Nothing outside the output folder, whatever the request says.
        guard !components.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound() }
        var file = root + "/" + components.joined(separator: "/")
        var isDirectory: ObjCBool = false
        // Folder URLs serve their index.html (the request's path arrives
        // without its trailing slash; the site's own links always have it).
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            file += "/index.html"
        }
        guard let data = FileManager.default.contents(atPath: file) else { return notFound() }
        return response(.ok, data: data, file: file)
    }

    private func notFound() -> HTTPResponse {
        let page = root + "/404.html"
        guard let data = FileManager.default.contents(atPath: page) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"], body: Data("Not found\n".utf8))
        }
        return response(.notFound, data: data, file: page)
    }

    private func response(_ status: HTTPStatusCode, data: Data, file: String) -> HTTPResponse {
        let type = Self.contentType(for: file)
        var body = data
        if type.hasPrefix("text/html") { body = Self.injectReloadScript(into: data) }
        return HTTPResponse(statusCode: status, headers: [.contentType: type, HTTPHeader("Cache-Control"): "no-store"], body: body)
    }

    /// Adds the reload script before `</body>` (or at the end).
    static func injectReloadScript(into html: Data) -> Data {
        let text = String(decoding: html, as: UTF8.self)
        if let range = text.range(of: "</body>", options: .backwards) {
            return Data((text[..<range.lowerBound] + reloadTag + "\n" + text[range.lowerBound...]).utf8)
        }
        return Data((text + reloadTag).utf8)
    }

    static func contentType(for file: String) -> String {
        switch (file as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "txt": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }
}
