@testable import HireIngest
import Testing

@Suite struct SalaryParserTests {
    static let readable: [(String, ParsedSalary)] = [
        ("$120,000 - $140,000", ParsedSalary(min: 120_000, max: 140_000, currency: "USD", period: .year)),
        ("$120,000-$140,000", ParsedSalary(min: 120_000, max: 140_000, currency: "USD", period: .year)),
        ("120k-140k", ParsedSalary(min: 120_000, max: 140_000, currency: nil, period: .year)),
        ("120K - 140K", ParsedSalary(min: 120_000, max: 140_000, currency: nil, period: .year)),
        ("$100k – $120k", ParsedSalary(min: 100_000, max: 120_000, currency: "USD", period: .year)),
        ("100k to 120k", ParsedSalary(min: 100_000, max: 120_000, currency: nil, period: .year)),
        ("100-120K", ParsedSalary(min: 100_000, max: 120_000, currency: nil, period: .year)),
        ("$140k-$120k", ParsedSalary(min: 120_000, max: 140_000, currency: "USD", period: .year)),
        ("$65/hr", ParsedSalary(min: 65, max: 65, currency: "USD", period: .hour)),
        ("$65 per hour", ParsedSalary(min: 65, max: 65, currency: "USD", period: .hour)),
        ("$50 an hour", ParsedSalary(min: 50, max: 50, currency: "USD", period: .hour)),
        ("$85 Hourly", ParsedSalary(min: 85, max: 85, currency: "USD", period: .hour)),
        ("$45-55/hr", ParsedSalary(min: 45, max: 55, currency: "USD", period: .hour)),
        ("$45/hr - $55/hr", ParsedSalary(min: 45, max: 55, currency: "USD", period: .hour)),
        ("55 - 65 / h", ParsedSalary(min: 55, max: 65, currency: nil, period: .hour)),
        ("<$50/hr", ParsedSalary(min: nil, max: 50, currency: "USD", period: .hour)),
        ("Up to $185,000", ParsedSalary(min: nil, max: 185_000, currency: "USD", period: .year)),
        ("up to 185k", ParsedSalary(min: nil, max: 185_000, currency: nil, period: .year)),
        ("$150,000+", ParsedSalary(min: 150_000, max: nil, currency: "USD", period: .year)),
        ("From $90k", ParsedSalary(min: 90_000, max: nil, currency: "USD", period: .year)),
        ("Starting at $60k", ParsedSalary(min: 60_000, max: nil, currency: "USD", period: .year)),
        ("$100k and up", ParsedSalary(min: 100_000, max: nil, currency: "USD", period: .year)),
        ("95000", ParsedSalary(min: 95_000, max: 95_000, currency: nil, period: .year)),
        ("120,000", ParsedSalary(min: 120_000, max: 120_000, currency: nil, period: .year)),
        ("$120K", ParsedSalary(min: 120_000, max: 120_000, currency: "USD", period: .year)),
        ("$120,000.50", ParsedSalary(min: 120_000.5, max: 120_000.5, currency: "USD", period: .year)),
        ("$1.2M", ParsedSalary(min: 1_200_000, max: 1_200_000, currency: "USD", period: .year)),
        ("$1.250k", ParsedSalary(min: 1_250, max: 1_250, currency: "USD", period: nil)),
        ("€60.000 - €70.000", ParsedSalary(min: 60_000, max: 70_000, currency: "EUR", period: .year)),
        ("1.200.000 EUR", ParsedSalary(min: 1_200_000, max: 1_200_000, currency: "EUR", period: .year)),
        ("60.000,50 EUR", ParsedSalary(min: 60_000.5, max: 60_000.5, currency: "EUR", period: .year)),
        ("€65,50/hr", ParsedSalary(min: 65.5, max: 65.5, currency: "EUR", period: .hour)),
        ("£45,000 per annum", ParsedSalary(min: 45_000, max: 45_000, currency: "GBP", period: .year)),
        ("£40k p.a.", ParsedSalary(min: 40_000, max: 40_000, currency: "GBP", period: .year)),
        ("USD 100,000 - 120,000", ParsedSalary(min: 100_000, max: 120_000, currency: "USD", period: .year)),
        ("CAD 80k", ParsedSalary(min: 80_000, max: 80_000, currency: "CAD", period: .year)),
        ("C$90,000", ParsedSalary(min: 90_000, max: 90_000, currency: "CAD", period: .year)),
        ("$8,000/month", ParsedSalary(min: 8_000, max: 8_000, currency: "USD", period: .month)),
        ("$2,000/wk", ParsedSalary(min: 2_000, max: 2_000, currency: "USD", period: .week)),
        ("$500 per day", ParsedSalary(min: 500, max: 500, currency: "USD", period: .day)),
        ("$70k/yr", ParsedSalary(min: 70_000, max: 70_000, currency: "USD", period: .year)),
        ("$85", ParsedSalary(min: 85, max: 85, currency: "USD", period: nil)),
        ("  $120k - $140k DOE ", ParsedSalary(min: 120_000, max: 140_000, currency: "USD", period: .year)),
        ("Base salary: ~$100k", ParsedSalary(min: 100_000, max: 100_000, currency: "USD", period: .year)),
    ]

