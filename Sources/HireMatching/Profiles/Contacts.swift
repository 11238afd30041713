import Foundation

/// Contact details near the top of a resume: email, phone, name and location.
enum Contacts {
    /// The first email address in the text. Its parts are ASCII, so it is read as bytes (the
    /// text's scalars cost a copy four times its size).
    static func email(in text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "@") {
                var start = index
                while start > 0, isLocalPart(bytes[start - 1]) { start -= 1 }
                var end = index + 1
                while end < bytes.count, isDomainPart(bytes[end]) { end += 1 }
                while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
                let domain = bytes[(index + 1)..<end]
                guard start < index, domain.contains(UInt8(ascii: ".")), domain.first != UInt8(ascii: ".") else { continue }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            return nil
        }
    }

    private static func isLocalPart(_ byte: UInt8) -> Bool {
        isASCIIAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func isDomainPart(_ byte: UInt8) -> Bool {
        isASCIIAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// The first phone number among the lines: 10 to 15 digits written with spaces, dots,
    /// dashes, brackets or a leading `+`, and not a range of years.
    static func phone(in lines: [TextLine]) -> String? {
        // Phone numbers are ASCII: the line is read as bytes (a long line costs no Characters).
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let marks = Array(" .-()+".utf8)
        for line in lines {
            let characters = Array(line.text.utf8)
            var index = 0
            while index < characters.count {
                let first = characters[index]
                guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "(") else {
                    index += 1
                    continue
                }
                var end = index, digits = 0
                while end < characters.count, isDigit(characters[end]) || marks.contains(characters[end]) {
                    if isDigit(characters[end]) { digits += 1 }
                    end += 1
                }
                let candidate = String(decoding: characters[index..<end], as: UTF8.self).trimmingSpaces
                let grouped = candidate.contains(where: { " .-()".contains($0) }) || candidate.hasPrefix("+")
                if (10...15).contains(digits), grouped || digits == 10, !looksLikeYears(candidate) { return candidate }
                index = max(end, index + 1)
            }
        }
        return nil
    }

    private static func looksLikeYears(_ text: String) -> Bool {
        let groups = text.split(whereSeparator: { !$0.isNumber })
        return groups.count == 2 && groups.allSatisfy { $0.count == 4 && ($0.hasPrefix("19") || $0.hasPrefix("20")) }
    }

    /// The candidate's name: the first line (of the first five) of two to four words, each
    /// capitalised, letters only, that is not a heading. All-capitals names are shown capitalised.
    static func name(in lines: [TextLine]) -> String? {
        for line in lines.prefix(5) {
            var text = line.text
            for label in ["Name:", "Имя:", "ФИО:"] where text.hasPrefix(label) { text = String(text.dropFirst(label.count)).trimmingSpaces }
            // "Ana López <tab> Sioux Falls, SD · ana@…": a header line holds the name first. A
            // name (50 characters at most) with its credentials is cut within 300 characters.
            if let cut = text.prefix(300).firstIndex(where: { $0 == "\t" || $0 == "·" || $0 == "|" || $0 == "•" }) {
                text = String(text[..<cut]).trimmingSpaces
            } else if text.utf8.count > 300 {
                continue
            }
            // "MARIA LOPEZ, RN", "Dana Kim, CPA, MBA": credentials after the name.
            if let comma = text.firstIndex(of: ",") {
                let after = text[text.index(after: comma)...].split(whereSeparator: { $0 == "," || $0 == " " })
                if !after.isEmpty, after.count <= 4, after.allSatisfy({ $0.count <= 5 && $0.first?.isUppercase == true }) {
                    text = String(text[..<comma])
                }
            }
            let words = text.split(separator: " ").filter { !$0.isEmpty }
            guard (2...4).contains(words.count), text.count <= 50 else { continue }
            let lettersOnly = text.allSatisfy { $0.isLetter || $0 == " " || $0 == "-" || $0 == "." || $0 == "'" || $0 == "’" }
            let capitalised = words.allSatisfy { $0.first?.isUppercase == true }
            let lowered = text.lowercased()
            let heading = ["resume", "curriculum", "vitae", "résumé", "резюме", "summary", "profile", "experience", "contact"]
                .contains { lowered.includes($0) }
            guard lettersOnly, capitalised, !heading, !isRoleLine(lowered) else { continue }
            let allCaps = !text.contains(where: \.isLowercase)
            return allCaps ? words.map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ") : words.joined(separator: " ")
        }
        return nil
    }

    /// Whether a lowercased line names a job rather than a person.
    static func isRoleLine(_ lowered: String) -> Bool {
        Tokenizer.tokens(in: lowered).contains { TitleWords.roles.contains($0.text) }
    }

    // MARK: Location

    /// "City, ST", "City, State" or "City, Country" in the first fifteen lines, as "City, ST"
    /// (US states by their two-letter code) or "City, Country".
    static func location(in lines: [TextLine]) -> String? {
        for line in lines.prefix(15) {
            var text = line.text
            for label in ["Location:", "Address:", "Based in", "Город:", "Местоположение:"] where line.lowered.includes(label.lowercased()) {
                if let range = text.range(of: label, options: .caseInsensitive) { text = String(text[range.upperBound...]) }
            }
            if let found = location(inLine: text) { return found }
        }
        return nil
    }

    /// A location in one line: in its parts between `|`, `•`, `·`, tab and `;`, then in the
    /// clauses of its first 1,000 bytes (between full stops and dashes: "Priya Raman — Java
    /// Engineer — Chicago, IL — …", "a preschool teacher in Madison, WI with six years…"),
    /// where a one-paragraph resume or ad names its place.
    static func location(inLine text: String) -> String? {
        for segment in segments(of: text) {
            if let found = location(inSegment: segment) { return found }
        }
        var head = text
        if head.utf8.count > 1_000 { head = String(decoding: head.utf8.prefix(1_000), as: UTF8.self) }
        var clauses = [head]
        for separator in [". ", " — ", " – ", " - ", "|", "•", "·", "\t", ";"] where head.includes(separator) {
            clauses = clauses.flatMap { $0.components(separatedBy: separator) }
        }
        for clause in clauses {
            if let found = location(inSegment: clause) { return found }
        }
        return nil
    }

    /// The line's non-empty parts between `|`, `•`, `·`, tab and `;` of at most 120 scalars, as
    /// splitting its scalars gives them, found on its UTF-8 bytes: a long line (a text without
    /// breaks) is neither decoded nor copied, and its long parts never become Strings.
    static func segments(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var segments: [String] = []
            var start = 0, scalars = 0, index = 0
            func close(at end: Int) {
                if end > start, scalars <= 120 { segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                var width = 0
                switch byte {
                case UInt8(ascii: "|"), UInt8(ascii: "\t"), UInt8(ascii: ";"): width = 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xB7: width = 2
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA2: width = 3
                default: break
                }
                if width > 0 {
                    close(at: index)
                    index += width
                    start = index
                    scalars = 0
                    continue
                }
                if byte & 0xC0 != 0x80 { scalars += 1 }
                index += 1
            }
            close(at: bytes.count)
            return segments
        }
    }

    /// A location in free text ("Location: Austin, TX", "based in Denver, CO").
    static func location(inSegment segment: String) -> String? {
        guard segment.utf8.contains(UInt8(ascii: ",")), segment.utf8.count <= 200 else { return nil }
        let parts = segment.split(separator: ",").map { $0.trimmingSpaces }
        guard parts.count >= 2 else { return nil }
        for index in 0..<(parts.count - 1) {
            let cityWords = parts[index].split(separator: " ").suffix(3)
            guard let city = cityName(cityWords) else { continue }
            let regionWords = parts[index + 1].split(separator: " ")
            // "Phoenix, AZ. Benefits: …", "Remote (Austin, TX)": the code without its stop or bracket.
            guard let first = regionWords.first.map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: ".)")) }) else { continue }
            var found: String?
            if first.count == 2, first.allSatisfy(\.isUppercase), let code = Places.stateCodes.contains(String(first)) ? String(first) : nil {
                found = "\(city), \(code)"
            } else {
                let region = parts[index + 1].filter { !$0.isNumber }.trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: ".)"))
                if let code = Places.stateByName[region.lowercased()] {
                    found = "\(city), \(code)"
                } else if Places.countries.contains(region.lowercased()) {
                    found = "\(city), \(region)"
                }
            }
            guard let found else { continue }
            return isSkillList(parts) ? nil : found
        }
        return nil
    }

    /// Whether comma-separated parts are a list of skills ("HTML, CSS, MS Office": "CSS, MS"
    /// looks like a city and Mississippi's code): two or more of them name a skill. A place
    /// whose city shares a skill's name ("Ruby, AK") has one.
    static func isSkillList(_ parts: [String], taxonomy: Taxonomy = .builtin) -> Bool {
        var skills = 0
        for part in parts where taxonomy.skill(named: Tokenizer.tokens(in: part, lexicon: taxonomy.lexicon)) != nil {
            skills += 1
            if skills == 2 { return true }
        }
        return false
    }

    /// One to three capitalised words of letters that end the part ("team in Denver" gives
    /// Denver, "Remote (Austin" Austin), not a role or a heading.
    private static func cityName(_ words: ArraySlice<Substring>) -> String? {
        var kept: [Substring] = []
        for word in words.reversed() {
            let bare = word.first == "(" ? word.dropFirst() : word
            guard bare.first?.isUppercase == true, bare.allSatisfy({ $0.isLetter || $0 == "." || $0 == "-" }) else { break }
            kept.insert(bare, at: 0)
            if word.first == "(" { break }
        }
        guard !kept.isEmpty else { return nil }
        let city = kept.joined(separator: " ")
        guard !isRoleLine(city.lowercased()) else { return nil }
        return city
    }
}
