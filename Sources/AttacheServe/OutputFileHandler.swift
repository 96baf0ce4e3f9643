import FlyingFox
import Foundation
import AttacheSite
import AttacheModel
import AttacheBytes

/// Serves the built site from its output folder like a static host would
/// (folder URLs serve index.html, missing pages get 404.html), and adds the
/// live-reload script to every HTML page. Only served pages get the script;
/// files written by `attache build` never contain it.
struct OutputFileHandler: HTTPHandler {
    let root: String
    /// The site being served: its version goes on every page (a page that
    /// connects after a newer build reloads), and before its first good
    /// build every page is the build's status (see `noBuildYet`).
    var site: LiveSite?
    /// While the first build runs: its pages, answered without waiting for it.
    var early: EarlyPagesHolder?

    /// The tag served pages get; `version` is the build the page comes from.
    static func reloadTag(version: Int) -> String {
        "<script src=\"/__attache/live.js\" data-version=\"\(version)\"></script>"
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var path = request.path.removingPercentEncoding ?? request.path
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let components = path.split(separator: "/")
        if let pages = early?.current, let answer = Self.earlyResponse(components, from: pages) { return answer }
        let version = await site?.version ?? 0
        // No good build yet: a page address gets the build's status, and the
        // reload script, which puts the problems over it (not "Not found").
        if let site, version == 0, Self.isPageAddress(path) {
            return await Self.noBuildYet(report: site.lastReport)
        }
        // Nothing outside the output folder, whatever the request says.
        guard !components.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return notFound(version: version) }
        var file = root + "/" + components.joined(separator: "/")
        // Folder URLs serve their index.html (the request's path arrives
        // without its trailing slash; the site's own links always have it).
        if FileSystem.isDirectory(file) {
            file += "/index.html"
        }
        guard let data = FileManager.default.contents(atPath: file) else { return notFound(version: version) }
        return response(.ok, data: data, file: file, version: version)
    }

    /// A page of the first build while it is still being written, rendered
    /// now (the same bytes the build writes), an asset already copied, or
    /// the 404 page for an address not in the site; nil for a data file,
    /// which waits for the build.
    static func earlyResponse(_ components: [Substring], from pages: EarlyPages) -> HTTPResponse? {
        guard !components.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return nil }
        var file = components.joined(separator: "/")
        if !pages.hasPage(atFile: file) { file += file.isEmpty ? "index.html" : "/index.html" }
        if let bytes = pages.page(atFile: file) { return response(.ok, data: Data(bytes), file: file, version: 0) }
        let asset = components.joined(separator: "/")
        if let staged = pages.staticFile(asset), let data = FileManager.default.contents(atPath: staged) {
            return response(.ok, data: data, file: asset, version: 0)
        }
        // Not in the site (what a static host answers), unless the build writes it later.
        guard !pages.isWrittenLater(asset), let notFound = pages.page(atFile: "404.html") else { return nil }
        return response(.notFound, data: Data(notFound), file: "404.html", version: 0)
    }

    private func notFound(version: Int) -> HTTPResponse {
        let page = root + "/404.html"
        guard let data = FileManager.default.contents(atPath: page) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"], body: Data("Not found\n".utf8))
        }
        return response(.notFound, data: data, file: page, version: version)
    }

    private func response(_ status: HTTPStatusCode, data: Data, file: String, version: Int) -> HTTPResponse {
        Self.response(status, data: data, file: file, version: version)
    }

    private static func response(_ status: HTTPStatusCode, data: Data, file: String, version: Int) -> HTTPResponse {
        let type = contentType(for: file)
        var body = data
        if type.hasPrefix("text/html") { body = injectReloadScript(into: data, version: version) }
        return HTTPResponse(statusCode: status, headers: [.contentType: type, HTTPHeader("Cache-Control"): "no-store"], body: body)
    }

    /// Adds the reload script before `</body>` (or at the end).
    static func injectReloadScript(into html: Data, version: Int) -> Data {
        let text = String(decoding: html, as: UTF8.self)
        let tag = reloadTag(version: version)
        if let range = text.range(of: "</body>", options: .backwards) {
            return Data((text[..<range.lowerBound] + tag + "\n" + text[range.lowerBound...]).utf8)
        }
        return Data((text + tag).utf8)
    }

    /// A folder, an `.html` file or a name without an extension: what a
    /// browser asks for when it opens a page (not an asset or a data file).
    static func isPageAddress(_ path: String) -> Bool {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return path.hasSuffix("/") || last.isEmpty || last.hasSuffix(".html") || !last.contains(".")
    }

    /// The page every address shows before the first good build: what
    /// happened, in plain HTML (readable without JavaScript), and the
    /// reload script, which shows the overlay and reloads once a build
    /// succeeds. 503: there is no page yet.
    static func noBuildYet(report: BuildReport?) -> HTTPResponse {
        var html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>\(report == nil ? "Building…" : "Build failed") · attache serve</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem}code,li{font-family:ui-monospace,monospace;font-size:14px}</style>
        </head>
        <body>
        <main>

        """
        if let report {
            html += "<h1>The site has not built yet</h1>\n<p>\(HTMLEscaping.escape(report.summaryLine)). This page reloads once the problems are fixed.</p>\n<ul>\n"
            for diagnostic in report.diagnostics.sorted {
                html += "<li>\(HTMLEscaping.escape(diagnostic.description))</li>\n"
            }
            html += "</ul>\n"
        } else {
            html += "<h1>Building…</h1>\n<p>This page reloads when the first build is done.</p>\n"
        }
        html += "</main>\n" + reloadTag(version: 0) + "\n</body>\n</html>\n"
        return HTTPResponse(statusCode: .serviceUnavailable,
                            headers: [.contentType: "text/html; charset=utf-8", HTTPHeader("Cache-Control"): "no-store"],
                            body: Data(html.utf8))
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
