import Foundation

/// A piece of salary text.
enum SalaryToken: Equatable {
    /// An amount with its suffix multiplier (1, 1,000 or 1,000,000) already applied.
    case number(Double, multiplier: Double)
    /// A run of letters, lowercased.
    case word(String)
    /// Any other non-space character.
    case symbol(Character)
}

/// Splits salary text into tokens; numbers are read with their separators and suffixes.
enum SalaryTokenizer {
    static func tokens(of text: String) -> [SalaryToken] {
        let lowered = text.lowercased().replacingOccurrences(of: "p.a.", with: " pa ")
        let characters = Array(lowered)
        var tokens: [SalaryToken] = []
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character.isWhitespace {
                i += 1
            } else if character.isASCIIDigit {
                var j = i
                while j < characters.count,
                    characters[j].isASCIIDigit
                        || ((characters[j] == "," || characters[j] == ".") && j + 1 < characters.count
                            && characters[j + 1].isASCIIDigit)
                {
                    j += 1
                }
                let digits = String(characters[i..<j])
                var multiplier = 1.0
                var k = j
                while k < characters.count, characters[k].isLetter { k += 1 }
                switch String(characters[j..<k]) {
                case "k": multiplier = 1_000
                case "m", "mm": multiplier = 1_000_000
                default: k = j  // not a suffix: the letters are a word of their own
                }
                // An unreadable number makes the whole text unreadable.
                guard let value = readNumber(digits, hasSuffix: multiplier != 1) else { return [.word(digits)] }
                tokens.append(.number(value * multiplier, multiplier: multiplier))
                i = k
            } else if character.isLetter {
                var j = i
                while j < characters.count, characters[j].isLetter { j += 1 }
                tokens.append(.word(String(characters[i..<j])))
                i = j
            } else {
                tokens.append(.symbol(character))
                i += 1
            }
        }
        return tokens
    }

    /// Reads digits with `,` and `.` separators (see ``SalaryParser`` for the rules).
    static func readNumber(_ text: String, hasSuffix: Bool) -> Double? {
        let lastComma = text.lastIndex(of: ",")
        let lastDot = text.lastIndex(of: ".")
        var normalised: String
        switch (lastComma, lastDot) {
        case (nil, nil):
            normalised = text
        case (let comma?, let dot?):
            let decimalIsDot = dot > comma
            let thousands: Character = decimalIsDot ? "," : "."
            guard text.filter({ $0 == (decimalIsDot ? "." : ",") }).count == 1 else { return nil }
            normalised = String(text.filter { $0 != thousands })
            if !decimalIsDot { normalised = normalised.replacingOccurrences(of: ",", with: ".") }
        case (_?, nil):
            let groups = text.split(separator: ",", omittingEmptySubsequences: false)
            if groups.count == 2, (1...2).contains(groups[1].count) {
                normalised = groups[0] + "." + groups[1]
            } else if isThousandsGrouping(groups) {
                normalised = groups.joined()
            } else {
                return nil
            }
        case (nil, _?):
            let groups = text.split(separator: ".", omittingEmptySubsequences: false)
            if !hasSuffix, isThousandsGrouping(groups) {
                normalised = groups.joined()
            } else if groups.count == 2 {
                normalised = text
            } else {
                return nil
            }
        }
        return Double(normalised)
    }

    /// "120", "000": a first group of 1–3 digits, then groups of exactly three.
    private static func isThousandsGrouping(_ groups: [Substring]) -> Bool {
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}

/// What has been read of a salary so far, token by token.
struct SalaryReading {
    private enum Bound { case lowerOnly, upperOnly }

    private var numbers: [(value: Double, multiplier: Double)] = []
    private var separated = false
    private var currency: String?
    private var period: SalaryPeriod?
    private var bound: Bound?
    private var conflicting = false

    /// Consumes the token at `index` (and maybe those after it); returns how many it took,
    /// or nil when the text is not a salary.
    mutating func take(_ tokens: [SalaryToken], at index: Int) -> Int? {
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        switch tokens[index] {
        case .number(let value, let multiplier):
            if numbers.count == 1, !separated { return nil }  // "120000 140000"
            guard numbers.count < 2 else { return nil }
            numbers.append((value, multiplier))
            return 1
        case .symbol(let symbol):
            return takeSymbol(symbol, next: next)
        case .word(let word):
            return takeWord(word, next: next)
        }
    }

