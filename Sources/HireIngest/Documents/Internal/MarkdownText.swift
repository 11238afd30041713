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
        for rawLine in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
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
    private static func isRule(_ line: Substring) -> Bool {
        let marks = line.filter { !$0.isWhitespace }
        guard marks.count >= 3, let mark = marks.first, "-*_=".contains(mark) else { return false }
        return marks.allSatisfy { $0 == mark }
    }

    /// `|---|:--:|`.
    private static func isTableSeparator(_ line: Substring) -> Bool {
        line.contains("|") && line.contains("-") && line.allSatisfy { "|-: \t".contains($0) }
    }

    /// `[label]: https://…`.
    private static func isLinkDefinition(_ line: Substring) -> Bool {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return false }
        return line[line.index(after: close)...].hasPrefix(":")
    }

    // MARK: - Inline

    private static func inline(_ text: Substring) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && characters[index + 1].isPunctuationOrSymbol:
                output.append(characters[index + 1])
                index += 2
            case "`":
                let run = characters[index...].prefix(while: { $0 == "`" }).count
                if let close = findRun(of: "`", count: run, in: characters, from: index + run) {
                    output += String(characters[(index + run)..<close]).trimmingWhitespace
                    index = close + run
                } else {
                    output += String(repeating: "`", count: run)
                    index += run
                }
            case "!" where index + 1 < characters.count && characters[index + 1] == "[":
                if let link = link(in: characters, at: index + 1) {
                    output += inline(Substring(String(characters[link.text])))
                    index = link.end
                } else {
                    output.append(character)
                    index += 1
                }
            case "[":
                if let link = link(in: characters, at: index) {
                    output += inline(Substring(String(characters[link.text])))
                    index = link.end
                } else {
                    output.append(character)
                    index += 1
                }
            case "<":
                if let close = characters[index...].firstIndex(of: ">") {
                    let inside = characters[(index + 1)..<close]
                    if !inside.isEmpty, !inside.contains(" "), inside.contains(":") || inside.contains("@") {
                        output += String(inside)
                        index = close + 1
                        continue
                    }
                    if let first = inside.first, first.isLetter || first == "/" {
                        index = close + 1
                        continue
                    }
                }
                output.append(character)
                index += 1
            case "*", "_", "~":
                let run = characters[index...].prefix(while: { $0 == character }).count
                let before = index > 0 ? characters[index - 1] : nil
                let after = index + run < characters.count ? characters[index + run] : nil
                let isMarker = character == "~" ? run == 2 : isEmphasisDelimiter(before: before, after: after)
                if !isMarker { output += String(repeating: character, count: run) }
                index += run
            default:
                output.append(character)
                index += 1
            }
        }
        return output
    }

    /// A run of `*` or `_` is emphasis when it opens or closes a word (CommonMark's flanking
    /// rules, simplified), and not when it sits inside a word (`snake_case`) or between spaces
    /// (`5 * 3`).
    private static func isEmphasisDelimiter(before: Character?, after: Character?) -> Bool {
        let beforeSpace = before?.isWhitespace ?? true
        let afterSpace = after?.isWhitespace ?? true
        let beforePunctuation = before?.isPunctuationOrSymbol ?? false
        let afterPunctuation = after?.isPunctuationOrSymbol ?? false
        if let before, let after, before.isLetter || before.isNumber, after.isLetter || after.isNumber { return false }
        let opens = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let closes = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        return opens || closes
    }

    /// `[text](destination)` or `[text][label]` starting at `start` (the `[`).
    private static func link(in characters: [Character], at start: Int) -> (text: Range<Int>, end: Int)? {
        var depth = 0
        var index = start
        var close: Int?
        while index < characters.count {
            switch characters[index] {
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { close = index }
            default: break
            }
            if close != nil { break }
            index += 1
        }
        guard let close, close + 1 < characters.count else { return nil }
        let (opener, closer): (Character, Character) = switch characters[close + 1] {
        case "(": ("(", ")")
        case "[": ("[", "]")
        default: (" ", " ")
        }
        guard opener != " " else { return nil }
        var level = 0
        for end in (close + 1)..<characters.count {
            if characters[end] == opener { level += 1 }
            if characters[end] == closer {
                level -= 1
                if level == 0 { return ((start + 1)..<close, end + 1) }
            }
        }
        return nil
    }

    private static func findRun(of mark: Character, count: Int, in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            guard characters[index] == mark else {
                index += 1
                continue
            }
            let run = characters[index...].prefix(while: { $0 == mark }).count
            if run == count { return index }
            index += run
        }
        return nil
    }
}

extension Character {
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
