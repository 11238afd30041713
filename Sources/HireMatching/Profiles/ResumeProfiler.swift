import Foundation
import HireCore

/// Reads a ``ResumeProfile`` from a resume's text. Nothing is guessed beyond what the text
/// says: a part the text does not show stays nil or empty.
public enum ResumeProfiler {
    /// The profile of `text`; `now` ends ranges that run to "Present" unless the text gives
    /// its own date ("Last updated: …").
    public static func profile(text: String, now: Date = Date(), taxonomy: Taxonomy = .builtin) -> ResumeProfile {
        read(text: text, now: now, taxonomy: taxonomy).profile
    }

    /// The profile of `text` and its ``TermVector`` for matching, from one tokenizing pass
    /// that serves the lines, the skills and the vector alike.
    public static func read(text: String, now: Date = Date(), taxonomy: Taxonomy = .builtin) -> (profile: ResumeProfile, terms: TermVector) {
        let tokens = Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon)
        let size = text.utf8.count
        // A long text is read on two cores: the vector and the whole-text cues on one, the
        // lines and sections on the other; then the titles beside the dates and the rest.
        let ((terms, mentions, education, lowered), (lines, sections)) = Concurrently.both(
            textSize: size,
            {
                let (terms, mentions) = TermVector.reading(tokens: tokens, taxonomy: taxonomy)
                let education = EducationParser.levels(in: tokens).max()?.name
                return (terms, mentions, education, text.fastLowercased().replacingApostrophes)
            },
            {
                let lines = Sections.lines(of: text, tokens: tokens)
                return (lines, Sections.split(lines, as: .resume))
            })
        var profile = ResumeProfile()
        let name = Contacts.name(in: lines)
        profile.name = name
        profile.email = Contacts.email(in: text)
        profile.phone = Contacts.phone(in: Array(lines.prefix(15)))
        profile.location = Contacts.location(in: lines)
        profile.education = education
        // Measured on long resumes (realistic ones and random words): the titles on one core,
        // the skills, the years and the cues of the lowercased text on the other take about as long.
        (profile.titles, (profile.skills, profile.yearsExperience, profile.needsSponsorship, profile.workPreference, profile.desiredSalary)) =
            Concurrently.both(
                textSize: size, { titles(in: sections, name: name) },
                {
                    (
                        skills(mentioned: mentions, tokens: tokens, sections: sections, name: name, taxonomy: taxonomy),
                        years(in: sections, lines: lines, now: now), Sponsorship.resumeNeeds(lowered), workPreference(in: lines, text: lowered),
                        desiredSalary(in: lines, text: lowered)
                    )
                })
        return (profile, terms)
    }

    /// Canonical skills, most mentioned first (ties: first mentioned first). A mention in its
    /// line's ``notSkills(in:kind:name:)`` range does not count, nor a job title the gazetteer
    /// lists ("Software Developer"). Only the lines that hold a mention are looked at, once each.
    static func skills(mentioned mentions: [Taxonomy.Match], tokens: [Token], sections: [Section], name: String?, taxonomy: Taxonomy) -> [String] {
        // Every line's start in text order, with where it is, to find a mention's line by halving.
        var starts: [(offset: Int, section: Int, line: Int)] = []
        for (sectionIndex, section) in sections.enumerated() {
            for (lineIndex, line) in section.lines.enumerated() { starts.append((line.offset, sectionIndex, lineIndex)) }
        }
        var ignored: [Int: Range<Int>?] = [:]
        var counts: [Int32: (count: Int, first: Int)] = [:]
        var titles: [Int32: Bool] = [:]
        for (order, match) in mentions.enumerated() {
            let offset = tokens[match.start].offset
            var low = 0, high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle].offset <= offset { low = middle + 1 } else { high = middle }
            }
            if low > 0 {
                let found = starts[low - 1]
                let range =
                    ignored[low - 1]
                    ?? {
                        let section = sections[found.section]
                        let range = notSkills(in: section.lines[found.line], kind: section.kind, name: name)
                        ignored[low - 1] = range
                        return range
                    }()
                if let range, range.contains(offset) { continue }
            }
            if titles[match.skill] ?? {
                let title = TitleWords.isTitle(taxonomy.names[Int(match.skill)])
                titles[match.skill] = title
                return title
            }() { continue }
            counts[match.skill, default: (0, order)].count += 1
        }
        return counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.first < $1.value.first }
            .map { taxonomy.names[Int($0.key)] }
    }

    /// The bytes of a line whose words are not the person's skills: the name where the line
    /// starts with it (Maya, Autodesk's 3D tool, is a first name there); the employer and place
    /// after a title in the work history ("Studio Nine", "Desert Solar"); a short line naming
    /// a degree ("B.A. Communication": a field of study).
    static func notSkills(in line: TextLine, kind: SectionKind, name: String?) -> Range<Int>? {
        let end = line.offset + line.text.utf8.count
        if let name, line.text.hasPrefix(name) { return line.offset..<(line.offset + name.utf8.count) }
        if kind == .experience, let title = title(inLine: line.text, maxWords: 14), line.text.hasPrefix(title) {
            return (line.offset + title.utf8.count)..<end
        }
        if line.tokens.count <= 16, EducationParser.levels(in: line.tokens).contains(where: { $0 > .highSchool }) { return line.offset..<end }
        return nil
    }

    // MARK: Titles

    /// Titles from a headline under the name and from the experience sections, in the order
    /// written (resumes list the latest job first).
    static func titles(in sections: [Section], name: String?) -> [String] {
        let kept = 8
        var titles: [String] = []
        // At most `kept` titles are kept, so a resume of many short lines costs a scan of
        // those few per title, never of every title found.
        func add(_ title: String) {
            guard titles.count < kept, !titles.contains(where: { $0.caseInsensitiveCompare(title) == .orderedSame }) else { return }
            titles.append(title)
        }
        let hasExperience = sections.contains { $0.kind == .experience }
        for section in sections where titles.count < kept {
            switch section.kind {
            case .preamble, .summary:
                // Without an experience heading the history sits here too, after the headline.
                // Past the headline's eight lines only a dated line (a digit) is tried: a long
                // headingless text costs a byte scan per line, not a title reading.
                let most = hasExperience ? 8 : 14
                for (index, line) in section.lines.prefix(hasExperience ? 8 : section.lines.count).enumerated()
                where titles.count < kept && !isName(line, name) && (index < 8 || line.text.utf8.contains(where: { $0 &- 0x30 < 10 })) {
                    if let title = labelledTitle(line) ?? title(inLine: line.text, maxWords: most) {
                        add(title)
                    } else {
                        clauseTitles(in: line.text, maxWords: most).forEach(add)
                    }
                }
            case .experience:
                for line in section.lines where titles.count < kept {
                    if let title = title(inLine: line.text, maxWords: 14) { add(title) } else { clauseTitles(in: line.text, maxWords: 14).forEach(add) }
                }
            case .education, .skills:
                continue
            default:
                if !hasExperience {
                    for line in section.lines where titles.count < kept { if let title = title(inLine: line.text, maxWords: 10) { add(title) } }
                }
            }
        }
        return titles
    }

    /// Whether a line is the name's, or starts with it ("MARIA LOPEZ, RN": a credential, not a title).
    private static func isName(_ line: TextLine, _ name: String?) -> Bool {
        guard let name else { return false }
        return line.text == name || line.lowered.hasPrefix(name.fastLowercased())
    }

    /// Titles in the clauses of a line too long to be one title: a one-paragraph resume
    /// ("Priya Raman — Senior Java Engineer — Chicago, IL — … Java Developer at Lakeview
    /// (2016 - 2019): built claims APIs.") or a history line that runs on into its duties. The
    /// line's first 2,000 bytes are split at full stops, semicolons, colons and dashes.
    static func clauseTitles(in line: String, maxWords: Int, screened: Bool = true) -> [String] {
        guard !screened || TitleWords.mayNameRole(line), let first = line.first, !"•-*–·▪●◦✓>".contains(first) else { return [] }
        var head = line
        if head.utf8.count > 2_000 { head = String(decoding: head.utf8.prefix(2_000), as: UTF8.self) }
        var clauses = [head]
        for separator in [". ", "; ", ": ", " — ", " – ", "), "] where head.includes(separator) {
            clauses = clauses.flatMap { $0.components(separatedBy: separator) }
        }
        guard clauses.count > 1 else { return [] }
        return clauses.compactMap { title(inLine: $0.trimmingSpaces, maxWords: maxWords, screened: screened) }
    }

    private static func labelledTitle(_ line: TextLine) -> String? {
        for label in ["title:", "position:", "desired position:", "objective:", "желаемая должность:", "должность:"]
        where line.lowered.hasPrefix(label) {
            let rest = String(line.text.dropFirst(label.count)).trimmingSpaces
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    /// The part of a short line that names a role: "Senior Software Engineer — Acme, Austin
    /// (2019–Present)" gives "Senior Software Engineer". Bulleted lines and sentences are not titles.
    /// A line ``TitleWords/mayNameRole(_:)`` refuses is not read (`screened: false` reads it anyway).
    static func title(inLine line: String, maxWords: Int, screened: Bool = true) -> String? {
        guard !screened || TitleWords.mayNameRole(line), let first = line.first, !"•-*–·▪●◦✓>".contains(first), !line.includes("@") else { return nil }
        // Words counted by their spaces, stopping past the most allowed: a long line costs no more.
        var words = 1
        for byte in line.utf8 where byte == UInt8(ascii: " ") {
            words += 1
            if words > maxWords { return nil }
        }
        guard !line.hasSuffix(".") || line.count < 40 else { return nil }
        for segment in segments(of: line) {
            var text = segment.trimmingSpaces
            if let digit = firstNumber(in: text) { text = String(text[..<digit]).trimmingSpaces }
            while let last = text.last, ",;:-–—(".contains(last) { text = String(text.dropLast()).trimmingSpaces }
            // The capital first (one Character), then the words: a long segment that starts in
            // lowercase (one huge word) is never split.
            guard text.first?.isUppercase == true else { continue }
            let words = Self.words(of: text)
            guard (1...6).contains(words.count) else { continue }
            // English titles are written in title case: "Mentor to three engineers" (a bullet
            // whose marker the document dropped) is a sentence, not a title.
            let lowercaseLatin = words.dropFirst().contains { word in
                guard let first = word.first, first.isASCII, first.isLetter, first.isLowercase else { return false }
                return !["of", "and", "for", "in", "de", "&"].contains(word)
            }
            guard !lowercaseLatin else { continue }
            let tokens = Tokenizer.tokens(in: text.lowercased())
            guard let lastWord = tokens.last else { continue }
            // The role noun ends the title in English ("Staff Accountant") and starts it in Russian.
            if TitleWords.roles.contains(lastWord.text) || (!lastWord.latinWord && tokens.contains { TitleWords.roles.contains($0.text) }) {
                return text
            }
            // …or comes before "of" ("Head of Platform Engineering", "Director of Nursing").
            if let of = text.range(of: " of "),
                let before = Tokenizer.tokens(in: text[..<of.lowerBound].lowercased()).last, TitleWords.roles.contains(before.text)
            {
                return text
            }
        }
        return nil
    }

    /// Where the first number starts (`firstIndex(where: \.isNumber)`); an ASCII text is read
    /// as bytes (its only numbers are the digits, each a Character), without Characters.
    static func firstNumber(in text: String) -> String.Index? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.firstIndex(where: \.isNumber) }
        return text.utf8.firstIndex { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The text split at spaces (`split(separator: " ")`); an ASCII text is split on its bytes.
    static func words(of text: String) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ") }
        return text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
    }

    private static let titleSeparators = [" | ", " — ", " – ", " - ", ", ", "; ", " at ", " @ ", "(", "\t", " / ", " в ", " • ", " · "]
        .map { Array($0.utf8) }

    /// The parts of a line between title separators, in one pass over its bytes (splitting by
    /// each separator in turn through Foundation was most of a long resume's profiling).
    static func segments(of line: String) -> [String] {
        let bytes = Array(line.utf8)
        var segments: [String] = []
        var start = 0, index = 0
        scan: while index < bytes.count {
            // Every separator starts with a space, a comma, a semicolon, a bracket or a tab.
            let byte = bytes[index]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: "\t")
            else {
                index += 1
                continue
            }
            for separator in titleSeparators where bytes.count - index >= separator.count && bytes[index] == separator[0] {
                if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                    segments.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += separator.count
                    start = index
                    continue scan
                }
            }
            index += 1
        }
        segments.append(String(decoding: bytes[start...], as: UTF8.self))
        return segments
    }

    // MARK: Years

    /// The larger of the dated work history (overlaps once) and the largest "N years of
    /// experience" statement, rounded to a tenth. "Present" is the document's own date when a
    /// line gives it ("Last updated: January 2026"), else `now`: a resume written in 2021 and
    /// read today has not grown five years of experience.
    static func years(in sections: [Section], lines: [TextLine], now: Date) -> Double? {
        let hasExperience = sections.contains { $0.kind == .experience }
        let clock = YearsParser.monthIndex(of: now)
        let current = YearsParser.documentMonth(in: lines, current: clock) ?? clock
        var spans: [YearsParser.Span] = []
        var stated: Double?
        for section in sections {
            let countsRanges = hasExperience ? section.kind == .experience : section.kind != .education
            for line in section.lines {
                if countsRanges, !isSchooling(line, in: section.kind) {
                    spans += YearsParser.spans(in: line.tokens, current: current)
                }
                if section.kind != .education, let best = YearsParser.statements(in: line.tokens, anyContext: false).map(\.min).max() {
                    stated = max(stated ?? 0, best)
                }
            }
        }
        let worked = Double(YearsParser.months(coveredBy: spans)) / 12
        let years = max(worked, stated ?? 0)
        return years > 0 ? (years * 10).rounded() / 10 : nil
    }

    /// Whether a line's dates are schooling rather than work: it names a degree; or, outside
    /// an experience section, a high school. Under an experience heading a high school is an
    /// employer ("Math Teacher, East Side High School — 2019 – 2025").
    private static func isSchooling(_ line: TextLine, in kind: SectionKind) -> Bool {
        let levels = EducationParser.levels(in: line.tokens)
        return kind == .experience ? levels.contains { $0 > .highSchool } : !levels.isEmpty
    }

    // MARK: Preferences

    /// A line that states a preference (a cue) and a way of working. The whole text
    /// (`lowered`, as the lines are) is searched first: most texts hold no cue, and then no
    /// line needs searching.
    private static func workPreference(in lines: [TextLine], text lowered: String) -> String? {
        guard preferenceCues.any(in: lowered) else { return nil }
        for line in lines {
            // The line's lowercased text (its apostrophes as ASCII ones: no cue has one).
            let lowered = line.lowered
            guard preferenceCues.any(in: lowered) else { continue }
            if lowered.includes("hybrid") { return "hybrid" }
            if lowered.includes("remote") || lowered.includes("work from home") || lowered.includes("удален") { return "remote" }
            if lowered.includes("on-site") || lowered.includes("onsite") || lowered.includes("in office") || lowered.includes("in-office") {
                return "onsite"
            }
        }
        return nil
    }

    private static let preferenceCues = PhraseSet([
        "prefer", "seeking", "looking for", "open to", "preference", "desired", "available for", "interested in", "only",
    ])

    private static func desiredSalary(in lines: [TextLine], text lowered: String) -> SalaryRange? {
        guard salaryLabels.any(in: lowered) else { return nil }
        for line in lines {
            guard let found = salaryLabels.first(in: line.lowered) else { continue }
            let label = salaryLabelNames[found]
            // The line's lowercased text: its apostrophes changed one for one, so offsets hold.
            let lowered = line.lowered
            guard let range = lowered.range(of: label) else { continue }
            let offset = lowered.distance(from: lowered.startIndex, to: range.upperBound)
            let rest = String(line.text.dropFirst(offset))
            if let salary = SalaryText.find(in: rest) { return salary }
        }
        return nil
    }

    private static let salaryLabelNames = [
        "desired salary", "salary expectation", "expected salary", "target salary", "desired compensation",
        "compensation expectation", "desired pay", "salary requirement", "желаемая зарплата", "ожидаемая зарплата",
    ]
    private static let salaryLabels = PhraseSet(salaryLabelNames)
}
