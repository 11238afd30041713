import HireIngest
import HireRPC

/// Finds a salary inside free text with ``SalaryParser``: from each currency sign, or from a
/// number after a pay word, the longest run of words (up to eight) that parses.
enum SalaryText {
    static func find(in text: String) -> SalaryRange? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty else { return nil }
        for start in words.indices {
            let word = words[start]
            let money = word.contains(where: { "$€£¥₹".contains($0) }) || word.hasPrefix("USD") || word.hasPrefix("EUR")
            let number = word.first?.isNumber == true && start > 0 && payWords.contains(words[start - 1].lowercased().trimmingCharacters(":"))
            guard money || number || (start == 0 && word.first?.isNumber == true) else { continue }
            for end in stride(from: min(words.count, start + 8), to: start, by: -1) {
                var candidate = words[start..<end].joined(separator: " ")
                while let last = candidate.last, ".,;:)(".contains(last) { candidate.removeLast() }
                if let parsed = SalaryParser.parse(candidate), parsed.min != nil || parsed.max != nil {
                    return range(parsed)
                }
            }
        }
        return nil
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
