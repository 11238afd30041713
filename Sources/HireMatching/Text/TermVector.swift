import HireCore

/// A text as bag of words for BM25: each term with how often it occurs, and the number of
/// words. Terms are lowercased words without stopwords, English words lightly stemmed
/// (``Stemmer``), Russian words lightly stemmed (``RussianStemmer``), and each skill mention
/// as one `skill:<canonical name>` term in place of its words, so "k8s" and "Kubernetes" meet
/// and a skill counts once.
public struct TermVector: Sendable, Equatable {
    /// The distinct terms and their counts, in parallel (first occurrence first, or sorted when
    /// decoded or made from a dictionary). Arrays, not a dictionary: indexing reads them in order,
    /// and a dictionary per text would cost a hash of every term.
    private(set) var names: [String]
    private(set) var counts: [Int]
    /// The number of terms counted (stopwords and bare numbers excluded; a skill mention
    /// counts once, whatever its number of words).
    public private(set) var length: Int

    /// Term → number of occurrences (built on each call).
    public var terms: [String: Int] {
        var terms: [String: Int] = Dictionary(minimumCapacity: names.count)
        for (name, count) in zip(names, counts) { terms[name] = count }
        return terms
    }

    /// The number of distinct terms.
    public var count: Int { names.count }

    /// The terms and counts, sorted by term (``precedes(_:_:)``).
    var sortedEntries: [(term: String, count: Int)] {
        // Sorted on each term's first eight bytes as one number, its bytes compared only where
        // those tie: a long text's million distinct terms sorted as Strings took 0.2 s.
        var order = names.indices.map { (prefix: Self.leadingBytes(names[$0]), index: $0) }
        order.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : Self.precedes(names[$0.index], names[$1.index]) }
        return order.map { (term: names[$0.index], count: counts[$0.index]) }
    }

    /// The order of terms: by their UTF-8 bytes, which for text in Unicode's composed form (as
    /// the normaliser leaves it) is also the order of `<`.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// The first eight bytes of `term` as a big-endian number (zeros after a shorter term), so
    /// that comparing two numbers orders their terms as ``precedes(_:_:)`` does, or ties.
    private static func leadingBytes(_ term: String) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        for byte in term.utf8.prefix(8) {
            value = value << 8 | UInt64(byte)
            taken += 1
        }
        return taken == 8 ? value : value << (8 * (8 - taken))
    }

    /// A vector with the given counts (for tests and stored data).
    public init(terms: [String: Int], length: Int) {
        let sorted = terms.filter { $0.value > 0 }.sorted { Self.precedes($0.key, $1.key) }
        names = sorted.map(\.key)
        counts = sorted.map(\.value)
        self.length = length
    }

    private init(names: [String], counts: [Int], length: Int) {
        self.names = names
        self.counts = counts
        self.length = length
    }

    /// Equal when they have the same length and the same counts, whatever the order.
    public static func == (lhs: TermVector, rhs: TermVector) -> Bool {
        lhs.length == rhs.length && lhs.names.count == rhs.names.count && lhs.terms == rhs.terms
    }

    /// The vector of `text`, with skills from `taxonomy`.
    public init(text: String, taxonomy: Taxonomy = .builtin) {
        self.init(tokens: Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon), taxonomy: taxonomy)
    }

    init(tokens: [Token], taxonomy: Taxonomy) {
        self = Self.reading(tokens: tokens, taxonomy: taxonomy).vector
    }

    /// The vector of `tokens` and the skill mentions found on the way, for a caller that
    /// wants both from one pass (a resume's profile counts the same mentions).
    static func reading(tokens: [Token], taxonomy: Taxonomy, splitFrom: Int = Concurrently.worthwhileTokens)
        -> (vector: TermVector, skills: [Taxonomy.Match])
    {
        // Counted in a ByteTable (cheap hashing), then moved to the dictionary once per term.
        // Sized for a text's distinct terms, not its tokens (a long text repeats its words: a
        // table for every token was tens of megabytes to clear), growing when there are more.
        var table = ByteTable(capacity: min(tokens.count, 1 << 14))
        var names: [String] = [], counts: [Int] = []
        names.reserveCapacity(tokens.count)
        counts.reserveCapacity(tokens.count)
        func count(_ term: String) {
            let id = Int(table.insert(term))
            if id == counts.count {
                names.append(term)
                counts.append(1)
            } else {
                counts[id] += 1
            }
        }
        // Each token's word and term, a long text's two halves on two cores.
        let half = tokens.count / 2
        let (first, second) = Concurrently.both(
            when: tokens.count >= splitFrom, { lexemes(of: tokens[..<half], taxonomy: taxonomy) },
            { lexemes(of: tokens[half...], taxonomy: taxonomy) })
        var (words, terms) = (first.words, first.terms)
        words.append(contentsOf: second.words)
        terms.append(contentsOf: second.terms)
        // A skill mention stands for its words: one canonical term in their place, so that
        // "k8s" and "Kubernetes" meet and a skill is counted once, not as words and skill.
        let skills = taxonomy.matches(in: tokens, words: words)
        var length = 0
        var next = skills.startIndex
        var index = 0
        while index < tokens.count {
            if next < skills.endIndex, skills[next].start == index {
                count(taxonomy.termKeys[Int(skills[next].skill)])
                length += 1
                index = skills[next].end
                next += 1
                continue
            }
            if let term = terms[index] {
                count(term)
                length += 1
            }
            index += 1
        }
        return (TermVector(names: names, counts: counts, length: length), skills)
    }

    /// Each token's word in the lexicon (-1 when it is not there) and its term (nil for none).
    private static func lexemes(of tokens: ArraySlice<Token>, taxonomy: Taxonomy) -> (words: [Int32], terms: [String?]) {
        var words = [Int32](repeating: -1, count: tokens.count)
        var terms = [String?](repeating: nil, count: tokens.count)
        for (index, token) in zip(0..., tokens) {
            if let known = taxonomy.lexeme(of: token) {
                words[index] = known.word
                terms[index] = token.hasLetter ? known.term : nil
            } else {
                // Not in the lexicon, so not a stopword.
                terms[index] = Self.term(for: token, stopwordsChecked: true)
            }
        }
        return (words, terms)
    }

    /// The BM25 term of a token, or nil for a stopword, a bare number or a lone Latin letter.
    static func term(for token: Token, stopwordsChecked: Bool = false) -> String? {
        guard token.hasLetter else { return nil }
        let bytes = token.text.utf8
        if token.latinWord {
            guard bytes.count > 1, stopwordsChecked || !Stopwords.contains(token.text) else { return nil }
            return Stemmer.stem(token.text)
        }
        guard stopwordsChecked || !Stopwords.contains(token.text) else { return nil }
        guard let lead = bytes.first else { return nil }
        if lead == 0xD0 || lead == 0xD1 || lead == 0xD2 || lead == 0xD3 { return RussianStemmer.stem(token.text) }
        if lead >= 0x80, bytes.count <= 4, token.text.unicodeScalars.count == 1,
            let only = token.text.unicodeScalars.first, only.value < 0x2E80
        {
            return nil
        }
        return token.text
    }

    // MARK: Encoding

    /// 2: skill mentions replace their words (1 counted both); a document of another version
    /// does not decode, and the daemon makes it again from its text.
    private static let formatVersion: UInt8 = 2

    /// A compact binary form: a version byte, the length, the term count, then each term
    /// (sorted) as its UTF-8 byte count, bytes and count, numbers as LEB128 varints.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.formatVersion]
        bytes.reserveCapacity(16 + names.count * 10)
        Varint.append(UInt64(length), to: &bytes)
        Varint.append(UInt64(names.count), to: &bytes)
        for (term, count) in sortedEntries {
            let utf8 = term.utf8
            Varint.append(UInt64(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
            Varint.append(UInt64(count), to: &bytes)
        }
        return bytes
    }

    /// Reads ``encoded()``; nil for anything else (another version, truncated or trailing bytes).
    public init?(encoded bytes: [UInt8]) {
        guard bytes.first == Self.formatVersion else { return nil }
        var at = 1
        guard let length = Varint.read(bytes, at: &at), let count = Varint.read(bytes, at: &at),
            count <= UInt64(bytes.count), length <= UInt64(Int.max)
        else { return nil }
        var names: [String] = [], counts: [Int] = []
        names.reserveCapacity(Int(count))
        counts.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let size = Varint.read(bytes, at: &at), size <= UInt64(bytes.count - at) else { return nil }
            let end = at + Int(size)
            let term = String(decoding: bytes[at..<end], as: UTF8.self)
            at = end
            // Strictly increasing terms: sorted, each once (as encoded() writes them).
            guard let occurrences = Varint.read(bytes, at: &at), occurrences > 0, occurrences <= UInt64(Int32.max),
                names.last.map({ Self.precedes($0, term) }) ?? true
            else {
                return nil
            }
            names.append(term)
            counts.append(Int(occurrences))
        }
        guard at == bytes.count else { return nil }
        self.init(names: names, counts: counts, length: Int(length))
    }
}
