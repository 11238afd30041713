/// Finds year, month and day in date text (see ``DateParser`` for the forms); the numbers
/// are not validated here.
enum DateTokenizer {
    private enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case separator(Unicode.Scalar)
    }

    static func fields(of text: String) -> (year: Int, month: Int, day: Int)? {
        guard let date = withoutTime(Array(text.unicodeScalars)), var tokens = tokens(of: date) else { return nil }
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
        if aDigits == 4, cDigits <= 2 { return (a, b, c) }
        if aDigits <= 2, cDigits == 4 || cDigits == 2, s1 != "." { return (year(c, cDigits), a, b) }
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
    private static func withoutTime(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard let colon = scalars.firstIndex(of: ":") else { return scalars }
        var start = colon
        while start > 0, scalars[start - 1].isASCIIDigit { start -= 1 }
        let before = start > 0 ? scalars[start - 1] : " "
        guard start > 0, start < colon, before == "t" || before == "T" || before.isSpace else { return nil }
        let timeScalars = Set("0123456789:.+-apmtzucAPMTZUC".unicodeScalars)
        guard scalars[start...].allSatisfy({ timeScalars.contains($0) || $0.isSpace }) else { return nil }
        return Array(scalars[..<(start - 1)])
    }

    /// Numbers (at most 4 digits), words and `-` `/` `.` separators; spaces and commas only
    /// separate. Ordinal suffixes ("18th") and a dot after a word ("Jun.") are dropped.
    private static func tokens(of scalars: [Unicode.Scalar]) -> [Token]? {
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar.isSpace || scalar == "," {
                i += 1
            } else if scalar.isASCIIDigit {
                var j = i
                var value = 0
                while j < scalars.count, scalars[j].isASCIIDigit {
                    value = value * 10 + Int(scalars[j].value - 0x30)
                    j += 1
                    if j - i > 4 { return nil }
                }
                tokens.append(.number(value, digits: j - i))
                i = j
            } else if scalar.isASCII, scalar.isLetter {
                // Only ASCII letters: month and weekday names are English.
                var j = i
                var word = ""
                while j < scalars.count, scalars[j].isASCII, scalars[j].isLetter {
                    word.unicodeScalars.append(Unicode.Scalar(UInt8(scalars[j].value) | 0x20))
                    j += 1
                }
                if case .number? = tokens.last, ["st", "nd", "rd", "th"].contains(word) {
                    // an ordinal suffix: drop it
                } else {
                    tokens.append(.word(word))
                }
                i = j
            } else if scalar == "-" || scalar == "/" || scalar == "." {
                if scalar == ".", case .word? = tokens.last {
                    // "Jun." or "Sept.": an abbreviation's dot
                } else {
                    tokens.append(.separator(scalar))
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
