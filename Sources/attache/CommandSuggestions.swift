import ArgumentParser
import AttacheModel

/// "did you mean `build`?" for a word where a command is expected.
/// `attache biuld` would otherwise reach `build`, the default command, as
/// an unexpected argument. (No default command takes positional arguments,
/// so a word that names no command is always a mistake.)
enum CommandSuggestions {
    /// The message for the first word that should name a command and does
    /// not, or nil when the words are for ArgumentParser to read.
    static func problem(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var commands: [CommandConfiguration] = [root.configuration]
        var path = ["attache"]
        for word in arguments {
            // Options, `--`, and what follows them: ArgumentParser's.
            if word.hasPrefix("-") || word == "help" { return nil }
            let subcommands = commands[commands.count - 1].subcommands
            if subcommands.isEmpty { return nil }
            let names = subcommands.map { type -> String in type._commandName }
            if let index = names.firstIndex(of: word) {
                commands.append(subcommands[index].configuration)
                path.append(word)
                continue
            }
            let near = Suggestions.nearest(to: word, among: names, limit: 1)
            let prefix = path.joined(separator: " ")
            let hint = near.first.map { "; did you mean `\(prefix) \($0)`?" } ?? ""
            return "unknown command `\(word)`\(hint)\nThe commands: \(names.joined(separator: ", ")) (see `\(prefix) --help`)."
        }
        return nil
    }
}
