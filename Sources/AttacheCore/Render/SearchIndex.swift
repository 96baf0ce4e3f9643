/// The built-in full-text search index, split so a page downloads only what
/// one query needs (the idea Pagefind uses):
///
///     search/meta.json             {"version","count","chunk","shards":[…]}
///     search/docs/<n>.json         entries n*chunk …: [[title, url, kind, summary], …]
///
/// URLs are relative to the site root (search.js puts the root in front).
///     search/terms/<hex>.json      {"_docs": {"doc": [title, url, kind]}, "term": [doc, score, …], …}
///
/// A term shard holds every term starting with the same two characters; its
/// file name is the hex of their UTF-8 bytes. Scores rank title words (100)
/// and aliases (80) above summaries (20), headings (10) and body words (one
/// per use, at most 10). Each term keeps its best postings only (see
/// `postingCap`), so a shard stays small even on very large sites.
struct SearchIndex {
    static let chunkSize = 100
    static let postingCap = 1_000
    static let shardBudget = 300_000
    static let stopWords: Set<String> = ["the", "and", "of", "to", "in", "is", "for", "on", "as", "by", "with", "an", "at",
                                         "or", "it", "its", "be", "are", "was", "from", "that", "this", "which", "their"]

    struct Document {
        var title: String
        var url: String
        var kind: String
        var summary: String
        var aliases: [String]
        var headings: [String]
        var text: String
    }

    /// The documents, in entry order.
    private(set) var documents: [Document]
    /// Each document's terms and scores (arrays: half the memory of dictionaries).
    private var termsOfDocument: [[(String, Int)]]
    /// Term → postings in document order.
    private var postings: [String: [(doc: Int, score: Int)]] = [:]
    /// Shard key → its terms.
    private var shards: [String: Set<String>] = [:]

    init(documents: [Document], jobs: Int) {
        self.documents = documents
        // Per entry: its terms and scores (parallel), then merged in entry order.
        termsOfDocument = parallelMap(documents.count, jobs: jobs) { Array(Self.scores(of: documents[$0])) }
        for (doc, terms) in termsOfDocument.enumerated() {
            for (term, score) in terms { postings[term, default: []].append((doc, score)) }
        }
        for term in postings.keys { shards[Self.shardKey(term), default: []].insert(term) }
    }

    /// A term's score in one document: title words 100, aliases 80, summary
    /// 20, headings 10, body words one per use up to 10, summed.
    static func scores(of document: Document) -> [String: Int] {
        var scores: [String: Int] = [:]
        func add(_ text: String, weight: Int, once: Bool) {
            for token in tokens(text) {
                if once { scores[token] = max(scores[token] ?? 0, weight) } else { scores[token, default: 0] += weight }
            }
        }
        var body: [String: Int] = [:]
        for token in tokens(document.text) { body[token, default: 0] += 1 }
        for (token, count) in body { scores[token, default: 0] += min(count, 10) }
        for heading in document.headings { add(heading, weight: 10, once: true) }
        add(document.summary, weight: 20, once: true)
        for alias in document.aliases { add(alias, weight: 80, once: true) }
        add(document.title, weight: 100, once: true)
        return scores
    }

    /// Every file of the index: relative path → contents.
    func files(jobs: Int) -> [(String, String)] {
        let shardKeys = shards.keys.sorted()
        // Shards are independent: serialise them in parallel.
        var files: [(String, String)] = parallelMap(shardKeys.count, jobs: jobs) { shardFile(shardKeys[$0]) }
        var chunk = 0
        while chunk * Self.chunkSize < documents.count {
            var writer = JSONText()
            writer.raw("[")
            for (offset, document) in documents[(chunk * Self.chunkSize)..<min(documents.count, (chunk + 1) * Self.chunkSize)].enumerated() {
                if offset > 0 { writer.raw(",\n") }
                writer.raw("[")
                writer.string(document.title); writer.raw(",")
                writer.string(document.url); writer.raw(",")
                writer.string(document.kind); writer.raw(",")
                writer.string(document.summary)
                writer.raw("]")
            }
            writer.raw("]")
            files.append(("search/docs/\(chunk).json", writer.text))
            chunk += 1
        }
        files.append(metaFile())
        return files
    }

    func metaFile() -> (String, String) {
        var meta = JSONText()
        meta.object([("version", .int(1)), ("count", .int(documents.count)), ("chunk", .int(Self.chunkSize)),
                     ("shards", .strings(shards.keys.sorted()))])
        return ("search/meta.json", meta.text)
    }

