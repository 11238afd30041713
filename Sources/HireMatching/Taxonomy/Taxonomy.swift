/// Skill names and the phrases that mean them: the hand-kept ``Aliases`` table first, then the
/// generated gazetteer (`Generated/SkillList.swift`). Phrases match whole words, case-
/// insensitively, plurals folded ("REST APIs" is "REST API"), across spaces and hyphens but not
/// across other punctuation or lines.
public final class Taxonomy: Sendable {
    /// The builtin taxonomy, parsed once, at first use.
    public static let builtin = Taxonomy(aliases: Aliases.table, generated: SkillList.phrases)

    /// Canonical display name per skill id.
    let names: [String]
    /// `skill:<lowercased name>` per skill id: the skill's term in a ``TermVector``.
    let termKeys: [String]
    /// The skill's term in the full-text index (its term key and a mark no text makes), made
    /// once: indexing emits one per skill mention.
    let searchKeys: [String]
    /// The phrase key (folded words joined by spaces) of every phrase, to its skill id.
    private let phrases: [String: Int32]
    /// The trie over phrase word ids: `(node << 32 | word)` to the next node.
    private let edges: IntKeyTable
    /// Per trie node: the skill a phrase ending there means (-1: none), and whether that phrase
    /// is an ordinary word needing a skill-ish context.
    private let terminals: [Int32]
    private let ambiguous: [Ambiguity]
    /// Every phrase word (folded) and stopword (as written), with what a text needs of it, so
    /// that a known token costs one lookup.
    let lexicon: ByteTable
    private let lexemes: [Lexeme]

    /// A known word: its phrase word id (-1: in no phrase) and its BM25 term (nil: a stopword).
    struct Lexeme: Sendable {
        var word: Int32
        var term: String?
    }

    /// Builds a taxonomy from an alias table (``Aliases`` format) and a list of lowercase
    /// phrases, one a line. Generated phrases of one word need a skill-ish context, as `~` aliases do.
    public init(aliases: String, generated: String) {
        var builder = Builder()
        for line in aliases.split(separator: "\n") {
            let parts = line.split(separator: "|").map { $0.trimmingSpaces }
            guard let name = parts.first, !name.isEmpty else { continue }
            let id = builder.skill(named: name)
            let explicit = Set(parts.dropFirst().map { $0.hasPrefix("~") ? String($0.dropFirst()).lowercased() : $0.lowercased() })
            if !explicit.contains(name.lowercased()) { builder.add(phrase: name, skill: id, ambiguous: .none) }
            for alias in parts.dropFirst() where !alias.isEmpty {
                let isAmbiguous = alias.hasPrefix("~")
                builder.add(phrase: isAmbiguous ? String(alias.dropFirst()) : alias, skill: id, ambiguous: isAmbiguous ? .word : .none)
            }
        }
        for line in generated.split(separator: "\n") where !line.isEmpty {
            let phrase = String(line)
            let tokens = Tokenizer.tokens(in: phrase)
            let key = Self.key(of: tokens)
            guard !key.isEmpty, builder.phrases[key] == nil else { continue }
            let id = builder.skill(named: Self.displayName(phrase))
            builder.add(tokens: tokens, key: key, skill: id, ambiguous: phrase.includes(" ") ? .none : .generatedWord)
        }
        names = builder.names
        termKeys = builder.names.map { "skill:" + $0.lowercased() }
        searchKeys = termKeys.map { $0 + "\u{1F}" }
        phrases = builder.phrases
        edges = IntKeyTable(builder.edges)
        terminals = builder.terminals
        ambiguous = builder.ambiguous
        var lexicon = ByteTable(capacity: builder.words.count + Stopwords.all.count)
        var lexemes: [Lexeme] = []
        for (word, id) in builder.words.sorted(by: { $0.value < $1.value }) {
            let latin = word.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            let hasLetter = word.utf8.contains(where: isASCIILetter) || !word.utf8.allSatisfy { $0 < 0x80 }
            let token = Token(text: word, offset: 0, before: .space, capitalized: false, allCaps: false, latinWord: latin, hasLetter: hasLetter)
            _ = lexicon.insert(word)
            lexemes.append(Lexeme(word: id, term: hasLetter ? TermVector.term(for: token) : nil))
        }
        for word in Stopwords.all.sorted() {
            let index = Int(lexicon.insert(word))
            if index == lexemes.count {
                lexemes.append(Lexeme(word: -1, term: nil))
            } else {
                lexemes[index].term = nil
            }
        }
        self.lexicon = lexicon
        self.lexemes = lexemes
    }

