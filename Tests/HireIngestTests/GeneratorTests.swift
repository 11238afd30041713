import HireCore
import Foundation
import HireIngest
import Testing

/// Reads what `gen_mtb.py` writes; skipped when the generator or python3 is absent.
@Suite(.enabled(if: Generator.isAvailable, "needs python3 and gen_mtb.py"))
struct GeneratorTests {
    static let rows = 9_000
    static let seed = 7

    private struct Read {
        var header: MTBHeader
        var results: [Result<MTBRow, MTBRowError>]
    }

    private func read(_ bytes: [UInt8]) throws -> Read {
        // Small chunks so that records straddle chunk boundaries often.
        try withTemporaryFile(bytes) { path in
            let reader = try MTBReader(CSVReader(path: path, chunkSize: 4_093))
            var results: [Result<MTBRow, MTBRowError>] = []
            while let result = try reader.next() { results.append(result) }
            return Read(header: reader.header, results: results)
        }
    }

    @Test func theDirtyBoardLosesNoRowAndReportsEveryMalformedOne() throws {
        let (bytes, report) = try Generator.run(["--rows", "\(Self.rows)", "--seed", "\(Self.seed)", "--dirty", "--report-dirty"])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // "malformed rows (0-based data row index): 12,345,…"
        let listed = try #require(report.split(separator: ":").last)
        let malformed = Set(listed.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(malformed.count == max(3, Self.rows / 2_000))

        let dirty = try read(bytes)
        #expect(dirty.header.columns == MTBColumn.allCases)  // despite "Company  " and friends
        #expect(dirty.results.count == Self.rows)  // every data row is a row or an error
        var previousLine = 1
        for (index, result) in dirty.results.enumerated() {
            switch result {
            case .success(let row):
                #expect(!malformed.contains(index), "data row \(index) should be an error")
                #expect(row.line > previousLine)
                previousLine = row.line
            case .failure(let error):
                #expect(malformed.contains(index), "data row \(index): \(error.description)")
                #expect(error.line > previousLine)
                previousLine = error.line
                let expected = [MTBRowError.Kind.wrongFieldCount(expected: 20, got: 19), .wrongFieldCount(expected: 20, got: 21)]
                #expect(expected.contains(error.kind), "\(error.description)")
            }
        }

        // Apart from its malformed rows, the dirty file holds the clean file's rows, on the same lines.
        let (cleanBytes, _) = try Generator.run(["--rows", "\(Self.rows)", "--seed", "\(Self.seed)"])
        let clean = try read(cleanBytes)
        #expect(clean.results.count == Self.rows)
        for (index, (dirtyResult, cleanResult)) in zip(dirty.results, clean.results).enumerated() where !malformed.contains(index) {
            #expect(try dirtyResult.get() == cleanResult.get())
        }
    }

    @Test func theCleanBoardReadsWithoutErrorsAndItsSalariesAndDatesParse() throws {
        let (bytes, _) = try Generator.run(["--rows", "\(Self.rows)", "--seed", "\(Self.seed + 1)"])
        let read = try read(bytes)
        let rows = read.results.compactMap { try? $0.get() }
        #expect(rows.count == Self.rows)
        #expect(rows.allSatisfy { $0.warning == nil && $0.extras.isEmpty })
        #expect(rows.contains { $0[.notes].contains("\n") })  // multi-line notes made it through
        #expect(rows.contains { $0[.cm].contains("ł") || $0[.cm].contains("ë") || $0[.cm].contains("é") })
        #expect(Set(rows.map(\.jobId)).count == Self.rows)

        // The generator writes "DOE" on purpose: it is not a salary. Everything else must parse.
        let unparsedSalaries = rows.map { $0[.salary] }.filter { !$0.isEmpty && $0 != "DOE" && SalaryParser.parse($0) == nil }
        #expect(unparsedSalaries.isEmpty, "\(Set(unparsedSalaries).prefix(10))")
        #expect(rows.filter { $0[.salary] == "DOE" }.allSatisfy { SalaryParser.parse($0[.salary]) == nil })
        let salaries = rows.compactMap { SalaryParser.parse($0[.salary]) }
        #expect(salaries.contains { $0.period == .hour })
        #expect(salaries.contains { $0.min == nil && $0.max != nil })  // "Up to $…"

        let unparsedDates = rows.map { $0[.received] }.filter { !$0.isEmpty && DateParser.parse($0) == nil }
        #expect(unparsedDates.isEmpty, "\(Set(unparsedDates).prefix(10))")
    }
}
