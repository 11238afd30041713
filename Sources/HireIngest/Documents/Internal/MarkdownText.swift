/// Markdown to plain text, line by line: the words stay, the markup goes.
///
/// - Heading hashes, block quote marks, emphasis (`*`, `_`, `~~`) and inline code backticks
///   are removed; `[text](url)`, `[text][ref]` and `![alt](url)` become their text; `<url>`
///   becomes the url; HTML tags are dropped.
/// - List items stay one per line, their bullet written `- `; numbered items keep their number.
/// - Code fences are removed and the code kept as it is; rules (`---`), setext underlines,
///   link definitions and table separator rows are removed; table rows lose their outer pipes.
///
/// This is not a CommonMark parser: it reads the constructs people write in resumes and job
/// descriptions, and leaves anything else as written.
enum MarkdownText {
    static func plainText(_ markdown: String) -> String {
        var lines: [String] = []
        var fence: Substring?
        for rawLine in Self.lines(of: markdown) {
            let trimmed = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.dropFirst(open.count).allSatisfy(\.isWhitespace) {
                    fence = nil
                } else {
                    lines.append(String(rawLine))
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            if let line = plainLine(trimmed) { lines.append(line) }
        }
        return lines.joined(separator: "\n")
    }

    /// The text split at every line break, as `split(whereSeparator: \.isNewline)` keeping
    /// empty lines splits it, found on the UTF-8 bytes: line breaks are control characters,
    /// each a Character of its own (`\r\n` one), so no grapheme needs reading.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex, index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            var width = 0
            switch byte {
            case 0x0A, 0x0B, 0x0C: width = 1
            case 0x0D: width = utf8.index(after: index) != utf8.endIndex && utf8[utf8.index(after: index)] == 0x0A ? 2 : 1
            case 0xC2: width = utf8.index(after: index) != utf8.endIndex && utf8[utf8.index(after: index)] == 0x85 ? 2 : 0
            case 0xE2:
                let second = utf8.index(after: index)
                if second != utf8.endIndex, utf8[second] == 0x80 {
                    let third = utf8.index(after: second)
                    if third != utf8.endIndex, utf8[third] == 0xA8 || utf8[third] == 0xA9 { width = 3 }
                }
            default: break
            }
            guard width > 0 else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(text[start..<index])
            index = utf8.index(index, offsetBy: width)
            start = index
        }
        lines.append(text[start...])
        return lines
    }

    /// The line's text; nil for a line that goes without a trace (a table separator row, a
    /// link definition).
    private static func plainLine(_ line: Substring) -> String? {
        var line = line
        while line.first == ">" { line = line.dropFirst().drop(while: { $0 == " " }) }
        if isTableSeparator(line) || isLinkDefinition(line) { return nil }
        if line.isEmpty || isRule(line) { return "" }
        if line.first == "#" {
            let hashes = line.prefix(while: { $0 == "#" })
            let rest = line.dropFirst(hashes.count)
            if hashes.count <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" {
                var heading = rest.trimmingSuffix(while: { $0 == " " || $0 == "\t" })
                let closing = heading.reversed().prefix(while: { $0 == "#" }).count
                if closing > 0, heading.dropLast(closing).last?.isWhitespace ?? true { heading = heading.dropLast(closing) }
                return inline(heading)
            }
        }
        if let bullet = line.first, "-*+".contains(bullet), line.dropFirst().first == " " {
            return "- " + inline(line.dropFirst(2))
        }
        if line.first == "|" {
            line = line.dropFirst()
            if line.last == "|" { line = line.dropLast() }
        }
        return inline(line)
    }

    /// `---`, `***`, `___` and the `===` / `---` that underline a setext heading.
    /// Read until the first character that is neither whitespace nor the mark: a long line
    /// of prose costs a character or two.
    private static func isRule(_ line: Substring) -> Bool {
        var mark: Character?
        var count = 0
        for character in line where !character.isWhitespace {
            if let mark {
                guard character == mark else { return false }
            } else {
                guard "-*_=".contains(character) else { return false }
                mark = character
            }
            count += 1
        }
        return count >= 3
    }

    /// `|---|:--:|`; the cheap refusal first.
    private static func isTableSeparator(_ line: Substring) -> Bool {
        line.allSatisfy { "|-: \t".contains($0) } && line.contains("|") && line.contains("-")
    }

    /// `[label]: https://…`.
    private static func isLinkDefinition(_ line: Substring) -> Bool {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return false }
        return line[line.index(after: close)...].hasPrefix(":")
    }

    // MARK: - Inline

    /// A line's text with its inline markup read.
    static func inline(_ text: Substring) -> String {
        // A line without any byte that starts inline markup is its own text (most lines of
        // prose): no array of Characters is made for it.
        guard text.utf8.contains(where: { inlineMarks[Int($0)] }) else { return String(text) }
        if let scalars = scalarsIfEachIsACharacter(text) {
            var scanner = InlineScanner(units: scalars)
            return scanner.run()
        }
        return inlineByCharacters(text)
    }

    /// The inline reader on the line's Characters: what ``inline(_:)`` gives for every line
    /// (its fast path reads scalars instead, where that cannot change the result).
    static func inlineByCharacters(_ text: Substring) -> String {
        var scanner = InlineScanner(units: Array(text))
        return scanner.run()
    }

    /// The line's Unicode scalars when reading them one by one is reading its Characters: each
    /// Character is one scalar, and no scalar is equal to another one as a Character is
    /// (Character's `==` is canonical equivalence: U+1FEF GREEK VARIA is a backtick to it). A
    /// scalar is such an equal of another only when its decomposition is a single other scalar,
    /// and those are all full composition exclusions, so a line that holds none compares as its
    /// scalars do. An ASCII line passes at once (no `\r`: lines are split at it); nil otherwise.
    /// Grapheme breaking made an array of Characters cost most of a long line's reading.
    static func scalarsIfEachIsACharacter(_ text: Substring) -> [Unicode.Scalar]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count != text.utf8.count else { return scalars.contains("\r") ? nil : scalars }
        guard !scalars.contains(where: { $0.value >= 0x80 && $0.properties.isFullCompositionExclusion }),
            text.count == scalars.count
        else { return nil }
        return scalars
    }

    /// The bytes that may start inline markup: backslash escapes, code, images, links, tags,
    /// emphasis and strikethrough.
    private static let inlineMarks: [Bool] = (0..<256).map { "\\`![<*_~".utf8.contains(UInt8($0)) }

    /// A run of `*` or `_` is emphasis when it opens or closes a word (CommonMark's flanking
    /// rules, simplified), and not when it sits inside a word (`snake_case`) or between spaces
    /// (`5 * 3`).
    fileprivate static func isEmphasisDelimiter<Unit: InlineUnit>(before: Unit?, after: Unit?) -> Bool {
        let beforeSpace = before?.unitIsWhitespace ?? true
        let afterSpace = after?.unitIsWhitespace ?? true
        let beforePunctuation = before?.isPunctuationOrSymbol ?? false
        let afterPunctuation = after?.isPunctuationOrSymbol ?? false
        if let before, let after, before.unitIsLetter || before.unitIsNumber, after.unitIsLetter || after.unitIsNumber { return false }
        let opens = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let closes = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        return opens || closes
    }
}

