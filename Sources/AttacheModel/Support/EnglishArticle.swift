/// "a strategy", "an organization": the indefinite article by how the noun
/// sounds, for messages that name a kind.
public enum EnglishArticle {
    /// Words spelled with a vowel that start with a consonant sound ("a
    /// unit", "a European", "a one-off"), and the silent h's ("an hour").
    static let consonantSounds = ["uni", "use", "usu", "uti", "eu", "one", "once", "ubi", "ura", "ure", "uro"]
    static let vowelSounds = ["hour", "honest", "honor", "honour", "heir"]

    /// `noun` with "a" or "an" before it.
    public static func with(_ noun: String) -> String { article(for: noun) + " " + noun }

    public static func article(for noun: String) -> String {
        let word = noun.lowercased()
        if vowelSounds.contains(where: word.hasPrefix) { return "an" }
        if consonantSounds.contains(where: word.hasPrefix) { return "a" }
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
