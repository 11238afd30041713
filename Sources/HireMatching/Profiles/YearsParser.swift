import Foundation

/// Reads years of experience: dated work-history ranges and "N+ years" statements in resumes,
/// and what a job ad asks for ("3-5 years", "5+ years", "at least seven years").
enum YearsParser {
    /// A span of months, `start..<end`, counted from year 0.
    typealias Span = Range<Int>

    // MARK: Ranges

    /// Dated ranges in a line: "Jan 2018 – Present", "2015-2019", "03/2016 - 07/2020",
    /// "March 2019 to June 2021", "янв 2018 — н.в.". Month-precise ends count their month;
    /// a year-only range counts whole years between the two (a single year as six months).
    /// `current` (a ``monthIndex(of:)``, taken once per text: the calendar is dear) ends the
    /// ranges that run to "Present".
    static func spans(in tokens: [Token], current: Int) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < tokens.count {
            guard let (first, precise, used) = date(tokens, index) else {
                index += 1
                continue
            }
            var next = index + used
            var joined = next < tokens.count && tokens[next].before == .hyphen
            if next < tokens.count, rangeWords.contains(tokens[next].text) {
                joined = true
                next += 1
            }
            guard joined, next < tokens.count else {
                index = next
                continue
            }
            var end: Int?
            var consumed = 1
            var endIsPrecise = false
            if let (value, endPrecise, count) = date(tokens, next) {
                end = endPrecise ? value + 1 : (precise ? value + 6 : value)
                consumed = count
                endIsPrecise = endPrecise
            } else if isPresent(tokens, next) {
                end = current + 1
                endIsPrecise = true
            }
            // A year-only start with a month-precise end: the middle of that year.
            let start = !precise && endIsPrecise ? first + 6 : first
            if var end, start >= 1950 * 12, end <= current + 2 {
                if end == start, !precise { end = start + 6 }
                if end > start, end - start <= 50 * 12 { spans.append(start..<end) }
            }
            index = next + consumed
        }
        return spans
    }

    /// The months the spans cover, overlaps counted once.
    static func months(coveredBy spans: [Span]) -> Int {
        var total = 0
        var reach = Int.min
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let start = max(span.lowerBound, reach)
            if span.upperBound > start { total += span.upperBound - start }
            reach = max(reach, span.upperBound)
        }
        return total
    }

    /// A date at `index`: month name and year, month number and year (`03/2016`), or a year.
    /// Returns the month index, whether it is month-precise, and the tokens used.
    private static func date(_ tokens: [Token], _ index: Int) -> (Int, Bool, Int)? {
        let token = tokens[index]
        if let month = month(token.text), index + 1 < tokens.count, let year = year(tokens[index + 1].text) {
            return (year * 12 + month, true, 2)
        }
        // At most two bytes first: a number parses only from ASCII, one Character per byte.
        if token.text.utf8.count <= 2, let number = Int(token.text), (1...12).contains(number), token.text.count <= 2, index + 1 < tokens.count,
            tokens[index + 1].before == .list, let year = year(tokens[index + 1].text)
        {
            return (year * 12 + number - 1, true, 2)
        }
        if let year = year(token.text) { return (year * 12, false, 1) }
        return nil
    }

    private static func year(_ text: String) -> Int? {
        guard text.utf8.count == 4, let value = Int(text), (1950...2100).contains(value) else { return nil }
        return value
    }

    /// 0-based month of an English or Russian month name or its abbreviation.
    static func month(_ text: String) -> Int? { monthFilter.mayContain(text) ? months[text] : nil }

    /// The month names' cheap first test (most tokens are no month).
    private static let monthFilter = WordFilter(months.keys)

    /// Month names, their abbreviations and (Russian) case forms, to the 0-based month.
    static let months: [String: Int] = {
        let forms = [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
            "september sep sept", "october oct", "november nov", "december dec",
        ]
        let russian = [
            "январь января январе янв", "февраль февраля феврале фев", "март марта марте мар", "апрель апреля апреле апр",
            "май мая мае", "июнь июня июне июн", "июль июля июле июл", "август августа августе авг",
            "сентябрь сентября сентябре сен сент", "октябрь октября октябре окт", "ноябрь ноября ноябре ноя",
            "декабрь декабря декабре дек",
        ]
        var table: [String: Int] = [:]
        for list in [forms, russian] {
            for (month, names) in list.enumerated() {
                for name in names.split(separator: " ") { table[String(name)] = month }
            }
        }
        return table
    }()

    private static let rangeWords: Set<String> = ["to", "till", "until", "through", "thru", "по", "до"]
    private static let presentWords: Set<String> = [
        "present", "current", "now", "today", "date", "ongoing", "настоящее", "сейчас", "текущее", "нв",
    ]

    private static func isPresent(_ tokens: [Token], _ index: Int) -> Bool {
        let word = tokens[index].text
        if presentWords.contains(word) { return true }
        return word == "н" && index + 1 < tokens.count && tokens[index + 1].text == "в"
    }

    /// The month a document says it was written: the first date on a line that starts with
    /// a cue ("Last updated: January 2026", "Updated 09/2025", "Resume date: November 2025"); a
    /// year alone is its middle. Nil without such a line, or when the date is later than
    /// `current` (the clock's month), which a real document date cannot be.
    static func documentMonth(in lines: [TextLine], current: Int) -> Int? {
        for line in lines where line.tokens.count <= 8 && documentDateCues.contains(where: line.lowered.hasPrefix) {
            for index in line.tokens.indices {
                guard let (value, precise, _) = date(line.tokens, index) else { continue }
                let month = precise ? value : value + 5
                return month <= current ? month : nil
            }
        }
        return nil
    }

    /// How a line that dates its document starts.
    private static let documentDateCues = [
        "last updated", "updated", "last revised", "revised", "resume date", "cv date", "date:", "as of",
        "обновлено", "дата обновления",
    ]

    static func monthIndex(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        return (parts.year ?? 2000) * 12 + (parts.month ?? 1) - 1
    }

    // MARK: Statements

    /// A number of years stated in a line, with its upper bound for a range, when the words
    /// around it speak of experience: "5+ years of experience", "3-5 years", "at least seven
    /// years", "minimum of two years", "over 10 years", "опыт от 3 лет", "от 1 года до 3 лет";
    /// "6 months of experience" is 0.5 (months only beside the word experience).
    /// `anyContext` accepts years without the word "experience" (requirement sections).
    static func statements(in line: String, anyContext: Bool) -> [(min: Double, max: Double?)] {
        statements(in: Tokenizer.tokens(in: line), anyContext: anyContext)
    }

    static func statements(in tokens: [Token], anyContext: Bool) -> [(min: Double, max: Double?)] {
        var found: [(min: Double, max: Double?)] = []
        for index in tokens.indices where yearFilter.mayContain(tokens[index].text) && unitWords.contains(tokens[index].text) {
            // "6 months of warehouse experience" is half a year; months need the word experience.
            let months = monthWords.contains(tokens[index].text)
            guard index > 0, let high = number(tokens[index - 1].text) else { continue }
            var low = high
            var upper: Double?
            if index >= 3, let first = number(tokens[index - 3].text),
                tokens[index - 2].text == "to" || tokens[index - 2].text == "and" || tokens[index - 2].text == "до",
                first < high
            {
                low = first
                upper = high
            } else if index >= 2, let first = number(tokens[index - 2].text), tokens[index - 1].before == .hyphen, first < high {
                low = first
                upper = high
            } else if index >= 4, tokens[index - 2].text == "до", let first = number(tokens[index - 4].text),
                yearWords.contains(tokens[index - 3].text), first < high
            {
                low = first
                upper = high
            }
            if low > 40 { continue }
            var from = index, to = index + 1
            while from > 0, index - from < 8, tokens[from].before < .sentence { from -= 1 }
            while to < tokens.count, to - index < 8, tokens[to].before < .sentence { to += 1 }
            let window = tokens[from..<to].map(\.text)
            let context = window.contains { experienceWords.contains($0) || $0.hasPrefix("experien") || $0.hasPrefix("опыт") }
            let age = window.contains { ageWords.contains($0) }
            guard (context || (anyContext && !months)) && !age else { continue }
            found.append(months ? (low / 12, upper.map { $0 / 12 }) : (low, upper))
        }
        return found
    }

    private static let ageWords: Set<String> = ["old", "age", "aged", "ago", "warranty", "history", "business", "founded"]
    static let yearWords: Set<String> = ["year", "years", "yrs", "yr", "год", "года", "лет", "годы"]
    /// Months, read as a twelfth of a year.
    private static let monthWords: Set<String> = ["month", "months", "mos", "месяц", "месяца", "месяцев"]
    private static let unitWords = yearWords.union(monthWords)
    private static let yearFilter = WordFilter(unitWords)
    private static let experienceWords: Set<String> = [
        "exp", "background", "working", "professional", "industry", "hands", "track", "record", "опыта", "стаж",
    ]

    private static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "один": 1, "одного": 1,
        "два": 2, "двух": 2, "три": 3, "трех": 3, "пять": 5, "пяти": 5,
    ]

    private static func number(_ text: String) -> Double? {
        if let value = Double(text), value >= 0, value < 100 { return value }
        return numberWords[text]
    }
}
