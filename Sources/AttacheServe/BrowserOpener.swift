import Foundation

/// `attache serve --open`: hands the address to xdg-open, the desktop's
/// way to open a URL in the user's browser. Without xdg-open (a server, a
/// container) nothing is started and a note says so; the server runs on.
enum BrowserOpener {
    /// Starts `xdg-open URL` with no terminal input or output and does not
    /// wait for it; nil when it started, else a note for the terminal.
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let opener = executable(named: "xdg-open", path: environment["PATH"] ?? "/usr/bin:/bin") else {
            return "--open: xdg-open was not found; open \(url) in a browser yourself"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "--open: could not start \(opener): \(error.localizedDescription); open \(url) in a browser yourself"
        }
        // Reaped when it exits (Foundation waits for it on its own thread).
        return nil
    }

    /// The first executable file of that name in PATH's folders.
    static func executable(named name: String, path: String) -> String? {
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
