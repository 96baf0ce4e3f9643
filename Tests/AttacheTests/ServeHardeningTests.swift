@testable import AttacheServe
@testable import AttacheModel
@testable import AttacheSite
import Foundation
import Testing

/// `attache serve` answers only its own pages, keeps its folder private and
/// removes it on every way of stopping, and survives its content folder
/// going away and coming back. Every request goes to 127.0.0.1.
@Suite("The dev server's hardening")
struct ServeHardeningTests {
    /// A server on a free port over a tiny site, started once "Serving on" is printed.
    struct Running {
        let server: DevServer
        let task: Task<Void, any Error>
        let port: UInt16
        let lines: LineCollector

        func get(_ path: String, method: String = "GET", headers: String? = nil) async throws -> (status: Int, head: String, body: [UInt8]) {
            let port = port
            return try await offThePool {
                let client = try LoopbackClient(port: port)
                try client.send("\(method) \(path) HTTP/1.1\r\n\(headers ?? "Host: 127.0.0.1:\(port)\r\n")Connection: close\r\n\r\n")
                let (status, head) = client.responseHead()
                return (status, head, client.bodyUntilClosed())
            }
        }

        func stop() async {
            task.cancel()
            _ = try? await task.value
        }
    }

    static func start(_ site: TestSite, temporaryFolder: String? = nil,
                      adjusting adjust: (inout DevServer.Settings) -> Void = { _ in }) async throws -> Running {
        let port = try #require(FreePort.after(UInt16.random(in: 20_000...40_000), on: "127.0.0.1"))
        var settings = DevServer.Settings(content: site.path("Content"), templates: TestSite.defaultTemplates,
                                          host: "127.0.0.1", port: port, includeDrafts: false, jobs: 2)
        adjust(&settings)
        let server = try DevServer(settings: settings, temporaryFolder: temporaryFolder ?? NSTemporaryDirectory())
        let lines = LineCollector()
        let task = Task { try await server.run { lines.add($0) } }
        for _ in 0..<200 where !lines.all.contains(where: { $0.hasPrefix("Serving on") }) {
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(lines.all.contains(where: { $0.hasPrefix("Serving on") }), "the server did not start: \(lines.all)")
        return Running(server: server, task: task, port: port, lines: lines)
    }

    /// Runs `body` against a started server and stops it afterwards, also
    /// when `body` throws, before the test (and maybe the process) ends.
    static func serving(_ site: TestSite, _ body: (Running) async throws -> Void) async throws {
        let running = try await start(site)
        do { try await body(running) } catch { await running.stop(); throw error }
        await running.stop()
    }

    // MARK: Item 6: only its own pages

    @Test func requestsForAnotherHostAreRefused() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            let port = running.port
            // "Serving on" comes once the port is bound: the first request succeeds.
            #expect(try await running.get("/strategies/a/").status == 200)
            #expect(try await running.get("/", headers: "Host: localhost:\(port)\r\n").status == 200)
            #expect(try await running.get("/", headers: "Host: [::1]:\(port)\r\n").status == 200)
            // DNS rebinding: a name the attacker controls, resolving to 127.0.0.1.
            let rebound = try await running.get("/strategies/a/", headers: "Host: attacker.example:\(port)\r\n")
            #expect(rebound.status == 403)
            #expect(!String(decoding: rebound.body, as: UTF8.self).contains("<html"))
            #expect(try await running.get("/", headers: "Host: 127.0.0.1:\(port &+ 1)\r\n").status == 403)
            #expect(try await running.get("/", headers: "Host: 127.0.0.1\r\n").status == 403)
            #expect(try await running.get("/", headers: "").status == 403, "a request without Host")
        }
    }

    @Test func webSocketUpgradesFromAnotherOriginAreRefused() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            let port = running.port
            func upgrade(origin: String?) async throws -> Int {
                try await offThePool {
                    let client = try LoopbackClient(port: port)
                    try client.send(LoopbackClient.upgradeRequest(port: port, origin: origin))
                    return client.responseHead().status
                }
            }
            #expect(try await upgrade(origin: "http://attacker.example") == 403)
            #expect(try await upgrade(origin: "http://127.0.0.1.attacker.example:\(running.port)") == 403)
            #expect(try await upgrade(origin: "null") == 403)
            #expect(try await upgrade(origin: "http://127.0.0.1:\(running.port)") == 101)
            #expect(try await upgrade(origin: "http://localhost:\(running.port)") == 101)
            // Not a browser (scripts/serve-latency): no Origin, accepted.
            #expect(try await upgrade(origin: nil) == 101)
        }
    }

    @Test func webSocketMessagesOver64KiBCloseTheSocket() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            let port = running.port
            @Sendable func connect() throws -> LoopbackClient? {
                let client = try LoopbackClient(port: port)
                try client.send(LoopbackClient.upgradeRequest(port: port, origin: "http://127.0.0.1:\(port)"))
                guard client.responseHead().status == 101 else { return nil }
                // Every page is first told the current build's version.
                guard let hello = client.receiveFrame(), String(decoding: hello.payload, as: UTF8.self).hasPrefix("{\"type\":\"hello\"") else { return nil }
                return client
            }
            // A small message is ignored and the socket stays open (a ping is answered).
            let pong = try await offThePool { () -> [UInt8]? in
                guard let client = try connect() else { return nil }
                try client.sendFrame(opcode: 0x1, payload: Array(repeating: 0x61, count: 1000))
                try client.sendFrame(opcode: 0x9, payload: [1, 2, 3])
                return client.receiveFrame().map { [$0.opcode] + $0.payload }
            }
            #expect(pong == [0xA, 1, 2, 3])

            // One frame over the limit: a close frame with 1009 (message too big), then the end.
            let big = try await offThePool { () -> (close: [UInt8]?, ended: Bool) in
                guard let client = try connect() else { return (nil, false) }
                try client.sendFrame(opcode: 0x1, payload: Array(repeating: 0x61, count: 64 * 1024 + 1))
                let close = client.receiveFrame().map { [$0.opcode] + $0.payload.prefix(2) }
                return (close, client.isClosedByServer())
            }
            #expect(big.close == [0x8, 0x03, 0xF1])
            #expect(big.ended)

            // The same message in fragments of 40 KiB each: cut at the second.
            let fragmented = try await offThePool { () -> (close: [UInt8]?, ended: Bool) in
                guard let client = try connect() else { return (nil, false) }
                try client.sendFrame(opcode: 0x2, payload: Array(repeating: 0, count: 40 * 1024), fin: false)
                try client.sendFrame(opcode: 0x0, payload: Array(repeating: 0, count: 40 * 1024), fin: true)
                let close = client.receiveFrame().map { [$0.opcode] + $0.payload.prefix(2) }
                return (close, client.isClosedByServer())
            }
            #expect(fragmented.close == [0x8, 0x03, 0xF1])
            #expect(fragmented.ended)
        }
    }

    @Test func headSendsTheHeadersOfGetWithoutTheBody() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            let get = try await running.get("/strategies/a/")
            let head = try await running.get("/strategies/a/", method: "HEAD")
            #expect(get.status == 200 && head.status == 200)
            #expect(!get.body.isEmpty)
            #expect(head.body.isEmpty, "HEAD sent \(head.body.count) bytes of body")
            #expect(head.head.lowercased().contains("content-length: \(get.body.count)"))
            #expect(try await running.get("/missing/", method: "HEAD").body.isEmpty)
        }
    }

    @Test func controlCharactersInThePathAreABadRequest() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            for path in ["/strategies/a%00/", "/strategies%00.html", "/a%0Ab", "/a%0d%0aSet-Cookie:%20x", "/a%7F", "/a%1b", "/a\u{01}b", "/a%2500"] {
                #expect(try await running.get(path).status == 400, "\(path)")
            }
            #expect(try await running.get("/strategies/a/").status == 200)
            #expect(try await running.get("/strategies/a%20b/").status == 404)
        }
    }

    // MARK: Item 5: a private folder, removed however the server stops

    @Test func theFolderIsPrivateRandomAndNeverReused() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        let temporary = site.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        // What the old predictable name let another user plant: a link to a
        // folder of theirs, which the server built into and then deleted.
        try site.write("not Attaché's", to: "Victim/keep.txt")
        try FileManager.default.createSymbolicLink(atPath: temporary + "/attache-serve-\(getpid())", withDestinationPath: site.path("Victim"))

        let folders = try (0..<20).map { _ in try PrivateFolder.create(in: temporary).path }
        #expect(Set(folders).count == 20, "a path was reused")
        for folder in folders {
            let name = (folder as NSString).lastPathComponent
            #expect(PrivateFolder.isOurName(name) && !name.contains("\(getpid())"), "\(name)")
            var status = stat()
            #expect(lstat(folder, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR)
            #expect(status.st_mode & 0o777 == 0o700, "mode \(String(status.st_mode & 0o777, radix: 8))")
        }
        folders.forEach { try? FileManager.default.removeItem(atPath: $0) }

        let running = try await Self.start(site, temporaryFolder: temporary)
        let folder = running.server.folder.path
        #expect(folder.hasPrefix(temporary + "/attache-serve-") && !folder.hasSuffix("-\(getpid())"))
        #expect(FileManager.default.fileExists(atPath: running.server.outputFolder + "/strategies/a/index.html"))
        await running.stop()
        #expect(!FileManager.default.fileExists(atPath: folder), "the folder outlived the server")
        #expect(site.read("Victim/keep.txt") == "not Attaché's")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: temporary + "/attache-serve-\(getpid())")) != nil)
    }

    /// A large site's folder is deleted by a detached process once the
    /// server has stopped (here from the first page, so a test site will do):
    /// all of it goes, the owner file last, and a link inside it is removed
    /// without touching what it points to.
    @Test func aLargeSitesFolderIsRemovedInTheBackgroundWhenTheServerStops() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A"), "Canary/keep.txt": "not Attaché's"])
        defer { site.remove() }
        let temporary = site.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let running = try await Self.start(site, temporaryFolder: temporary) { $0.backgroundRemovalMinimumPages = 1 }
        let folder = running.server.folder.path
        try FileManager.default.createSymbolicLink(atPath: folder + "/link-to-canary", withDestinationPath: site.path("Canary"))
        #expect(FileManager.default.fileExists(atPath: running.server.outputFolder + "/strategies/a/index.html"))
        await running.stop()
        var waited = 0
        while FileManager.default.fileExists(atPath: folder), waited < 400 {
            try await Task.sleep(for: .milliseconds(25))
            waited += 1
        }
        #expect(!FileManager.default.fileExists(atPath: folder), "the folder outlived the server by 10 s")
        #expect(site.read("Canary/keep.txt") == "not Attaché's")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the remover left something beside the folder")
    }

    /// Folders of killed servers are removed; anything that is not one is left alone.
    @Test func onlyFoldersOfStoppedServersAreSweptAway() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let temporary = site.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        // A pid no process has: beyond the kernel's maximum.
        let deadPID = "4194305\n"
        let stale = try PrivateFolder.create(in: temporary).path
        try Data(deadPID.utf8).write(to: URL(fileURLWithPath: stale + "/server.pid"))
        let alive = try PrivateFolder.create(in: temporary).path
        let wideOpen = try PrivateFolder.create(in: temporary).path
        try Data(deadPID.utf8).write(to: URL(fileURLWithPath: wideOpen + "/server.pid"))
        chmod(wideOpen, 0o755)
        try site.write(deadPID, to: "Victim/server.pid")
        try FileManager.default.createSymbolicLink(atPath: temporary + "/attache-serve-link00", withDestinationPath: site.path("Victim"))
        PrivateFolder.removeFoldersOfStoppedServers(in: temporary)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: alive))
        #expect(FileManager.default.fileExists(atPath: wideOpen))
        #expect(site.exists("Victim/server.pid"))
    }

    /// The real binary, stopped by each signal a terminal or a service
    /// manager sends: the folder is gone and the exit is clean.
    @Test func theFolderIsRemovedOnSigintSigtermAndSighup() async throws {
        let binary = TestSite.repositoryRoot + "/.build/debug/attache"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the binary first: swift build")
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGINT, "SIGINT")] {
            let temporary = site.path("tmp-\(name)")
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            let port = try #require(FreePort.after(UInt16.random(in: 20_000...40_000), on: "127.0.0.1"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", "--content", site.path("Content"), "--templates", TestSite.defaultTemplates,
                                 "--port", String(port), "--jobs", "2"]
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            let text = LineCollector()
            output.fileHandleForReading.readabilityHandler = { text.add(String(decoding: $0.availableData, as: UTF8.self)) }
            // Set when Foundation has recorded the exit status, not before.
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
            for _ in 0..<400 where !text.all.joined().contains("Serving on") { try await Task.sleep(for: .milliseconds(25)) }
            #expect(text.all.joined().contains("Serving on"), "\(name): \(text.all.joined())")
            let made = try FileManager.default.contentsOfDirectory(atPath: temporary)
            #expect(made.count == 1 && PrivateFolder.isOurName(made.first ?? ""), "\(name): \(made)")
            kill(process.processIdentifier, number)
            let stopped = try await offThePool { exited.wait(timeout: .now() + 10) == .success }
            if !stopped { process.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
            #expect(stopped && process.terminationStatus == 0 && process.terminationReason == .exit,
                    "\(name): status \(process.terminationStatus), reason \(process.terminationReason.rawValue): \(text.all.joined())")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [], "\(name) left the folder behind")
        }
    }

    @Test func aPortInUseIsReportedWithoutServingOnAndWithAFreePort() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        let temporary = site.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        // The port and the one after it are taken.
        let port = try #require(FreePort.after(UInt16.random(in: 20_000...40_000), on: "127.0.0.1"))
        let taken = [try Listener(port: port), try Listener(port: port + 1)]
        let server = try DevServer(settings: .init(content: site.path("Content"), templates: TestSite.defaultTemplates,
                                                   host: "127.0.0.1", port: port, includeDrafts: false, jobs: 2),
                                   temporaryFolder: temporary)
        let lines = LineCollector()
        var failure: DevServer.Failure?
        do { try await server.run { lines.add($0) } } catch let error as DevServer.Failure { failure = error }
        guard case .portInUse(_, let reported, let free)? = failure else {
            Issue.record("expected port in use, got \(String(describing: failure))")
            return
        }
        #expect(reported == port)
        #expect(!lines.all.contains(where: { $0.contains("Serving on") }), "\(lines.all)")
        let suggestion = try #require(free)
        #expect(suggestion != port + 1 && suggestion > port)
        #expect(FreePort.canBind(suggestion, on: "127.0.0.1"))
        #expect("\(failure!)".contains("--port \(suggestion)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
        _ = taken
    }

    // MARK: Item 10: the content folder goes away and comes back

    private static func waitForPage(_ running: Running, containing text: String) async throws -> Bool {
        for _ in 0..<200 {
            if let page = try? await running.get("/strategies/a/"), String(decoding: page.body, as: UTF8.self).contains(text) { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test func contentDeletedAndRestoredIsRebuiltAndWatchedAgain() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "First.")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            let saved = try FileManager.default.contentsOfDirectory(atPath: site.path("Content/strategies"))
            #expect(saved == ["a.md"])
            let siteYML = try #require(site.read("Content/site.yml"))
            let taxonomy = try #require(site.read("Content/taxonomy.yml"))
            try FileManager.default.removeItem(atPath: site.path("Content"))
            for _ in 0..<200 where !running.lines.all.contains(where: { $0.contains("content folder does not exist") }) {
                try await Task.sleep(for: .milliseconds(25))
            }
            // Restored: files written again, with a change.
            try site.write(siteYML, to: "Content/site.yml")
            try site.write(taxonomy, to: "Content/taxonomy.yml")
            try site.write(entry("A", body: "Restored."), to: "Content/strategies/a.md")
            #expect(try await Self.waitForPage(running, containing: "Restored."), "\(running.lines.all)")
            // Watched again: the next edit is picked up too.
            try site.write(entry("A", body: "Edited after the restore."), to: "Content/strategies/a.md")
            #expect(try await Self.waitForPage(running, containing: "Edited after the restore."), "\(running.lines.all)")
        }
    }

    @Test func contentMovedAwayAndBackIsRebuiltAndWatchedAgain() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "First.")])
        defer { site.remove() }
        try await Self.serving(site) { (running: Running) async throws in
            try FileManager.default.moveItem(atPath: site.path("Content"), toPath: site.path("Away"))
            for _ in 0..<200 where !running.lines.all.contains(where: { $0.contains("content folder does not exist") }) {
                try await Task.sleep(for: .milliseconds(25))
            }
            // Changed while away (the watch must not follow the folder), then moved back.
            try site.write(entry("A", body: "Changed while away."), to: "Away/strategies/a.md")
            try FileManager.default.moveItem(atPath: site.path("Away"), toPath: site.path("Content"))
            #expect(try await Self.waitForPage(running, containing: "Changed while away."), "\(running.lines.all)")
            try site.write(entry("A", body: "Edited after moving back."), to: "Content/strategies/a.md")
            #expect(try await Self.waitForPage(running, containing: "Edited after moving back."), "\(running.lines.all)")
        }
    }
}

/// Holds a port: a socket bound to 127.0.0.1 and listening, closed on deinit.
final class Listener {
    private let descriptor: Int32
    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { close(descriptor); throw POSIXError(.EADDRINUSE) }
    }
    deinit { close(descriptor) }
}
