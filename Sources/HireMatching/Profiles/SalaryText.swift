import HireIngest
import HireCore

/// Finds a salary inside free text with ``SalaryParser``: from each currency sign, or from a
/// number after a pay word, the longest run of words (up to eight) that parses.
enum SalaryText {
    static func find(in text: String) -> SalaryRange? {
        let (words, rubles, monthly) = normalized(text)
        guard !words.isEmpty else { return nil }
        for start in words.indices {
            let word = words[start]
            let money = word.contains(where: { "$€£¥₹".contains($0) }) || word.hasPrefix("USD") || word.hasPrefix("EUR")
            let number = word.first?.isNumber == true && start > 0 && payWords.contains(words[start - 1].lowercased().trimmingCharacters(":"))
            guard money || number || (start == 0 && word.first?.isNumber == true) else { continue }
            for end in stride(from: min(words.count, start + 8), to: start, by: -1) {
                var candidate = words[start..<end].joined(separator: " ")
                while let last = candidate.last, ".,;:)(".contains(last) { candidate.removeLast() }
                if var parsed = SalaryParser.parse(candidate), parsed.min != nil || parsed.max != nil {
                    if rubles, parsed.currency == nil {
                        // Russian pay is quoted per month unless it says otherwise.
                        parsed.currency = "RUB"
                        parsed.period = monthly || parsed.period == .year ? .month : parsed.period
                    } else if monthly {
                        parsed.period = .month
                    }
                    return range(parsed)
                }
            }
        }
        return nil
    }

    /// Words ready for ``SalaryParser``: spaces inside numbers ("150 000") joined, Russian "от X
    /// до Y" as "X - Y", "до Y" as "up to Y", "от X" as "from X", and ruble words dropped
    /// (reported, with "в месяц" / "/мес", for the caller to apply).
    private static func normalized(_ text: String) -> (words: [String], rubles: Bool, monthly: Bool) {
        let spaced = text.replacing("\u{00A0}", with: " ").replacing("\u{202F}", with: " ").replacing("\u{2009}", with: " ")
        var words = spaced.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let lowered = spaced.fastLowercased()
        let monthly = ["в месяц", "/мес", "в мес", "per month", "/month", "a month", "monthly"].contains(where: lowered.includes)
        var rubles = false
        words = words.compactMap { word in
            var word = word
            if word.hasSuffix("₽") {
                rubles = true
                word.removeLast()
            }
            let plain = word.lowercased().trimmingCharacters(".,;:")
            if ["руб", "рублей", "рубля", "₽", "rub", "rur", "р"].contains(plain) {
                rubles = true
                return nil
            }
            return word.isEmpty ? nil : word
        }
        // "150 000", "1 200 000": groups of three digits after a short number are one number.
        var merged: [String] = []
        var grouping = false
        for word in words {
            let digits = !word.isEmpty && word.allSatisfy(\.isNumber)
            if grouping, digits, word.count == 3, let last = merged.last {
                merged[merged.count - 1] = last + word
                continue
            }
            merged.append(word)
            grouping = digits && word.count <= 3
        }
        var result: [String] = []
        var index = 0
        while index < merged.count {
            let word = merged[index].lowercased()
            if word == "от", index + 3 < merged.count, merged[index + 2].lowercased() == "до" {
                result += [merged[index + 1], "-", merged[index + 3]]
                index += 4
            } else if word == "от" {
                result.append("from")
                index += 1
            } else if word == "до" {
                result += ["up", "to"]
                index += 1
            } else {
                result.append(merged[index])
                index += 1
            }
        }
        return (result, rubles, monthly)
    }

    static func range(_ parsed: ParsedSalary) -> SalaryRange {
        SalaryRange(min: parsed.min, max: parsed.max, currency: parsed.currency, period: parsed.period?.rawValue)
    }

    private static let payWords: Set<String> = [
        "salary", "pay", "compensation", "rate", "wage", "wages", "base", "range", "зарплата", "оклад", "от", "до",
    ]
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmingCharacters(_ characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