/// What the inline reader reads a line as: its Characters, or (when that is the same, see
/// ``MarkdownText/scalarsIfEachIsACharacter(_:)``) its Unicode scalars, which need no
/// grapheme breaking. The tests a unit answers are a Character's.
fileprivate protocol InlineUnit: Equatable, ExpressibleByUnicodeScalarLiteral {
    /// Character's `isWhitespace`, `isLetter`, `isNumber`, and `isPunctuation || isSymbol`.
    var unitIsWhitespace: Bool { get }
    var unitIsLetter: Bool { get }
    var unitIsNumber: Bool { get }
    var isPunctuationOrSymbol: Bool { get }
    /// Appends the unit's UTF-8.
    func append(to output: inout [UInt8])
    /// The text of a run of units.
    static func text(of units: ArraySlice<Self>) -> String
}

extension Character: InlineUnit {
    fileprivate var unitIsWhitespace: Bool { isWhitespace }
    fileprivate var unitIsLetter: Bool { isLetter }
    fileprivate var unitIsNumber: Bool { isNumber }
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
    fileprivate func append(to output: inout [UInt8]) { output.append(contentsOf: utf8) }
    fileprivate static func text(of units: ArraySlice<Character>) -> String { String(units) }
}

/// A scalar answers as the Character it is alone (the tests are asked only at marks and the
/// units around them, so making that Character costs little).
extension Unicode.Scalar: InlineUnit {
    fileprivate var unitIsWhitespace: Bool { Character(self).isWhitespace }
    fileprivate var unitIsLetter: Bool { Character(self).isLetter }
    fileprivate var unitIsNumber: Bool { Character(self).isNumber }
    fileprivate var isPunctuationOrSymbol: Bool { Character(self).isPunctuationOrSymbol }
    fileprivate func append(to output: inout [UInt8]) {
        if isASCII {
            output.append(UInt8(value))
        } else {
            UTF8.encode(self) { output.append($0) }
        }
    }

