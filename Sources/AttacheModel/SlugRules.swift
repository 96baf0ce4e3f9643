import Foundation

/// The spec's naming rules for slugs, kind keys and facet terms.
public enum SlugRules {
    /// Lowercase ASCII letters, digits and hyphens, not empty.
    public static func isValidSlug(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
    }

    /// The lowercase, hyphenated form of a free text: letters and digits kept
    /// (lowercased), every other run of characters becomes one hyphen, no
    /// hyphen at either end. `Asia-Pacific` → `asia-pacific`,
    /// `Civil–Military Relations` → `civil-military-relations`.
    public static func slugify(_ text: String) -> String {
        // ASCII text (most of it): the same rules on bytes.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            var pendingHyphen = false
            for byte in text.utf8 {
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
                if (lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")) || (lowered >= UInt8(ascii: "0") && lowered <= UInt8(ascii: "9")) {
                    if pendingHyphen && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                    pendingHyphen = false
                    bytes.append(lowered)
                } else {
                    pendingHyphen = true
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return slugifyCharacters(text)
    }

    /// A vault's file or folder name as one segment of a URL: `slugify`d
    /// (`User interface` → `user-interface`, `公式` stays `公式`), or, for a
    /// name without a letter or digit (`🌊.md`, `---`), its UTF-8 bytes in
    /// hex, so every name gets an address and the same name always the same one.
    public static func segmentSlug(_ name: String) -> String {
        let slug = slugify(name)
        if !slug.isEmpty { return slug }
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in name.utf8 {
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A tag's term slug: each level of a nested tag made a segment slug,
    /// kept apart by `/` (`Instruments/Sensors` → `instruments/sensors`).
    public static func tagSlug(_ tag: String) -> String {
        tag.split(separator: "/").map { segmentSlug(String($0)) }.joined(separator: "/")
    }

    /// A term's slug in a facet: a tag's for the `tags` facet of a vault, `slugify`'s otherwise.
    public static func termSlug(_ label: String, in facet: Facet) -> String {
        facet.isTags ? tagSlug(label) : slugify(label)
    }

    /// `slugify` for any text, one Character at a time.
    static func slugifyCharacters(_ text: String) -> String {
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(character)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }

    /// Lowercase ASCII letters and digits, hyphens between words; accents folded.
    public static func asciiSlug(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }
}
