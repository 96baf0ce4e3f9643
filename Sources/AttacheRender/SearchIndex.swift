import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes
/// The built-in full-text search index, split so a page downloads only what
/// one query needs (the idea Pagefind uses):
///
///     search/meta.json             {"version","count","chunk","textChunk","shards":[…]}
///     search/docs/<n>.json         entries n*chunk …: [[title, url, kind, summary], …]
///     search/text/<n>.json         entries n*textChunk …: [body text (its first `excerptLength` bytes), …]
///
/// URLs are relative to the site root (search.js puts the root in front).
///     search/terms/<hex>.json      {"_docs": {"doc": [title, url, kind, aliases?]}, "term": [doc, score, …], …}
///
/// A term shard holds every term starting with the same two characters; its
/// file name is the hex of their UTF-8 bytes. Scores rank title words (100)
/// and aliases (80) above summaries (20), headings (10) and body words (one
/// per use, at most 10). Each term keeps its best postings only (see
/// `postingCap`), so a shard stays small even on very large sites.
package struct SearchIndex {
    static let chunkSize = 100
    /// Body text for result snippets comes in smaller chunks than the
    /// documents: a result list shows eight entries, usually from eight
    /// chunks, and each chunk holds 20 excerpts of at most `excerptLength` bytes.
    static let textChunkSize = 20
    static let excerptLength = 1_200
    static let postingCap = 1_000
    static let shardBudget = 300_000
    static let stopWords: Set<String> = ["the", "and", "of", "to", "in", "is", "for", "on", "as", "by", "with", "an", "at",
                                         "or", "it", "its", "be", "are", "was", "from", "that", "this", "which", "their"]

    package struct Document {
        var title: String
        var url: String
        var kind: String
        var summary: String
        var aliases: [String]
        var headings: [String]
        /// The body's words (RenderedMarkdown.text), as UTF-8.
        var text: [UInt8]
        /// The result snippet (`excerpt(text)`), when it was made while the
        /// body was parsed and `text` is no longer kept.
        package var excerpt: String?

        package init(title: String, url: String, kind: String, summary: String, aliases: [String], headings: [String], text: [UInt8]) {
            self.title = title
            self.url = url
            self.kind = kind
            self.summary = summary
            self.aliases = aliases
            self.headings = headings
            self.text = text
        }
    }

    /// The documents, in entry order.
    private(set) var documents: [Document]
    /// Every term ever seen, by id; `idOfTerm` is the reverse.
    private var terms: [String] = []
    private var idOfTerm: [String: Int] = [:]
    /// Each document's term ids and scores (for replacing one document).
    private var termsOfDocument: [[(term: Int32, score: Int32)]] = []
    /// One document's score for a term. Two 32-bit numbers, not two `Int`s:
    /// a 10,000-entry site has over two million postings, and they are the
    /// largest thing a build holds while it renders.
    package struct Posting: Equatable {
        var doc: Int32
        var score: Int32
        init(doc: Int, score: Int) {
            self.doc = Int32(doc)
            self.score = Int32(score)
        }
    }

    /// Per term id, its postings in document order (empty once no document has it).
    private var postings: [[Posting]] = []
    /// Shard key → ids of its terms.
    private var shards: [String: Set<Int>] = [:]

    /// `keepsDocumentTerms`: keep each document's terms, which only
    /// `replaceDocument` needs (a live server); a plain build skips them.
    package init(documents: [Document], jobs: Int, keepsDocumentTerms: Bool = true) {
        let collector = SearchTermCollector()
        let scored = parallelMap(documents.count, jobs: jobs) { collector.score(documents[$0]) }
        self.init(documents: documents, scored: scored, terms: collector.terms, keepsDocumentTerms: keepsDocumentTerms)
    }

    /// The index from documents scored as their bodies were parsed
    /// (`SearchTermCollector`, which names `terms`); `documents` need no text.
    ///
    /// Without `keepsDocumentTerms` (a build that keeps nothing) a term keeps
    /// only the postings its shard can ever write: its best `postingCap`
    /// (`best`), and every title or alias match (score 80 or more), which
    /// the shard lists in `_docs`. The files are the same bytes; the index
    /// holds a thousand postings for a word in every entry, not one per entry.
    package init(documents: [Document], scored: [SearchTermCollector.Scored], terms: [String], keepsDocumentTerms: Bool) {
        self.documents = documents
        self.terms = terms
        if keepsDocumentTerms {
            idOfTerm = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, $0) })
        }
        var counts = [Int](repeating: 0, count: terms.count)
        for document in scored { for term in document.terms { counts[Int(term)] += 1 } }
        // Per term: postings with a score above `cut` are kept, and `atCut`
        // of those with exactly `cut` (the earliest), as `best` chooses.
        var cut = [Int32](repeating: -1, count: terms.count)
        var atCut = [Int](repeating: 0, count: terms.count)
        var kept = counts
        if !keepsDocumentTerms {
            // A count per score (0 to 255) for each term over the cap, in one flat array.
            var row = [Int](repeating: -1, count: terms.count)
            var capped: [Int] = []
            for (term, count) in counts.enumerated() where count > Self.postingCap {
                row[term] = capped.count
                capped.append(term)
            }
            if !capped.isEmpty {
                var countOfScore = [Int](repeating: 0, count: capped.count * 256)
                for document in scored {
                    for (term, score) in zip(document.terms, document.scores) where row[Int(term)] >= 0 {
                        countOfScore[row[Int(term)] * 256 + Int(score)] += 1
                    }
                }
                for (n, term) in capped.enumerated() {
                    var above = 0
                    for score in (0..<256).reversed() {
                        let count = countOfScore[n * 256 + score]
                        if above + count >= Self.postingCap {
                            cut[term] = Int32(score)
                            atCut[term] = Self.postingCap - above
                            break
                        }
                        above += count
                    }
                    // Title and alias matches (80 and more) are all kept.
                    kept[term] = (0..<256).reduce(0) { total, score in
                        let count = countOfScore[n * 256 + score]
                        if score >= 80 || Int32(score) > cut[term] { return total + count }
                        return total + (Int32(score) == cut[term] ? atCut[term] : 0)
                    }
                }
            }
        }
        postings = kept.map { count -> [Posting] in
            var list: [Posting] = []
            list.reserveCapacity(count)
            return list
        }
        if keepsDocumentTerms { termsOfDocument.reserveCapacity(scored.count) }
        for (doc, document) in scored.enumerated() {
            for (term, score) in zip(document.terms, document.scores) {
                let id = Int(term)
                if score < 80 {
                    if Int32(score) < cut[id] { continue }
                    if Int32(score) == cut[id] {
                        guard atCut[id] > 0 else { continue }
                        atCut[id] -= 1
                    }
                }
                postings[id].append(Posting(doc: doc, score: Int(score)))
            }
            if keepsDocumentTerms {
                termsOfDocument.append(zip(document.terms, document.scores).map { (Int32($0), Int32($1)) })
            }
        }
        for (id, list) in postings.enumerated() where !list.isEmpty { shards[Self.shardKey(terms[id]), default: []].insert(id) }
    }

    private mutating func intern(_ term: String) -> Int {
        if let id = idOfTerm[term] { return id }
        let id = terms.count
        terms.append(term)
        idOfTerm[term] = id
        postings.append([])
        return id
    }

    /// A document's terms and scores, as term ids.
    private mutating func scores(of document: Document) -> [Int: Int] {
        var scorer = TermScorer()
        var result: [Int: Int] = [:]
        for (local, score) in scorer.score(document) { result[intern(scorer.table.string(local))] = score }
        return result
    }

    /// Every file of the index: relative path → contents.
    package func files(jobs: Int) -> [(String, String)] {
        let shardKeys = shards.keys.sorted()
        // Shards are independent: serialise them in parallel.
        var files: [(String, String)] = parallelMap(shardKeys.count, jobs: jobs) { shardFile(shardKeys[$0]) }
        files += (0..<documentChunks).map(documentsFile)
        files += (0..<textChunks).map(textFile)
        files.append(metaFile())
        return files
    }

    /// An entry's snippet when the documents do not hold them (a build
    /// keeps them in a file until the snippet files are written); nil when
    /// unreadable. Documents are in entry order.
    package var excerptSource: ((EntryID) -> String?)?

    /// The folders `files` and `forEachFile` write into (create them first).
    package static let folders = ["search/terms", "search/docs", "search/text"]

    /// Hands every file of the index to `body` as soon as it is made (on
    /// `jobs` threads at once for the shards), so a build writes them
    /// without holding all of them: the same files as `files`.
    package func forEachFile(jobs: Int, _ body: (String, String) -> Void) {
        let shardKeys = shards.keys.sorted()
        _ = parallelMap(shardKeys.count, jobs: jobs) { n -> Void in
            let (path, text) = shardFile(shardKeys[n])
            body(path, text)
        }
        for chunk in 0..<documentChunks {
            let (path, text) = documentsFile(chunk)
            body(path, text)
        }
        for chunk in 0..<textChunks {
            let (path, text) = textFile(chunk)
            body(path, text)
        }
        let (path, text) = metaFile()
        body(path, text)
    }

    private var documentChunks: Int { (documents.count + Self.chunkSize - 1) / Self.chunkSize }
    private var textChunks: Int { (documents.count + Self.textChunkSize - 1) / Self.textChunkSize }

    func documentsFile(_ chunk: Int) -> (String, String) {
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
        return ("search/docs/\(chunk).json", writer.text)
    }

    /// One chunk of excerpts: each document's body text cut at a word
    /// boundary after at most `excerptLength` bytes.
    func textFile(_ chunk: Int) -> (String, String) {
        var writer = JSONText()
        writer.raw("[")
        for (offset, document) in documents[(chunk * Self.textChunkSize)..<min(documents.count, (chunk + 1) * Self.textChunkSize)].enumerated() {
            if offset > 0 { writer.raw(",\n") }
            writer.string(excerptSource?(EntryID(chunk * Self.textChunkSize + offset)) ?? document.excerpt ?? Self.excerpt(document.text))
        }
        writer.raw("]")
        return ("search/text/\(chunk).json", writer.text)
    }

    /// The body's words as a reader would quote them (the text the index
    /// keeps has a space around every inline node: "with  code . "), cut
    /// before the last space within `excerptLength` bytes, never inside a
    /// word or a UTF-8 sequence.
    package static func excerpt(_ text: [UInt8]) -> String {
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
        var tidy: [UInt8] = []
        tidy.reserveCapacity(min(text.count, excerptLength + 1))
        for byte in text {
            if tidy.count > excerptLength { break }
            if byte == space || byte == newline {
                if let last = tidy.last, last != space { tidy.append(space) }
            } else {
                if tidy.last == space, let previous = tidy.dropLast().last, Self.closesPhrase(byte), previous != space { tidy.removeLast() }
                tidy.append(byte)
            }
        }
        if tidy.count > excerptLength {
            var end = excerptLength
            while end > 0, tidy[end] != space { end -= 1 }
            if end == 0 {
                end = excerptLength
                while end > 0, tidy[end] & 0xC0 == 0x80 { end -= 1 }
            }
            tidy.removeSubrange(end...)
        }
        while tidy.last == space { tidy.removeLast() }
        return String(decoding: tidy, as: UTF8.self)
    }

    /// Punctuation that follows a word without a space.
    private static func closesPhrase(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ")"): return true
        default: return false
        }
    }

    func metaFile() -> (String, String) {
        var meta = JSONText()
        meta.object([("version", .int(1)), ("count", .int(documents.count)), ("chunk", .int(Self.chunkSize)), ("textChunk", .int(Self.textChunkSize)),
                     ("shards", .strings(shards.keys.sorted()))])
        return ("search/meta.json", meta.text)
    }

    /// One term shard, integers appended as bytes (string interpolation per
    /// posting was the cost).
    func shardFile(_ key: String) -> (String, String) {
        let termIDs = (shards[key] ?? []).sorted { terms[$0] < terms[$1] }
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
            for id in termIDs { for posting in postings[id] where posting.score >= 80 { titled.insert(Int(posting.doc)) } }
            var docs = JSONText()
            docs.raw("\"_docs\":{")
            for (n, doc) in titled.sorted().enumerated() {
                if n > 0 { docs.raw(",") }
                docs.raw("\"\(doc)\":[")
                docs.string(documents[doc].title); docs.raw(",")
                docs.string(documents[doc].url); docs.raw(",")
                docs.string(documents[doc].kind)
                // Aliases, when there are any, so a query equal to one ranks its entry first.
                if !documents[doc].aliases.isEmpty { docs.raw(","); docs.strings(documents[doc].aliases) }
                docs.raw("]")
            }
            docs.raw("}")
            bytes.append(contentsOf: docs.bytes)
            for id in termIDs {
                bytes.append(UInt8(ascii: ","))
                JSONText.append(string: terms[id], to: &bytes)
                bytes.append(contentsOf: ":[".utf8)
                Self.appendPostings(postings[id].count > cap ? Self.best(postings[id], cap) : postings[id], to: &bytes)
                bytes.append(UInt8(ascii: "]"))
            }
            bytes.append(UInt8(ascii: "}"))
            if bytes.count <= shardBudget || cap <= 100 { break }
            cap /= 2
        }
        return ("search/terms/\(Self.hex(key)).json", String(decoding: bytes, as: UTF8.self))
    }

    /// The `cap` postings with the highest scores (ties: the earlier entry),
    /// still in entry order. Scores are small numbers, so a count per score
    /// finds the cut in one pass instead of sorting the whole list.
    static func best(_ list: [Posting], _ cap: Int) -> [Posting] {
        guard list.count > cap else { return list }
        // Scores span a small range (1 to 100): counted in an array, not a dictionary.
        var lowest = Int32.max, highest = Int32.min
        for posting in list {
            lowest = min(lowest, posting.score)
            highest = max(highest, posting.score)
        }
        var countOfScore = [Int](repeating: 0, count: Int(highest) - Int(lowest) + 1)
        for posting in list { countOfScore[Int(posting.score) - Int(lowest)] += 1 }
        // The lowest score still kept, and how many postings with exactly that score fit.
        var kept = 0
        var cutScore = Int32.max
        var atCut = 0
        for offset in countOfScore.indices.reversed() where countOfScore[offset] > 0 {
            let count = countOfScore[offset]
            if kept + count >= cap {
                cutScore = lowest + Int32(offset)
                atCut = cap - kept
                break
            }
            kept += count
        }
        var result: [Posting] = []
        result.reserveCapacity(cap)
        for posting in list {
            if posting.score > cutScore {
                result.append(posting)
            } else if posting.score == cutScore, atCut > 0 {
                result.append(posting)
                atCut -= 1
            }
        }
        return result
    }

    /// Replaces one entry's document (its title, kind and URL must stay the
    /// same, so the document chunks do not change) and returns the files to
    /// write and the files to delete: only shards holding a term whose score
    /// for this document changed, meta.json when shards appear or disappear,
    /// and the document's chunk of excerpts.
    package mutating func replaceDocument(of entry: EntryID, with document: Document) -> (write: [(String, String)], delete: [String]) {
        // Documents are in entry order: the entry's position is its document number.
        let doc = entry.position
        precondition(termsOfDocument.count == documents.count, "the index was built without keepsDocumentTerms")
        var old: [Int: Int] = [:]
        for (term, score) in termsOfDocument[doc] { old[Int(term)] = Int(score) }
        let new = scores(of: document)
        documents[doc] = document
        termsOfDocument[doc] = new.map { (Int32($0.key), Int32($0.value)) }
        var touchedShards = Set<String>()
        let keysBefore = Set(shards.keys)
        for (id, score) in old where new[id] != score {
            let key = Self.shardKey(terms[id])
            touchedShards.insert(key)
            if let position = Self.position(of: doc, in: postings[id]), postings[id][position].doc == Int32(doc) { postings[id].remove(at: position) }
            if postings[id].isEmpty {
                shards[key]?.remove(id)
                if shards[key]?.isEmpty == true { shards[key] = nil }
            }
        }
        for (id, score) in new where old[id] != score {
            let key = Self.shardKey(terms[id])
            touchedShards.insert(key)
            postings[id].insert(Posting(doc: doc, score: score), at: Self.position(of: doc, in: postings[id]) ?? postings[id].count)
            shards[key, default: []].insert(id)
        }
        var write: [(String, String)] = []
        var delete: [String] = []
        for key in touchedShards.sorted() {
            if shards[key] != nil { write.append(shardFile(key)) } else { delete.append("search/terms/\(Self.hex(key)).json") }
        }
        if Set(shards.keys) != keysBefore { write.append(metaFile()) }
        write.append(textFile(doc / Self.textChunkSize))
        return (write, delete)
    }

    /// Index of the first posting for `doc` or later (postings are in document order).
    private static func position(of doc: Int, in list: [Posting]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if Int(list[middle].doc) < doc { low = middle + 1 } else { high = middle }
        }
        return low < list.count ? low : nil
    }

    /// The same files as scripts (`search/meta.js` …) that pass their data to
    /// `attacheSearchData(path, data)`: browsers refuse `fetch()` on pages
    /// opened from disk but still run scripts, so `files`-style sites can
    /// search from `file://` too.
    package static func scriptFiles(for files: [(String, String)]) -> [(String, String)] {
        files.compactMap { path, text in
            guard path.hasPrefix("search/"), path.hasSuffix(".json") else { return nil }
            var name = JSONText()
            name.string(String(path.dropFirst("search/".count)))
            return (String(path.dropLast(".json".count)) + ".js", "attacheSearchData(" + name.text + "," + text + ");\n")
        }
    }

    /// `doc,score,doc,score…`: a shard holds hundreds of thousands of
    /// numbers, written at once (see `appendDecimals`).
    static func appendPostings(_ list: [Posting], to bytes: inout [UInt8]) {
        bytes.appendDecimals(count: 2 * list.count, separator: UInt8(ascii: ",")) { n in
            n & 1 == 0 ? Int(list[n >> 1].doc) : Int(list[n >> 1].score)
        }
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
