/// The files of the content folder that are not entries (images, PDFs,
/// audio), each with where the build copies it. The linking stage resolves
/// `![](img/pic.png)` by content path and `![[pic.png]]` by file name here.
public struct AttachmentIndex: Sendable {
    /// Content-relative paths (`User interface/img/pic.png`), sorted.
    public let contentPaths: [String]
    private let outputByPath: [String: String]
    private let pathsByName: [String: [String]]

    public init(contentPaths: [String]) {
        self.contentPaths = contentPaths.sorted()
        var outputByPath: [String: String] = [:]
        var pathsByName: [String: [String]] = [:]
        for path in self.contentPaths {
            outputByPath[path] = SiteURLs.attachmentPath(contentRelativePath: path)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            pathsByName[name.lowercased(), default: []].append(path)
        }
        self.outputByPath = outputByPath
        self.pathsByName = pathsByName
    }

    public static let empty = AttachmentIndex(contentPaths: [])

    public var isEmpty: Bool { contentPaths.isEmpty }

    /// Where the file at this content-relative path is copied (relative to Output/), or nil when there is no such file.
    public func outputPath(ofContentPath path: String) -> String? { outputByPath[path] }

    /// Content paths of the files with this name (`pic.png`, compared ignoring case), in path order.
    public func contentPaths(named name: String) -> [String] { pathsByName[name.lowercased()] ?? [] }
}
