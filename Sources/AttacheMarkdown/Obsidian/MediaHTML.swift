import AttacheModel
import AttacheBytes

/// The element an embedded attachment is shown with. Sizes are attributes,
/// never `style` (the theme's Content-Security-Policy allows no inline
/// style but three hashed values). A PDF is shown in an `<iframe>` (the
/// policy forbids `<object>` and `<embed>` but allows same-origin frames),
/// with a link to open it beside; audio and video carry a link for
/// browsers that cannot play them.
enum MediaHTML {
    static func html(for media: MediaEmbed) -> String {
        let url = HTMLEscaping.escape(media.url)
        let text = HTMLEscaping.escape(media.text)
        var size = ""
        if let width = media.width { size += " width=\"\(width)\"" }
        if let height = media.height { size += " height=\"\(height)\"" }
        switch media.kind {
        case .image:
            return "<img src=\"\(url)\" alt=\"\(text)\"\(size)>"
        case .audio:
            return "<audio controls src=\"\(url)\"><a href=\"\(url)\">\(text)</a></audio>"
        case .video:
            return "<video controls src=\"\(url)\"\(size)><a href=\"\(url)\">\(text)</a></video>"
        case .pdf:
            return "<span class=\"embed-pdf\"><iframe src=\"\(url)\" title=\"\(text)\"\(size)></iframe><a href=\"\(url)\">\(text)</a></span>"
        }
    }
}