    /// One term shard, integers appended as bytes (string interpolation per
    /// posting was the cost).
    func shardFile(_ key: String) -> (String, String) {
        let terms = (shards[key] ?? []).sorted()
        let postingCap = Self.postingCap, shardBudget = Self.shardBudget
        var cap = postingCap
        var bytes: [UInt8] = []
        while true {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(UInt8(ascii: "{"))
            // Title and alias matches are what a query usually shows first:
            // their titles, URLs and kinds travel with the shard, so results
            // appear without waiting for a document chunk.
            var titled = Set<Int>()
            for term in terms { for posting in postings[term]! where posting.score >= 80 { titled.insert(posting.doc) } }
            var docs = JSONText()
            docs.raw("\"_docs\":{")
            for (n, doc) in titled.sorted().enumerated() {
                if n > 0 { docs.raw(",") }
                docs.raw("\"\(doc)\":[")
                docs.string(documents[doc].title); docs.raw(",")
                docs.string(documents[doc].url); docs.raw(",")
                docs.string(documents[doc].kind)
                docs.raw("]")
            }
            docs.raw("}")
            bytes.append(contentsOf: docs.text.utf8)
            for term in terms {
                bytes.append(UInt8(ascii: ","))
                var quoted = JSONText()
                quoted.string(term)
                bytes.append(contentsOf: quoted.text.utf8)
                bytes.append(contentsOf: ":[".utf8)
                var list = postings[term]!
                if list.count > cap {
                    // Keep the best postings, then restore entry order.
                    list.sort { (a: (doc: Int, score: Int), b: (doc: Int, score: Int)) -> Bool in
                        a.score != b.score ? a.score > b.score : a.doc < b.doc
                    }
                    list = Array(list.prefix(cap)).sorted { (a: (doc: Int, score: Int), b: (doc: Int, score: Int)) -> Bool in a.doc < b.doc }
                }
                for (n, posting) in list.enumerated() {
                    if n > 0 { bytes.append(UInt8(ascii: ",")) }
                    Self.appendDecimal(posting.doc, to: &bytes)
                    bytes.append(UInt8(ascii: ","))
                    Self.appendDecimal(posting.score, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
            bytes.append(UInt8(ascii: "}"))
            if bytes.count <= shardBudget || cap <= 100 { break }
            cap /= 2
        }
        return ("search/terms/\(Self.hex(key)).json", String(decoding: bytes, as: UTF8.self))
    }

    /// Replaces one document (its title, kind and URL must stay the same, so
    /// the document chunks do not change) and returns the files to write and
    /// the files to delete: only shards holding a term whose score for this
    /// document changed, and meta.json when shards appear or disappear.
    mutating func replaceDocument(_ doc: Int, with document: Document) -> (write: [(String, String)], delete: [String]) {
        let old = Dictionary(termsOfDocument[doc], uniquingKeysWith: { first, _ in first })
        let new = Self.scores(of: document)
        documents[doc] = document
        termsOfDocument[doc] = Array(new)
        var touchedShards = Set<String>()
        let keysBefore = Set(shards.keys)
        for (term, score) in old where new[term] != score {
            touchedShards.insert(Self.shardKey(term))
            var list = postings[term] ?? []
            if let position = Self.position(of: doc, in: list), list[position].doc == doc { list.remove(at: position) }
            if list.isEmpty {
                postings[term] = nil
                let key = Self.shardKey(term)
                shards[key]?.remove(term)
                if shards[key]?.isEmpty == true { shards[key] = nil }
            } else {
                postings[term] = list
            }
        }
        for (term, score) in new where old[term] != score {
            touchedShards.insert(Self.shardKey(term))
            var list = postings[term] ?? []
            list.insert((doc, score), at: Self.position(of: doc, in: list) ?? list.count)
            postings[term] = list
            shards[Self.shardKey(term), default: []].insert(term)
        }
        var write: [(String, String)] = []
        var delete: [String] = []
        for key in touchedShards.sorted() {
            if shards[key] != nil { write.append(shardFile(key)) } else { delete.append("search/terms/\(Self.hex(key)).json") }
        }
        if Set(shards.keys) != keysBefore { write.append(metaFile()) }
        return (write, delete)
    }

    /// Index of the first posting for `doc` or later (postings are in document order).
    private static func position(of doc: Int, in list: [(doc: Int, score: Int)]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].doc < doc { low = middle + 1 } else { high = middle }
        }
        return low < list.count ? low : nil
    }

    /// The same files as scripts (`search/meta.js` …) that pass their data to
    /// `attacheSearchData(path, data)`: browsers refuse `fetch()` on pages
    /// opened from disk but still run scripts, so `files`-style sites can
    /// search from `file://` too.
    static func scriptFiles(for files: [(String, String)]) -> [(String, String)] {
        files.compactMap { path, text in
            guard path.hasPrefix("search/"), path.hasSuffix(".json") else { return nil }
            var name = JSONText()
            name.string(String(path.dropFirst("search/".count)))
            return (String(path.dropLast(".json".count)) + ".js", "attacheSearchData(" + name.text + "," + text + ");\n")
        }
    }

    /// Lowercased words of two or more characters, stop words dropped. ASCII
    /// is handled byte by byte; any non-ASCII byte counts as part of a word
    /// (so accented and non-Latin words are kept whole). search.js splits the
    /// same way.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = -1
            var nonASCII = false
            func flush(_ end: Int) {
                defer { start = -1; nonASCII = false }
                guard start >= 0, end - start >= 2 else { return }
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                var token: String
                if nonASCII {
                    token = String(decoding: slice, as: UTF8.self).lowercased()
                    if token.unicodeScalars.count < 2 { return }
                } else {
                    token = String(unsafeUninitializedCapacity: slice.count) { buffer in
                        for (i, byte) in slice.enumerated() { buffer[i] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
                        return slice.count
                    }
                }
                // Stop words are all short: skip the set lookup for longer tokens.
                if token.utf8.count <= 5, stopWords.contains(token) { return }
                result.append(token)
            }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
                    if start < 0 { start = index }
                case 0x80...0xFF:
                    if start < 0 { start = index }
                    nonASCII = true
                default:
                    flush(index)
                }
            }
            flush(bytes.count)
        }
        return result
    }

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: [UInt8] = []
        var rest = value
        while rest > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes.append(contentsOf: digits.reversed())
    }

    /// The first two characters (Unicode scalars) of a term.
    static func shardKey(_ term: String) -> String {
        String(String.UnicodeScalarView(term.unicodeScalars.prefix(2)))
    }

    static func hex(_ text: String) -> String {
        text.utf8.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }
}
