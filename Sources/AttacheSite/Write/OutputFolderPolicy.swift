import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Decides whether a path may receive a build, before anything is created,
/// moved or deleted. A build replaces its output folder as a whole, so the
/// only folders it may replace are ones it wrote itself (they carry the
/// marker file), empty ones, and ones that hold nothing but a `.gitignore`
/// or `.gitkeep`. A home folder, a fresh `git init` or a gh-pages worktree
/// without the marker is somebody else's and is refused whatever it holds.
package enum OutputFolderPolicy {
    /// Marks a folder as an Attaché output, so a later build may replace it.
    static let markerName = ".attache-output"
    /// Files a folder may hold and still count as empty (this repository's
    /// own `Output/` holds a `.gitignore`). They are kept across builds.
    static let placeholderNames: Set<String> = [".gitignore", ".gitkeep"]

    package enum State: Equatable {
        /// Nothing at the path yet: the build creates it.
        case absent
        /// An empty folder, or one with only placeholder files.
        case empty
        /// A folder carrying the marker: a previous build's output.
        case previousOutput
    }

    /// Why a path may not receive a build; the message names the folder and what to do.
    package struct Refusal: Error, CustomStringConvertible {
        package var description: String
    }

    /// The places a build must never replace: the home folder and its
    /// ancestors, the current folder and its ancestors, and the content and
    /// templates folders with their ancestors and everything inside them.
    package struct ProtectedPlaces {
        var contentAndTemplates: [String]
        var workingDirectory: String
        var homeDirectory: String?

        static func current(contentAndTemplates: [String]) -> ProtectedPlaces {
            ProtectedPlaces(contentAndTemplates: contentAndTemplates,
                            workingDirectory: FileManager.default.currentDirectoryPath,
                            homeDirectory: homeDirectory())
        }

        /// `$HOME`, else the password database's entry for this user.
        static func homeDirectory() -> String? {
            if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
            guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
            return String(cString: directory)
        }
    }

    /// Checks `output` (absolute) against the protected places and against
    /// what it holds. Reads only: nothing is created, moved or deleted.
    static func check(_ output: String, protecting places: ProtectedPlaces) throws -> State {
        // Compare real locations: a symbolic link anywhere above the output
        // (`ln -s Content lc; --output lc/out`) must not hide where it writes.
        let realOutput = FileSystem.resolvingExistingAncestor(output)
        if realOutput == "/" {
            throw Refusal(description: "output folder \(output) is the root of the file system; refusing to replace it (choose a new or empty folder for --output)")
        }
        for folder in places.contentAndTemplates {
            let realFolder = FileSystem.resolvingExistingAncestor(FileSystem.absolutePath(folder))
            if FileSystem.isPath(realFolder, inside: realOutput) {
                throw Refusal(description: "output folder \(output) is \(realFolder == realOutput ? "the same as" : "a parent of") \(folder); refusing to replace it (choose a new or empty folder for --output)")
            }
            if FileSystem.isPath(realOutput, inside: realFolder) {
                throw Refusal(description: "output folder \(output) is inside \(folder)\(realOutput == output ? "" : " (through a symbolic link)"); choose an output folder outside the content and templates")
            }
        }
        if let home = places.homeDirectory {
            let realHome = FileSystem.resolvingExistingAncestor(FileSystem.absolutePath(home))
            if FileSystem.isPath(realHome, inside: realOutput) {
                throw Refusal(description: "output folder \(output) is \(realHome == realOutput ? "your home folder" : "a parent of your home folder"); refusing to replace it (choose a new or empty folder for --output)")
            }
        }
        let realWorking = FileSystem.resolvingExistingAncestor(FileSystem.absolutePath(places.workingDirectory))
        if FileSystem.isPath(realWorking, inside: realOutput) {
            throw Refusal(description: "output folder \(output) is \(realWorking == realOutput ? "the current folder" : "a parent of the current folder"); refusing to replace it (choose a new or empty folder for --output)")
        }

        switch FileSystem.type(atPath: output) {
        case nil:
            return .absent
        case .symlink:
            throw Refusal(description: "output folder \(output) is a symbolic link; point --output at a real folder")
        case .file, .other:
            throw Refusal(description: "output path \(output) exists and is not a folder; refusing to replace it")
        case .directory:
            break
        }
        guard let listing = FileSystem.listing(ofFolder: output) else {
            throw Refusal(description: "cannot read the output folder \(output): \(String(cString: strerror(errno))); refusing to replace it")
        }
        if listing.contains(where: { $0.name == markerName && $0.type == .file }) { return .previousOutput }
        // Every name counts, hidden ones too: `.ssh` or `.git` make a folder somebody's.
        let foreign = listing.map(\.name).filter { !placeholderNames.contains($0) }.sorted()
        if foreign.isEmpty { return .empty }
        let shown = foreign.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
        throw Refusal(description: "output folder \(output) holds files Attaché did not write (\(shown)); refusing to replace it. Choose a new or empty folder for --output; a folder is replaced only when it carries the `\(markerName)` file a build leaves (create that file to hand this folder to Attaché: its hidden entries will be kept, everything else replaced)")
    }

    /// Top-level names of an output folder that a build keeps as they are:
    /// every hidden entry (`.git` of a gh-pages worktree, `.github/`,
    /// `.well-known/`, `.nojekyll`, `.gitignore`), whatever its type.
    static func keptNames(in folder: String) -> [String] {
        (FileSystem.listing(ofFolder: folder) ?? []).map(\.name).filter { $0.hasPrefix(".") && $0 != markerName }.sorted()
    }
}
