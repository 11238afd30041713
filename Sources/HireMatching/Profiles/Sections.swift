/// What a part of a resume or job ad is about, as its heading says.
enum SectionKind: Sendable, Equatable {
    /// Before the first heading.
    case preamble
    /// Job ads: requirements, qualifications, "must have", "what you'll need".
    case required
    /// Job ads: "nice to have", "preferred", "bonus points", "pluses".
    case preferred
    /// Job ads: responsibilities, duties, "what you'll do".
    case responsibilities
    /// Job ads: benefits, perks, "what we offer"; and "about us".
    case benefits, about
    /// Resumes.
    case experience, education, skills, summary
    /// A heading the tables do not know.
    case other
}

/// One line of a text: trimmed, with where it starts.
struct TextLine: Sendable {
    var text: String
    /// The UTF-8 offset of the line's first byte in the text.
    var offset: Int
    /// The line's tokens and its lowercased text, made once for every parser.
    var tokens: [Token]
    var lowered: String

    /// A line with its own tokens, or with `tokens` already read from the whole text.
    init(text: String, offset: Int, tokens: [Token]? = nil) {
        self.text = text
        self.offset = offset
        self.tokens = tokens ?? Tokenizer.tokens(in: text)
        lowered = text.fastLowercased().replacingApostrophes
    }
}

/// A run of lines under one heading. A heading written inline ("Requirements: Go, SQL")
/// contributes its text after the colon as the section's first line.
struct Section: Sendable {
    var kind: SectionKind
    var lines: [TextLine]
}

/// Splits resumes and job ads into sections by their headings: short lines (at most seven
/// words), optionally marked up (`#`, `**`, a trailing colon, all capitals), whose words name
/// a known kind of section; or any short line ending in a colon, or in capitals, as `other`.
enum Sections {
    enum Document { case resume, job }

