import FlyingFox
import FlyingSocks
import Foundation
import AttacheSite
import AttacheModel

/// `attache serve`: builds into a private folder, serves it on 127.0.0.1,
/// watches the content and templates, rebuilds on change and tells open
/// pages to reload (or to show the build's problems).
public final class DevServer: Sendable {
    public struct Settings: Sendable {
        public var content: String
        public var templates: String
        public var host: String
        public var port: UInt16
        public var includeDrafts: Bool
        public var jobs: Int

        public init(content: String, templates: String, host: String, port: UInt16, includeDrafts: Bool, jobs: Int) {
            self.content = content
            self.templates = templates
            self.host = host
            self.port = port
            self.includeDrafts = includeDrafts
            self.jobs = jobs
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case portInUse(String, UInt16)
        case cannotListen(String)
        public var description: String {
            switch self {
            case .portInUse(let host, let port):
                return "port \(port) on \(host) is already in use; choose another with --port (for example --port \(port &+ 1))"
            case .cannotListen(let message): return message
            }
        }
    }

    public let settings: Settings
    public let outputFolder: String
    let site: LiveSite
    let hub = ReloadHub()

    public init(settings: Settings) {
        self.settings = settings
        outputFolder = NSTemporaryDirectory() + "attache-serve-\(getpid())/site"
        var options = BuildOptions(contentDirectory: settings.content, templatesDirectory: settings.templates,
                                   outputDirectory: outputFolder, includeDrafts: settings.includeDrafts, jobs: settings.jobs)
        options.baseURLOverride = "http://\(settings.host):\(settings.port)/"
        site = LiveSite(options: options)
    }

    /// Runs until the task is cancelled. `log` receives what the terminal shows.
    public func run(log: @escaping @Sendable (String) -> Void) async throws {
        let address: sockaddr_in
        do {
            address = try sockaddr_in.inet(ip4: settings.host, port: settings.port)
        } catch {
            throw Failure.cannotListen("cannot listen on \(settings.host): use an IPv4 address such as 127.0.0.1")
        }
        Self.removeFoldersOfStoppedServers()
        try? FileManager.default.createDirectory(atPath: (outputFolder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (outputFolder as NSString).deletingLastPathComponent) }

        let server = HTTPServer(address: address, logger: .disabled)
        await server.appendRoute("GET /__attache/live.js") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: Data(LiveReloadScript.source.utf8))
        }
        await server.appendRoute("GET /__attache/socket", to: WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: ReloadSocket(hub: hub, site: site))))
        await server.appendRoute("GET,HEAD *", to: OutputFileHandler(root: outputFolder))

        let watcher = FileWatcher(folders: [settings.content, settings.templates].map(FileSystem.absolutePath)) { [site, hub] paths in
            Task {
                let start = ContinuousClock.now
                let result: BuildReport
                var what = "rebuilt"
                if let paths {
                    let (report, outcome) = await site.update(changedPaths: paths)
                    // Editor backups and other files no build reads: nothing to do.
                    if outcome == .updated([]) { return }
                    if case .updated(let files) = outcome { what = "updated \(files.count) file\(files.count == 1 ? "" : "s")" }
                    result = report
                } else {
                    result = await site.rebuild()
                }
                let message = await site.message()
                await hub.broadcast(message)
                let elapsed = ContinuousClock.now - start
                let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                let summary = what == "rebuilt" ? result.summaryLine : "One entry's text changed"
                log(result.diagnostics.formattedText() + summary + " (\(what) and announced in " + String(format: "%.0f ms)", milliseconds))
            }
        }
        // Watch before the first build: a file saved while it runs is then
        // picked up by an update right after it (updates wait for the build).
        watcher.start()
        await report(await site.rebuild(), log: log)
        log("Serving on http://\(settings.host):\(settings.port)/ (watching \(settings.content) and \(settings.templates)\(watcher.usesPolling ? " by polling" : ""); Ctrl-C to stop)")
        do {
            try await server.run()
        } catch let error as SocketError {
            if case .failed(_, let code, _) = error, code == EADDRINUSE { throw Failure.portInUse(settings.host, settings.port) }
            throw Failure.cannotListen("cannot listen on \(settings.host):\(settings.port): \(error)")
        }
    }

    /// Private folders left by servers that were killed before they could clean up.
    static func removeFoldersOfStoppedServers() {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("attache-serve-") {
            guard let pid = Int32(name.dropFirst("attache-serve-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: temporary + name) }
        }
    }

    private func report(_ result: BuildReport, log: @Sendable (String) -> Void) async {
        log(result.diagnostics.formattedText() + result.summaryLine)
    }
}