    /// The lexeme of a token: one lookup for a known word, a second for a known word's plural;
    /// nil for a word the taxonomy does not know (and that is no stopword).
    func lexeme(of token: Token) -> Lexeme? {
        if token.known >= 0 { return lexemes[Int(token.known)] }
        if token.known == -2, let known = lexicon.find(token.text) { return lexemes[Int(known)] }
        guard token.latinWord else { return nil }
        let folded = Stemmer.fold(token.text)
        guard folded.utf8.count != token.text.utf8.count, let known = lexicon.find(folded) else { return nil }
        return lexemes[Int(known)]
    }

    /// The canonical name of a skill phrase (`"k8s"` → `"Kubernetes"`, `"Postgres"` →
    /// `"PostgreSQL"`), or nil when the phrase is not a known skill.
    public func canonical(_ phrase: String) -> String? {
        skill(named: Tokenizer.tokens(in: phrase)).map { names[Int($0)] }
    }

    /// The skills `text` mentions, canonical name → number of mentions.
    public func skills(in text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for match in matches(in: Tokenizer.tokens(in: text)) { counts[names[Int(match.skill)], default: 0] += 1 }
        return counts
    }

    /// The number of skills.
    public var count: Int { names.count }

    // MARK: Matching

    /// A skill found in a token array: tokens `start..<end`.
    struct Match: Sendable, Equatable {
        var skill: Int32
        var start: Int
        var end: Int
    }

    /// Skills in `tokens`, longest phrase first, not overlapping, in text order; ordinary words
    /// only where they read as skills.
    func matches(in tokens: [Token]) -> [Match] {
        matches(in: tokens, words: tokens.map { lexeme(of: $0)?.word ?? -1 })
    }

    /// As ``matches(in:)``, with each token's phrase word id (-1: none) already looked up.
    func matches(in tokens: [Token], words ids: [Int32]) -> [Match] {
        let count = tokens.count
        guard count > 0 else { return [] }
        var found: [(match: Match, ambiguous: Ambiguity)] = []
        var index = 0
        while index < count {
            var node: Int32 = 0, at = index
            var best: (end: Int, node: Int32)?
            while at < count, ids[at] >= 0, at == index || tokens[at].before <= .hyphen, let next = edge(from: node, word: ids[at]) {
                node = next
                at += 1
                if terminals[Int(node)] >= 0 { best = (at, node) }
            }
            if let best {
                found.append((Match(skill: terminals[Int(best.node)], start: index, end: best.end), ambiguous[Int(best.node)]))
                index = best.end
            } else {
                index += 1
            }
        }
        var result: [Match] = []
        result.reserveCapacity(found.count)
        for (position, candidate) in found.enumerated() {
            if candidate.ambiguous == .none || readsAsSkill(candidate, at: position, among: found, tokens: tokens) {
                result.append(candidate.match)
            }
        }
        return result
    }

    /// Calls `body` with every skill a phrase starting at token `start` names, nested phrases
    /// too ("Java 8" gives Java once, "Ruby on Rails" Ruby on Rails and Ruby), whether or not the
    /// words read as a skill there: what full-text search indexes, so that a search for a skill
    /// finds every text that may mean it.
    func skills(startingAt start: Int, in tokens: [Token], words ids: [Int32], _ body: (Int32) -> Void) {
        var node: Int32 = 0, at = start
        var seen: [Int32] = []
        while at < tokens.count, ids[at] >= 0, at == start || tokens[at].before <= .hyphen, let next = edge(from: node, word: ids[at]) {
            node = next
            at += 1
            let skill = terminals[Int(node)]
            if skill >= 0, !seen.contains(skill) {
                seen.append(skill)
                body(skill)
            }
        }
    }

    /// The skill a whole phrase names (as ``canonical(_:)``, on tokens), or nil.
    func skill(named tokens: [Token]) -> Int32? {
        tokens.isEmpty ? nil : phrases[Self.key(of: tokens)]
    }