    @Test(arguments: readable)
    func readsSalariesAsRecruitersWriteThem(text: String, expected: ParsedSalary) {
        #expect(SalaryParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", "   ", "DOE", "Competitive", "Negotiable", "N/A", "TBD", "$", "k", "up to", "120k 140k", "1 - 2 - 3",
        "$100k + bonus", "$100k or €90k", "$1,2345", "-$5", "$120k -", "10% target", "2025-06-18", "$65/lightyear",
        "$100k/hr/yr", "call me", "Up to $100k+",
    ])
    func leavesAnythingElseUnread(text: String) {
        #expect(SalaryParser.parse(text) == nil)
    }
}

@Suite struct DateParserTests {
    @Test(arguments: [
        ("2025-06-18", "2025-06-18"), ("2025-6-18", "2025-06-18"), ("2025/06/18", "2025-06-18"),
        ("2025.06.18", "2025-06-18"), ("6/18/2025", "2025-06-18"), ("06/18/2025", "2025-06-18"),
        ("6-18-2025", "2025-06-18"), ("6/18/25", "2025-06-18"), ("Jun 18, 2025", "2025-06-18"),
        ("June 18, 2025", "2025-06-18"), ("Jun 18 2025", "2025-06-18"), ("18 Jun 2025", "2025-06-18"),
        ("18 June, 2025", "2025-06-18"), ("JUN. 18TH, 2025", "2025-06-18"), ("Wed, Jun 18, 2025", "2025-06-18"),
        ("18-Jun-25", "2025-06-18"), ("2025-Jun-18", "2025-06-18"), ("Sept 1, 2025", "2025-09-01"),
        ("  December 31, 1999 ", "1999-12-31"), ("2025-06-18T10:30:00Z", "2025-06-18"),
        ("2025-06-18 10:30", "2025-06-18"), ("6/18/2025 10:30 AM", "2025-06-18"), ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"), ("2/29/24", "2024-02-29"), ("Mar 3, 2023", "2023-03-03"),
    ])
    func readsDatesAsWrittenOnAUSBoard(text: String, iso: String) {
        #expect(DateParser.parse(text) == iso)
    }

    @Test(arguments: [
        "", "yesterday", "2025-02-29", "2023-02-29", "1900-02-29", "2100-02-29", "13/1/2025", "18/6/2025",
        "2025-13-01", "2025-00-10", "2025-06-00", "0/1/2025", "Jun 31, 2025", "Feb 30 2024", "Jun 2025", "2025-06",
        "2025/06-18", "6/18/225", "6/18/02025", "20250618", "2025-06-18 garbage", "Foo 18, 2025",
        "Jun 18, 2025, Jun 19, 2025", "6.18.2025", "18 Jun", "Jun Jul 2025", "2025-06-18T", "12:30",
    ])
    func leavesAnythingElseUnread(text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    /// The ISO shortcut answers exactly as the tokenizer does, on every day of leap and
    /// common years and on the impossible dates around them.
    @Test(arguments: [1, 1900, 1999, 2000, 2023, 2024, 2100, 9999])
    func isoShortcutAgreesWithTheTokenizer(year: Int) {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yyyy = String(repeating: "0", count: 4 - String(year).count) + String(year)
        for month in 0...13 {
            for day in 0...32 {
                let text = "\(yyyy)-\(two(month))-\(two(day))"
                let general = DateTokenizer.fields(of: text).flatMap { fields -> String? in
                    (1...12).contains(fields.month) && fields.day >= 1 && fields.day <= DateParser.daysIn(month: fields.month, year: fields.year)
                        && (1...9999).contains(fields.year) ? text : nil
                }
                #expect(DateParser.isoFastPath(text) == general, "\(text)")
                #expect(DateParser.parse(text) == general, "\(text)")
            }
        }
        #expect(DateParser.isoFastPath("0000-01-01") == nil)
        #expect(DateParser.isoFastPath("2024-1-01") == nil)
        #expect(DateParser.isoFastPath("2024-01-1x") == nil)
    }
}
