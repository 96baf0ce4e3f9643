import Foundation
import AttacheModel
import AttacheTheme

/// `attache theme eject [DIR]`: writes the built-in theme out as files to
/// edit. A file that is already there is never replaced: one with the
/// built-in bytes is counted as present, any other is kept and listed.
public enum ThemeEject {
    public struct Result: Sendable {
        /// The folder, absolute.
        public var folder: String
        public var written: [String] = []
        /// Already there with the built-in theme's bytes.
        public var identical: [String] = []
        /// Already there and different: left as they are.
        public var kept: [String] = []
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func eject(to folder: String) throws -> Result {
        let root = FileSystem.absolutePath(folder)
        if let type = FileSystem.type(atPath: root), type != .directory {
            throw Failure(description: "\(folder) exists and is not a folder")
        }
        var result = Result(folder: root)
        for path in BuiltInTheme.paths {
            guard let bytes = BuiltInTheme.contents(of: path) else { continue }
            let target = root + "/" + path
            do {
                switch try NewFile.write(bytes, to: target) {
                case .written: result.written.append(path)
                case .exists:
                    if FileSystem.readBytes(atPath: target) == bytes { result.identical.append(path) } else { result.kept.append(path) }
                }
            } catch let failure as NewFile.Failure {
                throw Failure(description: failure.description)
            } catch {
                throw Failure(description: "cannot create \((target as NSString).deletingLastPathComponent): \(error.localizedDescription)")
            }
        }
        return result
    }
}
