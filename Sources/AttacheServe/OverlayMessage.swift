import Foundation
import AttacheSite
import AttacheModel
import AttacheBytes

/// The message that puts a failed build's problems over every open page:
/// each problem with its source line (for the caret under its column) and
/// a link that opens the file at that line in an editor.
enum OverlayMessage {
    /// `{"type":"errors","version":N,"report":{"errors":…,"warnings":…,"diagnostics":[…]}}`;
    /// each diagnostic has `severity`, `path`, `line`, `column` (null for a
    /// whole file or folder), `message`, `stage`, and when known `source`
    /// (its line), `caret` (characters before the column) and `editor` (the link).
    static func errors(_ report: BuildReport, version: Int, editorURL: String?, readableFolders: [String],
                       workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        var lines = SourceLines(readableFolders: readableFolders)
        let diagnostics = report.diagnostics.sorted.map { d -> JSONText.Value in
            let position = d.location.hasPosition
            var members: [(String, JSONText.Value)] = [
                ("severity", .string(d.severity.rawValue)), ("path", .string(d.location.path)),
                ("line", position ? .int(d.location.line) : .null), ("column", position ? .int(d.location.column) : .null),
                ("message", .string(d.message)), ("stage", .string(d.stage.rawValue)),
            ]
            let file = d.location.path.hasPrefix("/") ? d.location.path : workingDirectory + "/" + d.location.path
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            if position, let (source, caret) = lines.line(d.location.line, column: d.location.column, of: absolute) {
                members.append(("source", .string(source)))
                members.append(("caret", .int(caret)))
            }
            if let editorURL, FileManager.default.fileExists(atPath: absolute) {
                members.append(("editor", .string(link(editorURL, path: absolute, line: max(d.location.line, 1), column: max(d.location.column, 1)))))
            }
            return .object(members)
        }
        var json = JSONText()
        json.object([
            ("type", .string("errors")), ("version", .int(version)), ("first", .bool(version == 0)),
            ("report", .object([
                ("errors", .int(report.diagnostics.errorCount)), ("warnings", .int(report.diagnostics.warningCount)),
                ("diagnostics", .array(diagnostics)),
            ])),
        ])
        return json.text
    }

    /// The editor link: `{path}` (percent-encoded, slashes kept), `{line}`, `{column}` filled in.
    static func link(_ template: String, path: String, line: Int, column: Int) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return template.replacingOccurrences(of: "{path}", with: encoded)
            .replacingOccurrences(of: "{line}", with: String(line))
            .replacingOccurrences(of: "{column}", with: String(column))
    }

    /// Lines of the files problems point at, each file read once per message,
    /// and only inside the content and templates folders.
    struct SourceLines {
        let readableFolders: [String]
        var files: [String: [Substring]] = [:]
        /// Lines are cut around the column to this many characters.
        static let width = 160

        init(readableFolders: [String]) {
            self.readableFolders = readableFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        }

        /// The line's text (cut to `width` characters around the column) and
        /// how many characters come before the column in what is returned.
        mutating func line(_ number: Int, column: Int, of path: String) -> (String, Int)? {
            guard readableFolders.contains(where: { FileSystem.isPath(path, inside: $0) }) else { return nil }
            if files[path] == nil {
                guard FileSystem.type(atPath: path) == .file, let bytes = FileSystem.readBytes(atPath: path), bytes.count <= 8 << 20 else { return nil }
                files[path] = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let lines = files[path], number >= 1, number <= lines.count else { return nil }
            var text = String(lines[number - 1])
            if text.hasSuffix("\r") { text.removeLast() }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            // Columns count UTF-8 bytes; the caret counts characters.
            let bytes = Array(text.utf8)
            let before = String(decoding: bytes.prefix(max(0, min(column - 1, bytes.count))), as: UTF8.self)
            var caret = before.count
            var characters = Array(text)
            var cutStart = false
            if caret > Self.width - 40 {
                let start = caret - (Self.width - 40)
                characters.removeFirst(min(start, characters.count))
                caret -= start
                cutStart = true
            }
            var shown = String(characters.prefix(Self.width))
            if characters.count > Self.width { shown += "…" }
            if cutStart { shown = "…" + shown; caret += 1 }
            return (shown, caret)
        }
    }
}
