/// How often a salary is paid.
public enum SalaryPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    case year, month, week, day, hour
}

/// A salary read from free text. Any part may be nil when the text does not say.
public struct ParsedSalary: Sendable, Hashable, Codable {
    /// The lower bound; nil for "Up to X".
    public var min: Double?
    /// The upper bound; nil for "X+" and "From X".
    public var max: Double?
    /// An ISO 4217 code: "USD" for `$`, "EUR" for `€`, "GBP" for `£`, or a code as written.
    /// Nil when the text has no currency (the caller may know the board's default).
    public var currency: String?
    /// The pay period as written; when the text gives none and the amount is 10,000 or
    /// more, "year" (nobody writes "$120,000" meaning per hour).
    public var period: SalaryPeriod?

    public init(min: Double?, max: Double?, currency: String? = nil, period: SalaryPeriod? = nil) {
        self.min = min
        self.max = max
        self.currency = currency
        self.period = period
    }
}

/// Reads salaries as recruiters write them.
///
/// Understood: one amount or a range (`-`, `–`, `—` or "to"); `$ € £ ¥ ₹` and 3-letter codes
/// (`USD`, `EUR`, …; `US$`, `C$`, `A$`); `k`/`K` (thousand) and `m`/`M`/`MM` (million)
/// suffixes, where the upper bound's suffix carries to a bare lower bound ("100-120K");
/// periods ("/hr", "per hour", "an hour", "hourly", "/yr", "annually", "p.a.", "/month",
/// "weekly", "/day", …); "Up to X", "to X", "under X", "max X" (upper bound only); "X+",
/// "From X", "starting at X", "at least X", "X and up" (lower bound only); and the noise
/// words "base", "salary", "DOE", "negotiable", "approx.", "about", "around", "gross", `~`.
///
/// Thousands separators: `,` then exactly three digits is a thousands separator ("120,000");
/// `.` then exactly three digits is one too ("€60.000", "1.200.000" — European style; a salary
/// is never written with three decimals), except before a `k`/`m` suffix ("1.250k" is 1,250).
/// With both `,` and `.`, the last one is the decimal point ("60.000,50" and "60,000.50").
/// A single `,` before one or two digits is a decimal comma ("€65,50").
///
/// Anything else gives nil, and the caller keeps the text as written: no amount ("DOE",
/// "Competitive"), other words ("$100k + bonus"), two amounts without a range between them,
/// three amounts, or conflicting currencies, periods or bounds ("Up to $100k+").
public enum SalaryParser {
    /// The salary in `text`, or nil when it is not one (including empty text).
    public static func parse(_ text: String) -> ParsedSalary? {
        // The commonest non-salaries, without tokenizing (a fifth of a generated board).
        if text.isEmpty || text == "DOE" { return nil }
        let tokens = SalaryTokenizer.tokens(of: text)
        var reading = SalaryReading()
        var index = 0
        while index < tokens.count {
            guard let consumed = reading.take(tokens, at: index) else { return nil }
            index += consumed
        }
        return reading.result()
    }
}

/// Reads dates as written on a US board, to ISO `yyyy-MM-dd`.
///
/// Understood: `2025-06-18`, `2025-6-18`, `2025/06/18`, `2025.06.18`; US month-first
/// `6/18/2025`, `06/18/2025`, `6-18-2025`, `6/18/25`; month names, full or short, in any of
/// `Jun 18, 2025`, `June 18 2025`, `Jun. 18th, 2025`, `18 Jun 2025`, `18-Jun-25`,
/// `2025-Jun-18`, optionally after a weekday (`Wed, Jun 18, 2025`); and any of these followed
/// by a time (`2025-06-18T10:30:00Z`, `6/18/2025 10:30 AM`), which is ignored. Two-digit
/// years are 20xx. Day-first numeric dates (`18/6/2025`) are not read. The date must exist
/// (leap years included); there are no time zones: it is the calendar date as written.
public enum DateParser {
    /// The ISO date in `text`, or nil.
    public static func parse(_ text: String) -> String? {
        if let iso = isoFastPath(text) { return iso }
        guard let (year, month, day) = DateTokenizer.fields(of: text) else { return nil }
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return nil
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `text` itself when it is already a valid ISO `yyyy-MM-dd` date (what the general path
    /// would return for it), without tokenizing: most boards write their dates this way, and
    /// the tokenizer was a tenth of an import's reading thread. Nil means "not that shape,
    /// or not a real date": the general path decides.
    static func isoFastPath(_ text: String) -> String? {
        var bytes = text
        let valid = bytes.withUTF8 { bytes -> Bool in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return false }
            return year >= 1 && (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
        }
        return valid ? text : nil
    }

    /// The number of days in `month` (1–12) of `year` (Gregorian).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
