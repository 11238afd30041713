/// Finds year, month and day in date text (see ``DateParser`` for the forms); the numbers
/// are not validated here.
enum DateTokenizer {
    private enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case separator(Character)
    }

    static func fields(of text: String) -> (year: Int, month: Int, day: Int)? {
        guard let date = withoutTime(Array(text.lowercased())), var tokens = tokens(of: date) else { return nil }
        if case .word(let first)? = tokens.first, weekdays.contains(first) { tokens.removeFirst() }
        if tokens.contains(where: { if case .word(let word) = $0 { months[word] != nil } else { false } }) {
            return namedMonth(tokens.filter { if case .separator = $0 { false } else { true } })
        }
        return numeric(tokens)
    }

    /// `2025-06-18`, `2025/6/18`, `2025.06.18` (year first) or `6/18/2025`, `6-18-25` (US).
    private static func numeric(_ tokens: [Token]) -> (year: Int, month: Int, day: Int)? {
        guard tokens.count == 5, case .number(let a, let aDigits) = tokens[0], case .separator(let s1) = tokens[1],
            case .number(let b, let bDigits) = tokens[2], case .separator(let s2) = tokens[3],
            case .number(let c, let cDigits) = tokens[4], s1 == s2, bDigits <= 2
        else { return nil }
        if aDigits == 4, cDigits <= 2, "-/.".contains(s1) { return (a, b, c) }
        if aDigits <= 2, cDigits == 4 || cDigits == 2, "-/".contains(s1) { return (year(c, cDigits), a, b) }
        return nil
    }

    /// `Jun 18 2025`, `18 Jun 2025`, `2025 Jun 18` (separators already dropped).
    private static func namedMonth(_ tokens: [Token]) -> (year: Int, month: Int, day: Int)? {
        guard tokens.count == 3 else { return nil }
        switch (tokens[0], tokens[1], tokens[2]) {
        case (.word(let m), .number(let d, let dDigits), .number(let y, let yDigits)) where dDigits <= 2:
            guard let month = months[m], yDigits == 4 || yDigits == 2 else { return nil }
            return (year(y, yDigits), month, d)
        case (.number(let d, let dDigits), .word(let m), .number(let y, let yDigits)) where dDigits <= 2:
            guard let month = months[m], yDigits == 4 || yDigits == 2 else { return nil }
            return (year(y, yDigits), month, d)
        case (.number(let y, 4), .word(let m), .number(let d, let dDigits)) where dDigits <= 2:
            guard let month = months[m] else { return nil }
            return (y, month, d)
        default:
            return nil
        }
    }

    /// Two-digit years are 20xx.
    private static func year(_ value: Int, _ digits: Int) -> Int { digits == 2 ? 2000 + value : value }

    /// The text before a time of day (`T10:30:00Z`, ` 10:30 AM`), or all of it when it has
    /// none; nil when what follows the colon is not a time.
    private static func withoutTime(_ characters: [Character]) -> [Character]? {
        guard let colon = characters.firstIndex(of: ":") else { return characters }
        var start = colon
        while start > 0, characters[start - 1].isASCII, characters[start - 1].isNumber { start -= 1 }
        guard start > 0, start < colon, characters[start - 1] == "t" || characters[start - 1].isWhitespace else { return nil }
        let timeCharacters = Set("0123456789:.+- amptzuc")
        guard characters[start...].allSatisfy({ timeCharacters.contains($0) || $0.isWhitespace }) else { return nil }
        return Array(characters[..<(start - 1)])
    }

    /// Numbers (at most 4 digits), words and `-` `/` `.` separators; spaces and commas only
    /// separate. Ordinal suffixes ("18th") and a dot after a word ("Jun.") are dropped.
    private static func tokens(of characters: [Character]) -> [Token]? {
        var tokens: [Token] = []
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character.isWhitespace || character == "," {
                i += 1
            } else if character.isASCII, character.isNumber {
                var j = i
                var value = 0
                while j < characters.count, characters[j].isASCII, let digit = characters[j].wholeNumberValue {
                    value = value * 10 + digit
                    j += 1
                    if j - i > 4 { return nil }
                }
                tokens.append(.number(value, digits: j - i))
                i = j
            } else if character.isLetter {
                var j = i
                while j < characters.count, characters[j].isLetter { j += 1 }
                let word = String(characters[i..<j])
                if case .number? = tokens.last, ["st", "nd", "rd", "th"].contains(word) {
                    // an ordinal suffix: drop it
                } else {
                    tokens.append(.word(word))
                }
                i = j
            } else if "-/.".contains(character) {
                if character == ".", case .word? = tokens.last {
                    // "Jun." or "Sept.": an abbreviation's dot
                } else {
                    tokens.append(.separator(character))
                }
                i += 1
            } else {
                return nil
            }
        }
        return tokens
    }

    private static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    private static let weekdays: Set<String> = [
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
        "fri", "friday", "sat", "saturday", "sun", "sunday",
    ]
}
