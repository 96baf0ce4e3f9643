import FlyingFox
import FlyingSocks
import Foundation
import AttacheSite
import AttacheModel

/// `attache serve`: builds into a private folder, serves it on 127.0.0.1,
/// watches the content and templates, rebuilds on change and tells open
/// pages to reload (or to show the build's problems). Only requests
/// addressed to the server itself are answered (see LocalRequestGuard).
public final class DevServer: Sendable {
    /// Where a problem in the overlay links to by default: Visual Studio Code
    /// (`{path}` is absolute, so it starts with the slash the URL needs).
    public static let defaultEditorURL = "vscode://file{path}:{line}:{column}"

    public struct Settings: Sendable {
        public var content: String
        /// A folder whose files replace the built-in theme's; nil for the built-in theme alone.
        public var templates: String?
        /// False for the usual Templates/ beside the content (a missing one means the built-in theme).
        public var templatesMustExist = true
        public var host: String
        /// 0: any free port, the one the system gives.
        public var port: UInt16
        public var includeDrafts: Bool
        public var jobs: Int
        /// `--broken-links`: replaces site.yml's `broken_links`.
        public var brokenLinks: BrokenLinkPolicy?
        /// Open the site in the browser (xdg-open) once the port is bound.
        public var opensBrowser = false
        /// The overlay's link for each problem ({path}, {line}, {column}); nil for none.
        public var editorURL: String? = DevServer.defaultEditorURL
        /// Colours for the terminal lines.
        public var colors = TerminalStyle(enabled: false)
        /// From this many pages on, pages are served while the first build
        /// still writes them (see EarlyPages); a smaller site is served once built.
        public var earlyPagesMinimumPages = 2_000
        /// From this many pages, the server's folder is deleted by a detached
        /// process when the server stops (see PrivateFolder.remove).
        public var backgroundRemovalMinimumPages = 4_096

        public init(content: String, templates: String?, host: String, port: UInt16, includeDrafts: Bool, jobs: Int) {
            self.content = content
            self.templates = templates
            self.host = host
            self.port = port
            self.includeDrafts = includeDrafts
            self.jobs = jobs
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        /// The port, and a port that was free when this was reported.
        case portInUse(String, UInt16, free: UInt16?)
        case cannotListen(String)
        public var description: String {
            switch self {
            case .portInUse(let host, let port, let free):
                let hint = free.map { " (port \($0) is free: --port \($0))" } ?? ""
                return "port \(port) on \(host) is already in use; choose another with --port\(hint)"
            case .cannotListen(let message): return message
            }
        }
    }

    public let settings: Settings
    /// The private folder (random name, mode 0700); the site is built into
    /// its `site` subfolder. Removed when `run` returns.
    public let folder: PrivateFolder
    public var outputFolder: String { folder.path + "/site" }
    let site: LiveSite
    let hub = ReloadHub()
    let early = EarlyPagesHolder()

    /// Creates the private folder in `temporaryFolder` (the system's by default).
    public init(settings: Settings, temporaryFolder: String = NSTemporaryDirectory()) throws {
        self.settings = settings
        PrivateFolder.removeFoldersOfStoppedServers(in: temporaryFolder)
        folder = try PrivateFolder.create(in: temporaryFolder)
        var options = BuildOptions(contentDirectory: settings.content, templatesDirectory: settings.templates,
                                   outputDirectory: folder.path + "/site", includeDrafts: settings.includeDrafts, jobs: settings.jobs)
        options.templatesDirectoryMustExist = settings.templatesMustExist
        options.baseURLOverride = "http://\(settings.host):\(settings.port)/"
        options.brokenLinksOverride = settings.brokenLinks
        site = LiveSite(options: options, editorURL: settings.editorURL)
    }

    /// The folders watched: the content, and the templates folder when one is named.
    var watchedFolders: [String] { [settings.content] + (settings.templates.map { [$0] } ?? []) }

    /// Runs until the task is cancelled, then removes the private folder
    /// (also when it fails). `log` receives what the terminal shows.
    public func run(log: @escaping @Sendable (String) -> Void) async throws {
        let watcher = FileWatcher(folders: watchedFolders.map(FileSystem.absolutePath)) { [self] paths in
            Task { await self.refresh(changedPaths: paths, log: log) }
        }
        do {
            try await serve(watcher: watcher, log: log)
        } catch {
            await close(watcher)
            throw error
        }
        await close(watcher)
    }

