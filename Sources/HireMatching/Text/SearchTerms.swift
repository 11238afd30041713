/// Full-text search as the matcher reads text: the terms the vault's FTS5 indexes (the board's
/// and the resumes') are made of, and the FTS5 query for what a person typed.
///
/// - A document's terms are its ``Tokenizer`` tokens (`c++`, `c#`, `.net`, `ci/cd`, `node.js`
///   whole), and, at the first word of every skill phrase (every alias, nested phrases too), the
///   skill's own term in the same position.
/// - A searched string that names a skill as a whole (`k8s`, `C++`, `"amazon web services"`)
///   searches that skill's term, so it finds every alias (`k8s` finds Kubernetes); any other
///   string searches its tokens.
///
/// A skill's term is its BM25 key (`skill:kubernetes`) with a closing U+001F: no token holds a
/// `:` or a control character, and a prefix search (`k8s*`) cannot reach another skill
/// (`skill:java` is no prefix of `skill:javascript`'s term).
public enum SearchTerms {
    /// Changes whenever the terms of some text would: the tokenizer's revision (bump it when
    /// the tokenizer changes what it makes of text) and a hash of the taxonomy. A vault indexed
    /// under another version is reindexed when it is opened.
    public static let version: String = {
        let revision = 2  // 2: no one-word skill that folds to a stopword ("etcs")
        var source = Aliases.table + "\0" + SkillList.phrases
        return "\(revision)-" + String(source.withUTF8 { ByteTable.hash($0) }, radix: 16)
    }()

    /// Calls `emit` with each term of `text` (UTF-8): the term, the bytes of `text` it stands
    /// for, and whether it shares the previous term's position (a skill's term). A `query` is
    /// one string of a search (see the type's notes). Stops when `emit` returns false.
    public static func terms(
        in text: UnsafeBufferPointer<UInt8>, query: Bool, taxonomy: Taxonomy = .builtin,
        _ emit: (_ term: String, _ range: Range<Int>, _ colocated: Bool) -> Bool
    ) {
        let tokens = Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon)
        if query, let skill = taxonomy.skill(named: tokens), let first = tokens.first, let last = tokens.last {
            _ = emit(term(of: skill, taxonomy), first.offset..<last.end, false)
            return
        }
        let words = query ? [] : tokens.map { taxonomy.lexeme(of: $0)?.word ?? -1 }
        for index in tokens.indices {
            let token = tokens[index]
            guard emit(token.text, token.offset..<token.end, false) else { return }
            guard !query else { continue }
            var going = true
            taxonomy.skills(startingAt: index, in: tokens, words: words) { skill in
                if going { going = emit(term(of: skill, taxonomy), token.offset..<token.end, true) }
            }
            guard going else { return }
        }
    }

    /// An FTS5 query from what a person typed: every word must appear (as a prefix), a
    /// "quoted phrase" as written. Any text makes a valid query: symbols stay inside quoted
    /// strings, where the tokenizer reads them; a word without a letter or digit is left out,
    /// so the query is empty when nothing searchable was typed.
    public static func ftsQuery(_ text: String) -> String {
        ftsStrings(text).joined(separator: " ")
    }

    /// The strings of ``ftsQuery(_:)``, each a query of its own (a text matches the query when
    /// it matches every one of them).
    public static func ftsStrings(_ text: String) -> [String] {
        var strings: [String] = []
        func add(_ string: some StringProtocol, prefix: Bool) {
            let bare = String(string.filter { $0 != "\"" })
            guard !Tokenizer.tokens(in: bare).isEmpty else { return }
            strings.append("\"" + bare + "\"" + (prefix ? "*" : ""))
        }
        var phrase: [Substring]?
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if var open = phrase {
                open.append(word)
                if word.hasSuffix("\"") {
                    add(open.joined(separator: " "), prefix: false)
                    phrase = nil
                } else {
                    phrase = open
                }
            } else if word.hasPrefix("\""), !(word.count > 1 && word.hasSuffix("\"")) {
                phrase = [word]
            } else {
                add(word, prefix: !(word.count > 1 && word.hasPrefix("\"") && word.hasSuffix("\"")))
            }
        }
        if let phrase { add(phrase.joined(separator: " "), prefix: false) }
        return strings
    }

    private static func term(of skill: Int32, _ taxonomy: Taxonomy) -> String {
        taxonomy.searchKeys[Int(skill)]
    }
}