    private mutating func takeSymbol(_ symbol: Character, next: SalaryToken?) -> Int? {
        if let code = Self.currencySymbols[symbol] { return setCurrency(code) ? 1 : nil }
        switch symbol {
        case "-", "–", "—":
            guard numbers.count == 1, !separated else { return nil }
            separated = true
            return 1
        case "/":
            guard case .word(let unit)? = next, let found = Self.periodUnits[unit] ?? Self.periodLetters[unit] else { return nil }
            return setPeriod(found) ? 2 : nil
        case "+", ">", "≥": return setBound(.lowerOnly) ? 1 : nil
        case "<", "≤": return setBound(.upperOnly) ? 1 : nil
        case "~", "(", ")", ",", ":", ".", ";": return 1
        default: return nil
        }
    }

    private mutating func takeWord(_ word: String, next: SalaryToken?) -> Int? {
        if let code = Self.currencyPrefixes[word], next == .symbol("$") { return setCurrency(code) ? 2 : nil }
        if Self.currencyCodes.contains(word) { return setCurrency(word.uppercased()) ? 1 : nil }
        if let unit = Self.periodUnits[word] { return setPeriod(unit) ? 1 : nil }
        if ["per", "a", "an"].contains(word), case .word(let unit)? = next,
            let found = Self.periodUnits[unit] ?? Self.periodLetters[unit]
        {
            return setPeriod(found) ? 2 : nil
        }
        switch word {
        case "to":
            if numbers.isEmpty { return setBound(.upperOnly) ? 1 : nil }
            guard numbers.count == 1, !separated else { return nil }
            separated = true
            return 1
        case "up" where next == .word("to"): return setBound(.upperOnly) ? 2 : nil
        case "and" where next == .word("up"), "or" where next == .word("more"), "or" where next == .word("higher"):
            return setBound(.lowerOnly) ? 2 : nil
        case "upto", "max", "maximum", "under", "below": return setBound(.upperOnly) ? 1 : nil
        case "from", "starting", "starts", "start", "min", "minimum", "least", "over", "above", "plus":
            return setBound(.lowerOnly) ? 1 : nil
        case "at", "base", "salary", "doe", "negotiable", "neg", "approx", "approximately", "about", "around", "gross":
            return 1
        default: return nil
        }
    }

    private mutating func setCurrency(_ code: String) -> Bool {
        if let currency, currency != code { return false }
        currency = code
        return true
    }

    private mutating func setPeriod(_ found: SalaryPeriod) -> Bool {
        if let period, period != found { return false }
        period = found
        return true
    }

    private mutating func setBound(_ found: Bound) -> Bool {
        if let bound, bound != found { return false }
        bound = found
        return true
    }

    /// The salary read, or nil when the tokens did not make one.
    func result() -> ParsedSalary? {
        var low: Double?
        var high: Double?
        switch numbers.count {
        case 1:
            let value = numbers[0].value
            if separated { return nil }  // "120k -"
            switch bound {
            case .lowerOnly: low = value
            case .upperOnly: high = value
            case nil: (low, high) = (value, value)
            }
        case 2:
            var first = numbers[0].value
            let second = numbers[1]
            // "100-120K": the upper bound's suffix carries to a bare lower bound.
            if numbers[0].multiplier == 1, second.multiplier > 1, first < 1_000 { first *= second.multiplier }
            (low, high) = (Swift.min(first, second.value), Swift.max(first, second.value))
        default:
            return nil
        }
        var period = self.period
        if period == nil, Swift.max(low ?? 0, high ?? 0) >= 10_000 { period = .year }
        return ParsedSalary(min: low, max: high, currency: currency, period: period)
    }

    private static let currencySymbols: [Character: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"]
    private static let currencyPrefixes: [String: String] = [
        "us": "USD", "c": "CAD", "ca": "CAD", "can": "CAD", "a": "AUD", "au": "AUD", "nz": "NZD",
    ]
    private static let currencyCodes: Set<String> = [
        "usd", "eur", "gbp", "cad", "aud", "nzd", "chf", "jpy", "cny", "inr", "mxn", "brl", "sek", "nok", "dkk",
        "pln", "czk", "huf", "ron", "sgd", "hkd", "zar", "ils", "aed", "krw", "php",
    ]
    /// Period words that stand alone ("65 hourly", "120k annually") or follow "/" or "per".
    private static let periodUnits: [String: SalaryPeriod] = [
        "hr": .hour, "hrs": .hour, "hour": .hour, "hours": .hour, "hourly": .hour,
        "yr": .year, "yrs": .year, "year": .year, "years": .year, "annum": .year, "annually": .year,
        "annual": .year, "yearly": .year, "pa": .year,
        "mo": .month, "mos": .month, "mth": .month, "month": .month, "months": .month, "monthly": .month,
        "wk": .week, "week": .week, "weeks": .week, "weekly": .week,
        "day": .day, "days": .day, "daily": .day,
    ]
    /// Single letters that are periods only after "/" or "per" ("$65/h").
    private static let periodLetters: [String: SalaryPeriod] = ["h": .hour, "y": .year, "m": .month, "w": .week, "d": .day]
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