    private func serve(watcher: FileWatcher, log: @escaping @Sendable (String) -> Void) async throws {
        let address: sockaddr_in
        do {
            address = try sockaddr_in.inet(ip4: settings.host, port: settings.port)
        } catch {
            throw Failure.cannotListen("cannot listen on \(settings.host): use an IPv4 address such as 127.0.0.1")
        }
        var routes = RoutedHTTPHandler()
        routes.appendRoute("GET /__attache/live.js") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: Data(LiveReloadScript.source.utf8))
        }
        let socket = MessageSizeLimit(inner: MessageFrameWSHandler(handler: ReloadSocket(hub: hub, site: site)))
        routes.appendRoute("GET /__attache/socket", to: WebSocketHTTPHandler(handler: socket))
        routes.appendRoute("GET,HEAD *", to: OutputFileHandler(root: outputFolder, site: site, early: early))
        let guardHandler = LocalRequestGuard(boundHost: settings.host, port: settings.port, inner: routes)
        let server = HTTPServer(address: address, logger: .disabled, handler: guardHandler)

        try await withThrowingTaskGroup(of: Bool.self) { group in
            // true once the port is bound; false when the server stopped.
            group.addTask { try await server.run(); return false }
            group.addTask { try await server.waitUntilListening(timeout: 60); return true }
            do {
                guard try await group.next() == true else { return }
            } catch let error as SocketError {
                if case .failed(_, let code, _) = error, code == EADDRINUSE {
                    throw Failure.portInUse(settings.host, settings.port, free: FreePort.after(settings.port, on: settings.host))
                }
                throw Failure.cannotListen("cannot listen on \(settings.host):\(settings.port): \(error)")
            }
            // `--port 0`: the port the system chose, for links, the Host check and the log.
            var port = settings.port
            if case .ip4(_, let bound)? = await server.listeningAddress { port = bound }
            if port != settings.port {
                guardHandler.allow(port: port)
                await site.serve(atBaseURL: "http://\(settings.host):\(port)/")
            }
            let address = "http://\(settings.host):\(port)/"
            // A large site's pages are answered as soon as they can be
            // rendered, while the first build writes them.
            await site.publishEarlyPages { [early, settings] pages in
                guard pages.pageCount >= settings.earlyPagesMinimumPages, early.publish(pages) else { return }
                log("Pages ready on \(settings.colors.bold(address)) while the first build writes them")
            }
            // Watch before the first build: a file saved while it runs is then
            // picked up by an update right after it (updates wait for the build).
            watcher.start()
            let firstBuild = await site.refresh(changedPaths: nil)
            early.close()
            if let (report, _) = firstBuild {
                log(report.diagnostics.formattedText(settings.colors) + report.summaryLine)
            }
            try Task.checkCancellation()
            let display = DisplayPaths()
            let watched = watchedFolders.map { FileSystem.absolutePath($0) }.filter(FileSystem.isDirectory).map { display.display($0) }
            let theme = settings.templates.map { FileSystem.isDirectory(FileSystem.absolutePath($0)) } == true ? "" : "; the built-in theme"
            log("Serving on \(settings.colors.bold(address)) (watching \(watched.isEmpty ? "nothing yet" : watched.joined(separator: " and "))\(watcher.usesPolling ? " by polling" : "")\(theme); Ctrl-C to stop)")
            if settings.opensBrowser, let problem = BrowserOpener.open(address) { log(problem) }
            do {
                _ = try await group.next()
            } catch where Task.isCancelled {
                // Stopping closes the listening socket, and FlyingFox may
                // report that as a disconnection rather than a cancellation.
                throw CancellationError()
            } catch {
                throw Failure.cannotListen("the server on \(settings.host):\(settings.port) stopped: \(error)")
            }
        }
    }

    /// Stops watching, waits for a build in progress, and removes the folder.
    private func close(_ watcher: FileWatcher) async {
        watcher.stop()
        await site.stop()
        // A first build stopped halfway has no report, but did say how many pages it writes.
        let pages = max(await site.lastReport?.pagesWritten ?? 0, early.publishedPageCount)
        folder.remove(inBackground: pages >= settings.backgroundRemovalMinimumPages)
    }

    private func refresh(changedPaths paths: Set<String>?, log: @Sendable (String) -> Void) async {
        let start = ContinuousClock.now
        guard let (result, outcome) = await site.refresh(changedPaths: paths) else { return }
        var what = "rebuilt"
        // Editor backups and other files no build reads: nothing to do.
        if outcome == .updated([]) { return }
        if case .updated(let files) = outcome { what = "updated \(files.count) file\(files.count == 1 ? "" : "s")" }
        let message = await site.message()
        await hub.broadcast(message)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let summary = what == "rebuilt" ? result.summaryLine : "One entry's text changed"
        log(result.diagnostics.formattedText(settings.colors) + summary + " (\(what) and announced in " + String(format: "%.0f ms)", milliseconds))
    }
}