    /// The text's non-blank lines, trimmed. With `tokens` (the whole text's, from
    /// ``Tokenizer``), each line takes its own from them instead of reading itself again: one
    /// pass over a long text serves every line. A line's first token then says it starts the
    /// text (`.start`), as when the line is read alone.
    static func lines(of text: String, tokens: [Token]? = nil) -> [TextLine] {
        var result: [TextLine] = []
        let bytes = Array(text.utf8)
        // One line per break at most: growing the array copied every line made so far again.
        result.reserveCapacity(bytes.reduce(into: 1) { count, byte in if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { count += 1 } })
        var start = 0, next = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
            var low = start, high = end
            while low < high, bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\t") { low += 1 }
            while high > low, bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\t") { high -= 1 }
            var own: [Token]?
            if let tokens {
                // No token crosses a line break, so the line's are those that start in it.
                while next < tokens.count, tokens[next].offset < start { next += 1 }
                let first = next
                while next < tokens.count, tokens[next].offset < end { next += 1 }
                var slice = Array(tokens[first..<next])
                if !slice.isEmpty { slice[0].before = .start }
                own = slice
            }
            if high > low {
                let line = String(decoding: bytes[low..<high], as: UTF8.self).trimmingSpaces
                if !line.isEmpty { result.append(TextLine(text: line, offset: low, tokens: own)) }
            }
            start = end + 1
        }
        return result
    }

    static func split(_ text: String, as document: Document) -> [Section] {
        split(lines(of: text), as: document)
    }

    static func split(_ lines: [TextLine], as document: Document) -> [Section] {
        var sections = [Section(kind: .preamble, lines: [])]
        for line in lines {
            if line.tokens.count <= 16, line.text.utf8.count <= 160, let (kind, rest) = heading(line.text, as: document),
                !isHeaderLine(kind: kind, line: line, before: sections, as: document)
            {
                sections.append(Section(kind: kind, lines: []))
                if let rest, !rest.isEmpty { sections[sections.count - 1].lines.append(TextLine(text: rest, offset: line.offset)) }
            } else {
                sections[sections.count - 1].lines.append(line)
            }
        }
        return sections
    }

    /// Whether a resume's line in capitals that names no kind of section, before any heading,
    /// is its header rather than a heading: the name ("JORDAN LEE") and the headline under it
    /// ("SENIOR DATA ANALYST") started sections that hid the headline from the titles.
    private static func isHeaderLine(kind: SectionKind, line: TextLine, before sections: [Section], as document: Document) -> Bool {
        document == .resume && kind == .other && sections.count == 1 && !line.text.contains(":")
    }

    /// The kind of section a line starts, and the text after an inline heading's colon.
    static func heading(_ line: String, as document: Document) -> (SectionKind, String?)? {
        cannotBeHeading(line, as: document) ? nil : characterHeading(line, as: document)
    }

    /// ``heading(_:as:)`` without its bytewise refusal: the rules, on Characters.
    static func characterHeading(_ line: String, as document: Document) -> (SectionKind, String?)? {
        var text = Substring(line)
        // A bulleted line is an item, not a heading.
        if let first = text.first, bulletMarks.contains(first) { return nil }
        while let first = text.first, "#*_=".contains(first) { text = text.dropFirst() }
        while let last = text.last, "*_=".contains(last) { text = text.dropLast() }
        text = Substring(text.trimmingSpaces)
        var rest: String?
        var colon = false
        if let index = text.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let after = text[text.index(after: index)...].trimmingSpaces
            rest = after.isEmpty ? nil : after
            text = Substring(text[..<index].trimmingSpaces)
            colon = true
        }
        // A sentence is no heading: "CPA preferred." states a wish, "Preferred" heads a list.
        if !colon && text.hasSuffix(".") { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count <= 7, text.count <= 60 else { return nil }
        guard !text.contains(where: { $0.isNumber }) else { return nil }
        let lowered = text.lowercased().replacingApostrophes
        let allCaps = text.contains(where: \.isLetter) && !text.contains(where: \.isLowercase)
        if let (kind, phrase) = kind(of: lowered, as: document) {
            // A line that merely mentions "experience" is not a heading: the heading words must
            // make up half the line, unless a colon or capitals mark it.
            let covered = phrase.split(separator: " ").count * 2 >= words.count
            if colon || allCaps || (words.count <= 5 && covered) { return (kind, rest) }
            return nil
        }
        if rest == nil && (colon || (allCaps && words.count <= 4)) { return (.other, nil) }
        return nil
    }

    /// Whether ``heading(_:as:)`` surely refuses the line, judged on its bytes: walking every
    /// line as Characters cost more than the rest of profiling, and most lines are prose. It
    /// refuses a line that starts with a bullet followed by an ASCII byte (so the bullet is the
    /// first Character); and a line with an ASCII digit after an ASCII byte (so the digit starts
    /// a Character, a number) before any colon. A line whose bytes up to the byte after its
    /// first colon (the whole line without a colon) are printable ASCII or tabs, each byte one
    /// Character, is judged in full: refused when its heading part (without its `#*_=` marks
    /// and spaces, up to the colon) is empty or longer than 60 characters or seven words, or,
    /// without a colon and with a lowercase letter (so not all capitals), when its words name
    /// no kind of section. Anything else goes through ``characterHeading(_:as:)``.
    static func cannotBeHeading(_ line: String, as document: Document) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            let colon = UInt8(ascii: ":"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
            for bullet in bullets where bytes.count >= bullet.count && bytes.starts(with: bullet) {
                if bytes.count == bullet.count || bytes[bullet.count] < 0x80 { return true }
            }
            var end = 0
            var ascii = true
            while end < bytes.count, bytes[end] != colon, !(bytes[end] == 0xEF && end + 2 < bytes.count && bytes[end + 1] == 0xBC && bytes[end + 2] == 0x9A) {
                let byte = bytes[end]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && (end == 0 || bytes[end - 1] < 0x80) { return true }
                if byte != tab && !(0x20..<0x7F).contains(byte) { ascii = false }
                end += 1
            }
            guard ascii, end == bytes.count || (bytes[end] == colon && (end + 1 == bytes.count || bytes[end + 1] < 0x80)) else { return false }
            let colonFree = end == bytes.count
            var start = 0
            while start < end, "#*_=".utf8.contains(bytes[start]) { start += 1 }
            if end == bytes.count {
                while end > start, "*_=".utf8.contains(bytes[end - 1]) { end -= 1 }
            }
            while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
            while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
            guard end - start <= 60 else { return true }
            var words = 0
            var inWord = false
            for byte in bytes[start..<end] {
                let separator = byte == space || byte == tab
                if !separator && !inWord { words += 1 }
                inWord = !separator
            }
            if words == 0 || words > 7 { return true }
            let part = bytes[start..<end]
            guard colonFree, part.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return false }
            // The part is printable ASCII (at most 60 bytes): lowercased byte by byte, as
            // `fastLowercased()` lowercases ASCII, into a buffer rather than a new String.
            let table = document == .job ? jobHeadings : resumeHeadings
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: part.count) { buffer in
                for (offset, byte) in part.enumerated() { buffer[offset] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
                let about = document == .job && buffer.count > 6 && buffer.starts(with: "about ".utf8)
                return !about && table.phrases.first(inBytes: UnsafeBufferPointer(buffer)) == nil
            }
        }
    }

    /// Marks that begin a bulleted line: an item, never a heading.
    private static let bulletMarks = "•-–·▪●◦✓>"
    /// The same marks as UTF-8, for the bytewise refusal.
    private static let bullets = bulletMarks.map { Array(String($0).utf8) }

    /// The first kind (in table order) whose phrases the heading holds, with that phrase.
    /// An ad's heading "About <employer>" ("About Acme Robotics") that names no other kind is
    /// about the company, the whole heading its phrase.
    private static func kind(of heading: String, as document: Document) -> (SectionKind, String)? {
        let table = document == .job ? jobHeadings : resumeHeadings
        if let found = table.phrases.first(in: heading) { return table.entries[found] }
        return document == .job && heading.hasPrefix("about ") ? (.about, heading) : nil
    }

    /// A table's phrases in order, each with its kind, and all of them in one ``PhraseSet``.
    private struct HeadingPhrases: Sendable {
        let entries: [(SectionKind, String)]
        let phrases: PhraseSet

        init(_ table: [(SectionKind, [String])]) {
            entries = table.flatMap { kind, phrases in phrases.map { (kind, $0) } }
            phrases = PhraseSet(entries.map(\.1))
        }
    }

    private static let jobHeadings = HeadingPhrases(jobTables)
    private static let resumeHeadings = HeadingPhrases(resumeTables)

    private static let jobTables: [(SectionKind, [String])] = [
        (
            .preferred,
            [
                "nice to have", "nice-to-have", "preferred", "bonus", "plus", "desired", "desirable", "good to have",
                "would be great", "extra credit", "ideally", "будет плюсом", "желательно", "преимуществ", "приветствуется",
            ]
        ),
        (.benefits, ["benefit", "perks", "we offer", "compensation", "why join", "why you'll love", "условия", "предлагаем"]),
        (.about, ["about us", "about the company", "who we are", "our company", "company overview", "о компании", "о нас"]),
        (
            .required,
            [
                "requirement", "qualification", "must have", "must-have", "what you'll need", "what you need",
                "what you will need", "looking for", "you have", "you bring", "who you are", "about you", "skills",
                "experience", "required", "minimum", "competenc", "need to succeed", "требования", "ожидаем", "необходим",
                "мы ждем", "мы ждём",
            ]
        ),
        (
            .responsibilities,
            [
                "responsibilit", "what you'll do", "what you will do", "duties", "the role", "your role", "day to day",
                "day-to-day", "your impact", "key tasks", "what you will be doing", "обязанности", "задачи", "предстоит",
            ]
        ),
    ]

    private static let resumeTables: [(SectionKind, [String])] = [
        (.education, ["education", "academic", "degree", "certification", "licens", "training", "образование", "курсы"]),
        (
            .experience,
            [
                "experience", "employment", "work history", "career history", "professional background", "positions held",
                "опыт",
            ]
        ),
        (.skills, ["skill", "technolog", "technical", "competenc", "expertise", "tools", "навыки", "стек"]),
        (.summary, ["summary", "profile", "objective", "about me", "о себе", "цель"]),
        (.other, ["projects", "references", "languages", "interests", "hobbies", "awards", "publications", "volunteer"]),
    ]
}

extension String {
    /// Typographic apostrophes as ASCII ones.
    var replacingApostrophes: String { includes("’") ? replacing("’", with: "'") : self }
}
