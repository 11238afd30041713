@testable import HireDaemon
import HireIngest
import Testing

@Suite struct ParsedFieldCacheTests {
    /// Remembered answers are the parsers' answers, unreadable texts (nil) included, and
    /// texts past the cache's limit are still parsed.
    @Test func answersAsTheParsersDoBeforeAndAfterItIsFull() {
        var cache = ParsedFieldCache()
        let salaries = ["$120,000 - $140,000", "DOE", "", "100k to 120k", "Competitive", "$45/hr"]
        let dates = ["2025-06-18", "6/18/2025", "yesterday", "", "Jun 18, 2025", "2023-02-29"]
        for _ in 0..<3 {
            for text in salaries { #expect(cache.salary(text) == SalaryParser.parse(text), "\(text)") }
            for text in dates { #expect(cache.date(text) == DateParser.parse(text), "\(text)") }
        }
        for n in 0..<(ParsedFieldCache.limit + 10) {
            _ = cache.salary("$\(n)k")
            _ = cache.date("1/1/\(2000 + n % 50)")
        }
        #expect(cache.salary("$99999k") == SalaryParser.parse("$99999k"))
        #expect(cache.salary("$120,000 - $140,000") == SalaryParser.parse("$120,000 - $140,000"))
        #expect(cache.date("12/31/2024") == "2024-12-31")
    }
}