    fileprivate static func text(of units: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(units.count)
        for unit in units { unit.append(to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One pass over a line's characters, markup out. The text of a link is read as a line of its
/// own (its ends are the line's ends for emphasis, code and tags) and the destination dropped.
///
/// Every search a construct needs (the closing backticks, the `>` of a tag, the bracket that
/// closes a link) is answered from tables made in one pass or from a cursor that only moves
/// forward, so a line costs time linear in its length, whatever it holds (a line of ten
/// thousand `[` or `<` once cost a scan to its end for each).
private struct InlineScanner<Unit: InlineUnit> {
    let characters: [Unit]
    /// The text read so far, as UTF-8 (appending bytes costs less than appending to a String).
    private var output: [UInt8] = []
    /// The links whose text is being read: where the text starts, its closing `]`, and the
    /// index after the destination.
    private var links: [(start: Int, close: Int, end: Int)] = []
    /// For each `[` and `(`, the index of the bracket that closes it (-1: none); made at the
    /// first bracket.
    private var closing: [Int32] = []
    /// The starts of the runs of backticks, by run length, and how far each list has been read.
    private var backtickRuns: [Int: (starts: [Int], read: Int)]?
    private var nextAngle = Cursor { $0 == ">" }
    private var nextSpace = Cursor { $0 == " " }
    private var nextColonOrAt = Cursor { $0 == ":" || $0 == "@" }

    init(units: [Unit]) {
        characters = units
        output.reserveCapacity(units.count)
    }

    mutating func run() -> String {
        var index = 0
        while index < characters.count {
            if let link = links.last, index == link.close {
                index = link.end
                links.removeLast()
                continue
            }
            let lower = links.last?.start ?? 0
            let limit = links.last?.close ?? characters.count
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < limit && characters[index + 1].isPunctuationOrSymbol:
                characters[index + 1].append(to: &output)
                index += 2
            case "`":
                let run = runLength(at: index, limit: limit)
                if let close = backtickRun(length: run, from: index + run, limit: limit) {
                    output.append(contentsOf: Unit.text(of: characters[(index + run)..<close]).trimmingWhitespace.utf8)
                    index = close + run
                } else {
                    output.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: run))
                    index += run
                }
            case "!" where index + 1 < limit && characters[index + 1] == "[":
                if let link = link(at: index + 1, limit: limit) {
                    links.append(link)
                    index = link.start
                } else {
                    character.append(to: &output)
                    index += 1
                }
            case "[":
                if let link = link(at: index, limit: limit) {
                    links.append(link)
                    index = link.start
                } else {
                    character.append(to: &output)
                    index += 1
                }
            case "<":
                let close = nextAngle.next(from: index, in: characters)
                if close < limit {
                    let empty = close == index + 1
                    let noSpace = nextSpace.next(from: index + 1, in: characters) >= close
                    if !empty, noSpace, nextColonOrAt.next(from: index + 1, in: characters) < close {
                        for unit in characters[(index + 1)..<close] { unit.append(to: &output) }
                        index = close + 1
                        continue
                    }
                    if !empty, characters[index + 1].unitIsLetter || characters[index + 1] == "/" {
                        index = close + 1
                        continue
                    }
                }
                character.append(to: &output)
                index += 1
            case "*", "_", "~":
                let run = runLength(at: index, limit: limit)
                let before = index > lower ? characters[index - 1] : nil
                let after = index + run < limit ? characters[index + run] : nil
                let isMarker = character == "~" ? run == 2 : MarkdownText.isEmphasisDelimiter(before: before, after: after)
                if !isMarker { for _ in 0..<run { character.append(to: &output) } }
                index += run
            default:
                character.append(to: &output)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// How many times the character at `index` repeats from there (before `limit`).
    private func runLength(at index: Int, limit: Int) -> Int {
        var end = index + 1
        while end < limit, characters[end] == characters[index] { end += 1 }
        return end - index
    }

    /// `[text](destination)` or `[text][label]` starting at `start` (the `[`), within `limit`.
    private mutating func link(at start: Int, limit: Int) -> (start: Int, close: Int, end: Int)? {
        if closing.isEmpty { closing = Self.matchBrackets(characters) }
        let close = Int(closing[start])
        guard close >= 0, close + 1 < limit, characters[close + 1] == "(" || characters[close + 1] == "[" else { return nil }
        let end = Int(closing[close + 1])
        guard end >= 0, end < limit else { return nil }
        return (start + 1, close, end + 1)
    }

    /// For each `[` (and `(`), the index of the `]` (`)`) where the brackets of its kind opened
    /// after it are all closed again; -1 when there is none.
    private static func matchBrackets(_ characters: [Unit]) -> [Int32] {
        var closing = [Int32](repeating: -1, count: characters.count)
        var squares: [Int32] = [], parentheses: [Int32] = []
        for (index, character) in characters.enumerated() {
            switch character {
            case "[": squares.append(Int32(index))
            case "(": parentheses.append(Int32(index))
            case "]": if let open = squares.popLast() { closing[Int(open)] = Int32(index) }
            case ")": if let open = parentheses.popLast() { closing[Int(open)] = Int32(index) }
            default: break
            }
        }
        return closing
    }

    /// The start of the first run of exactly `length` backticks at or after `from`, before
    /// `limit`. Asked with `from` only growing, so each list is read once.
    private mutating func backtickRun(length: Int, from: Int, limit: Int) -> Int? {
        if backtickRuns == nil {
            var runs: [Int: (starts: [Int], read: Int)] = [:]
            var index = 0
            while index < characters.count {
                guard characters[index] == "`" else {
                    index += 1
                    continue
                }
                let run = runLength(at: index, limit: characters.count)
                runs[run, default: ([], 0)].starts.append(index)
                index += run
            }
            backtickRuns = runs
        }
        guard var entry = backtickRuns?[length] else { return nil }
        while entry.read < entry.starts.count, entry.starts[entry.read] < from { entry.read += 1 }
        backtickRuns?[length] = entry
        guard entry.read < entry.starts.count, entry.starts[entry.read] < limit else { return nil }
        return entry.starts[entry.read]
    }

    /// The first index at or after a position whose character passes a test (the count when
    /// none), for positions asked in growing order: each character is tested once.
    private struct Cursor {
        let test: (Unit) -> Bool
        private var found = -1

        init(_ test: @escaping (Unit) -> Bool) { self.test = test }

        mutating func next(from start: Int, in characters: [Unit]) -> Int {
            if found < start {
                found = start
                while found < characters.count, !test(characters[found]) { found += 1 }
            }
            return found
        }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
