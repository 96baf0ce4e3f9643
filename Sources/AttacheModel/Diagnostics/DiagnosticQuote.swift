/// Source text quoted in a message (a title, a slug, a link target, a YAML
/// value) is cut to its first 80 characters and an ellipsis: a whole pasted
/// paragraph or a generated 1 MB line would bury the message itself.
package enum DiagnosticQuote {
    package static let maximumCharacters = 80

    package static func quote(_ text: some StringProtocol) -> String {
        // Most quotes are short: counting bytes first skips grapheme
        // segmentation for them (a character is at least one byte).
        guard text.utf8.count > maximumCharacters else { return String(text) }
        guard let cut = text.index(text.startIndex, offsetBy: maximumCharacters, limitedBy: text.endIndex), cut < text.endIndex else {
            return String(text)
        }
        return String(text[..<cut]) + "…"
    }
}
