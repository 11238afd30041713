/// A piece of salary text.
enum SalaryToken: Equatable {
    /// An amount with its suffix multiplier (1, 1,000 or 1,000,000) already applied.
    case number(Double, multiplier: Double)
    /// A run of letters, lowercased.
    case word(String)
    /// Any other non-space character.
    case symbol(Unicode.Scalar)
}

/// Splits salary text into tokens; numbers are read with their separators and suffixes.
/// Works on Unicode scalars (not Characters): every character that matters is one scalar.
enum SalaryTokenizer {
    static func tokens(of text: String) -> [SalaryToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [SalaryToken] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar.isSpace {
                i += 1
            } else if scalar.isASCIIDigit {
                var j = i
                while j < scalars.count,
                    scalars[j].isASCIIDigit
                        || ((scalars[j] == "," || scalars[j] == ".") && j + 1 < scalars.count && scalars[j + 1].isASCIIDigit)
                {
                    j += 1
                }
                var multiplier = 1.0
                var k = j
                while k < scalars.count, scalars[k].isLetter { k += 1 }
                switch lowercasedWord(scalars[j..<k]) {
                case "k": multiplier = 1_000
                case "m", "mm": multiplier = 1_000_000
                default: k = j  // not a suffix: the letters are a word of their own
                }
                // An unreadable number makes the whole text unreadable.
                guard let (mantissa, fractionDigits) = readNumber(scalars[i..<j], hasSuffix: multiplier != 1) else {
                    return [.word("?")]
                }
                var divisor = 1.0
                for _ in 0..<fractionDigits { divisor *= 10 }
                tokens.append(.number(mantissa * multiplier / divisor, multiplier: multiplier))
                i = k
            } else if scalar.isLetter {
                var j = i
                while j < scalars.count, scalars[j].isLetter { j += 1 }
                tokens.append(.word(lowercasedWord(scalars[i..<j])))
                i = j
            } else {
                tokens.append(.symbol(scalar))
                i += 1
            }
        }
        return tokens
    }

    /// The letters as a String, ASCII letters lowercased (other letters never match a
    /// known word, so they are kept as they are).
    private static func lowercasedWord(_ letters: ArraySlice<Unicode.Scalar>) -> String {
        var word = String.UnicodeScalarView()
        for letter in letters {
            if ("A"..."Z").contains(letter) {
                word.append(Unicode.Scalar(UInt8(letter.value) | 0x20))
            } else {
                word.append(letter)
            }
        }
        return String(word)
    }

    /// Reads digits with `,` and `.` separators (see ``SalaryParser`` for the rules) as an
    /// integer and the number of digits after the decimal point. The slice holds only ASCII
    /// digits and separators that each sit between two digits.
    static func readNumber(
        _ scalars: ArraySlice<Unicode.Scalar>, hasSuffix: Bool
    ) -> (mantissa: Double, fractionDigits: Int)? {
        // Digit groups and the separator before each group after the first.
        var groups: [[UInt8]] = [[]]
        var separators: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar.isASCIIDigit {
                groups[groups.count - 1].append(UInt8(scalar.value) - 0x30)
            } else {
                separators.append(scalar)
                groups.append([])
            }
        }
        let commas = separators.filter { $0 == "," }.count
        let dots = separators.count - commas
        /// The groups read with `decimal` as the decimal point and the other as thousands.
        /// Digits accumulate into an integer that is divided once, so "65,50" is exactly 65.5.
        func value(decimalAt decimal: Int?) -> (mantissa: Double, fractionDigits: Int) {
            var mantissa = 0.0
            var fractionDigits = 0
            for (index, group) in groups.enumerated() {
                if let decimal, index > decimal + 1 { break }
                for digit in group { mantissa = mantissa * 10 + Double(digit) }
                if let decimal, index == decimal + 1 { fractionDigits = group.count }
            }
            return (mantissa, fractionDigits)
        }
        let thousandsGrouped =
            groups.count >= 2 && (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
        if commas == 0, dots == 0 { return value(decimalAt: nil) }
        if dots == 0 {
            if commas == 1, (1...2).contains(groups[1].count) { return value(decimalAt: 0) }  // "65,50"
            return thousandsGrouped ? value(decimalAt: nil) : nil  // "120,000"
        }
        if commas == 0 {
            if !hasSuffix, thousandsGrouped { return value(decimalAt: nil) }  // "60.000"
            return dots == 1 ? value(decimalAt: 0) : nil  // "42.5", "1.5k"
        }
        // Both: the last separator is the decimal point, the only one of its kind, and the
        // others group thousands ("60.000,50", "1,200,000.75").
        guard let last = separators.last, separators.filter({ $0 == last }).count == 1 else { return nil }
        let integerGroups = groups.dropLast()
        guard let first = integerGroups.first, (1...3).contains(first.count),
            integerGroups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return value(decimalAt: groups.count - 2)
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
        // "p.a." (per annum)
        if tokens[index] == .word("p"), next == .symbol("."), index + 2 < tokens.count, tokens[index + 2] == .word("a") {
            let withDot = index + 3 < tokens.count && tokens[index + 3] == .symbol(".")
            return setPeriod(.year) ? (withDot ? 4 : 3) : nil
        }
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

    private mutating func takeSymbol(_ symbol: Unicode.Scalar, next: SalaryToken?) -> Int? {
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

    private static let currencySymbols: [Unicode.Scalar: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"]
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
