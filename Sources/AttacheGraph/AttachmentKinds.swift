import AttacheMarkdown

/// The files Obsidian shows when embedded, by extension, and the other
/// files a link may name.
enum AttachmentKinds {
    static let images: Set<String> = ["avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"]
    static let audio: Set<String> = ["flac", "m4a", "mp3", "ogg", "wav", "3gp"]
    static let video: Set<String> = ["mkv", "mov", "mp4", "ogv", "webm"]
    /// Linked, never shown inline.
    static let documents: Set<String> = ["csv", "docx", "epub", "json", "odp", "ods", "odt", "pptx", "txt", "xlsx", "zip"]

    /// How an embedded file of this extension is shown; nil: as a link.
    static func kind(ofExtension ext: String) -> MediaEmbed.Kind? {
        if images.contains(ext) { return .image }
        if video.contains(ext) { return .video }
        if audio.contains(ext) { return .audio }
        if ext == "pdf" { return .pdf }
        return nil
    }

    static func isKnown(_ ext: String) -> Bool { kind(ofExtension: ext) != nil || documents.contains(ext) }
}