    private func edge(from node: Int32, word: Int32) -> Int32? {
        edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: word))]
    }

    /// Whether a phrase is also an ordinary word.
    enum Ambiguity: UInt8, Sendable {
        /// Always a skill.
        case none
        /// A `~` alias (Go, Excel, Spring): a skill in a list, or capitalised mid-sentence,
        /// next to another skill or starting a phrase.
        case word
        /// A one-word gazetteer entry (often also a company or product name): a skill only in
        /// a list, or capitalised next to another skill.
        case generatedWord
    }

    /// An ordinary word counts as a skill when it is an item of a list, or capitalised and
    /// either mid-sentence or within three words of another skill (single letters: only in a
    /// list or next to a skill, and capitalised).
    private func readsAsSkill(
        _ candidate: (match: Match, ambiguous: Ambiguity), at position: Int, among found: [(match: Match, ambiguous: Ambiguity)],
        tokens: [Token]
    ) -> Bool {
        let match = candidate.match
        let first = tokens[match.start]
        let after = match.end < tokens.count ? tokens[match.end].before : .line
        let listItem = first.before >= .bracket && first.before != .sentence && after >= .bracket
        var nearSkill = false
        for other in [position - 1, position + 1] where other >= 0 && other < found.count && found[other].ambiguous == .none {
            let gap = other < position ? match.start - found[other].match.end : found[other].match.start - match.end
            if gap <= 3 { nearSkill = true }
        }
        let capitalized = first.capitalized || first.allCaps
        if first.text.unicodeScalars.count == 1 { return capitalized && (listItem || nearSkill) }
        if candidate.ambiguous == .generatedWord {
            // Lists proper (commas, colons, bullets, lines), not brackets: "Austin (hybrid)" is no list.
            let listed = [.list, .line, .start].contains(first.before) && [.list, .line, .sentence].contains(after)
            return listed || (capitalized && nearSkill)
        }
        let midSentence = first.before <= .hyphen
        // At the start of a line or sentence a capital says nothing, but a following word that
        // is not a function word does: "Epic charting" is Epic, "Go to market" is not Go.
        var startsPhrase = false
        if match.end < tokens.count, first.capitalized, tokens[match.end].before <= .hyphen {
            startsPhrase = !Stopwords.contains(tokens[match.end].text) && tokens[match.end].hasLetter
        }
        return listItem || (capitalized && (midSentence || nearSkill || startsPhrase))
    }

    // MARK: Keys and names

    /// The phrase key of tokens: folded words joined by single spaces.
    static func key(of tokens: [Token]) -> String {
        tokens.map { $0.latinWord ? Stemmer.fold($0.text) : $0.text }.joined(separator: " ")
    }

    /// How a generated phrase is shown: words capitalised, short ones (three letters or fewer)
    /// as acronyms, small joining words lowercase.
    static func displayName(_ phrase: String) -> String {
        let small: Set<Substring> = ["and", "of", "for", "in", "the", "to", "with", "on", "a", "an", "or"]
        return phrase.split(separator: " ").enumerated().map { index, word in
            if index > 0 && small.contains(word) { return String(word) }
            if word.count <= 3 && word.first?.isLetter == true { return word.uppercased() }
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    private struct Builder {
        var names: [String] = []
        var byName: [String: Int32] = [:]
        var phrases: [String: Int32] = [:]
        var words: [String: Int32] = [:]
        var edges: [UInt64: Int32] = [:]
        var terminals: [Int32] = [-1]
        var ambiguous: [Ambiguity] = [.none]

        mutating func skill(named name: String) -> Int32 {
            if let id = byName[name.lowercased()] { return id }
            let id = Int32(names.count)
            names.append(name)
            byName[name.lowercased()] = id
            return id
        }

        mutating func add(phrase: String, skill: Int32, ambiguous isAmbiguous: Ambiguity) {
            let tokens = Tokenizer.tokens(in: phrase)
            add(tokens: tokens, key: Taxonomy.key(of: tokens), skill: skill, ambiguous: isAmbiguous)
        }

        /// Adds a phrase already read into tokens, under its ``Taxonomy/key(of:)``.
        mutating func add(tokens: [Token], key: String, skill: Int32, ambiguous isAmbiguous: Ambiguity) {
            guard !tokens.isEmpty, phrases[key] == nil else { return }
            // A one-word phrase that folds to a stopword would be found in every use of that
            // word: "ETCS" (a rail signalling system) in every "etc.".
            if tokens.count == 1, let only = tokens.first, Stopwords.contains(only.latinWord ? Stemmer.fold(only.text) : only.text) {
                return
            }
            phrases[key] = skill
            var node: Int32 = 0
            for token in tokens {
                let word = token.latinWord ? Stemmer.fold(token.text) : token.text
                let wordId: Int32
                if let known = words[word] {
                    wordId = known
                } else {
                    wordId = Int32(words.count)
                    words[word] = wordId
                }
                let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: wordId))
                if let next = edges[edge] {
                    node = next
                } else {
                    let next = Int32(terminals.count)
                    terminals.append(-1)
                    ambiguous.append(.none)
                    edges[edge] = next
                    node = next
                }
            }
            terminals[Int(node)] = skill
            ambiguous[Int(node)] = isAmbiguous
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        // Most text has nothing to trim: check the ends first.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return text
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
