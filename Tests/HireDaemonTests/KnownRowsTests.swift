import Foundation
@testable import HireDaemon
import HireCore
import HireCrypto
import HireIngest
import HireStorage
import HireTestSupport
import Testing

/// Re-imports skip the records the board holds exactly as they are (issue 14): the reader
/// hands them on unparsed, and the board ends as the full comparison would leave it.
@Suite struct KnownRowsTests {
    /// Enough rows that most come after the batches the reader fills before the store offers
    /// what it knows (at most `maxQueuedBatches` + 1 of `batchSize`).
    static let rows = 20_000

    static func record(_ n: Int, notes: String? = nil, quoted: Bool = false) -> String {
        let line = row(
            "J-\(n)", state: ["TX", "CA", "NY"][n % 3], cat: ["A", "B"][n % 2], salary: "$\(80 + n % 50)K", received: "1/\(1 + n % 28)/2025",
            notes: notes ?? "note \(n % 97)")
        return quoted ? "\"J-\(n)\"" + line.dropFirst("J-\(n)".count) : line
    }

    static func write(_ path: String, header: String = header, _ lines: [String]) throws {
        try ([header] + lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Imports a file as `mtb.import` does, then writes the index's snapshot; how many rows the
    /// reader handed on unparsed, and the file's bad lines.
    static func importFile(
        _ path: String, replace: Bool, into vault: VaultStore
    ) async throws -> (counts: ImportCounts, known: Int, errors: [LineFailure]) {
        let state = BoardService.ImportState(
            reader: try MTBReader(CSVReader(path: path)), abort: false, progress: .ignore, fileSize: nil)
        defer { state.finish() }
        let counts = try await vault.importJobs(ImportOptions(replace: replace, knownRows: { state.offer($0) })) { try state.next() }
        // As the daemon does once the import's reply is on its way.
        await vault.saveBoardIndex()
        return (counts, state.known, state.errors)
    }

    /// The whole board, as the job table holds it.
    static func board(_ vault: VaultStore) async throws -> [[String]] {
        let seqs = try await vault.boardMatching([]).seqs
        return try await vault.jobs(seqs: seqs).map { $0.values + [$0.parsed.receivedDate ?? "", "\($0.parsed.salaryMin ?? -1)"] }
    }

    static func open(_ directory: String, _ key: SecureBytes) throws -> VaultStore {
        try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: key, tokenizer: MatcherSearchTokenizer.self)
    }

    /// A vault whose board was imported from `board.csv` (`rows` records), with that file's path.
    static func withBoard(_ body: (VaultStore, String, String, SecureBytes) async throws -> Void) async throws {
        try await withVault { vault, directory, key in
            let file = directory + "/board.csv"
            try write(file, (0..<rows).map { record($0) })
            let first = try await importFile(file, replace: true, into: vault)
            #expect(first.counts.inserted == rows && first.known == 0)
            try await body(vault, directory, file, key)
        }
    }

    static func withVault(_ body: (VaultStore, String, SecureBytes) async throws -> Void) async throws {
        let directory = try makeTemporaryDirectory("kr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let vault = try open(directory, key)
        try await body(vault, directory, key)
        try? vault.close()
    }

    @Test func anIdenticalReimportSkipsParsingAndLeavesTheBoardAsItWas() async throws {
        try await Self.withBoard { vault, directory, file, _ in
            let before = try await Self.board(vault)
            let again = try await Self.importFile(file, replace: true, into: vault)
            #expect(again.counts.unchanged == Self.rows)
            #expect(again.counts.inserted + again.counts.updated + again.counts.removed == 0)
            #expect(again.known > Self.rows / 3, "rows handed on unparsed: \(again.known)")
            #expect(try await Self.board(vault) == before)
        }
    }

    @Test func changedRecordsAreReadAndRememberedByTheirNewHash() async throws {
        try await Self.withBoard { vault, directory, file, _ in
            // The last rows change (after the reader has what the store knows); one goes, one comes.
            var lines = (0..<Self.rows).map { Self.record($0) }
            for n in (Self.rows - 10)..<Self.rows { lines[n] = Self.record(n, notes: "changed \(n)") }
            lines.remove(at: Self.rows - 20)
            lines.append(Self.record(Self.rows + 1))
            try Self.write(file, lines)
            let changed = try await Self.importFile(file, replace: true, into: vault)
            #expect(changed.counts.updated == 10 && changed.counts.inserted == 1 && changed.counts.removed == 1)
            #expect(changed.counts.unchanged == Self.rows - 11)
            #expect(try await vault.job(id: "J-\(Self.rows - 1)")?.values[BoardColumn.notes.ordinal] == "changed \(Self.rows - 1)")
            // The changed rows are known by their new records now.
            let again = try await Self.importFile(file, replace: true, into: vault)
            #expect(again.counts.unchanged == Self.rows)
            #expect(again.known > changed.known, "\(again.known) after \(changed.known)")
        }
    }

    @Test func anEditedRowIsReadAgainNotTakenAsKnown() async throws {
        try await Self.withBoard { vault, directory, file, _ in
            var job = try #require(try await vault.job(id: "J-\(Self.rows - 1)"))
            job.values[BoardColumn.notes.ordinal] = "edited by hand"
            _ = try await vault.updateJob(job)
            let again = try await Self.importFile(file, replace: true, into: vault)
            #expect(again.counts.updated == 1 && again.counts.unchanged == Self.rows - 1)
            #expect(try await vault.job(id: "J-\(Self.rows - 1)")?.values[BoardColumn.notes.ordinal] == "note \((Self.rows - 1) % 97)")
        }
    }

    @Test func theSameValuesUnderAnotherHeaderOrQuotingAreComparedThenKnown() async throws {
        try await Self.withBoard { vault, directory, file, key in
            // Quoted JobIDs: other records, the same values.
            let quoted = directory + "/quoted.csv"
            try Self.write(quoted, (0..<Self.rows).map { Self.record($0, quoted: true) })
            let requoted = try await Self.importFile(quoted, replace: true, into: vault)
            #expect(requoted.counts.unchanged == Self.rows && requoted.known == 0)
            // Noted without a change to the board, kept on disk: known after a reopen.
            await vault.boardIndexSettled()
            try vault.close()
            let reopened = try Self.open(directory, key)
            let afterReopen = try await Self.importFile(quoted, replace: true, into: reopened)
            #expect(afterReopen.counts.unchanged == Self.rows)
            #expect(afterReopen.known > Self.rows / 3, "\(afterReopen.known)")
            // Two columns swapped in the header and the records: nothing is known, all unchanged.
            let swapped = directory + "/swapped.csv"
            let swap = { (line: String) -> String in
                var fields = line.components(separatedBy: ",")
                fields.swapAt(1, 2)
                return fields.joined(separator: ",")
            }
            try Self.write(swapped, header: swap(header), (0..<Self.rows).map { swap(Self.record($0)) })
            let other = try await Self.importFile(swapped, replace: true, into: reopened)
            #expect(other.counts.unchanged == Self.rows && other.known == 0)
            try reopened.close()
        }
    }

    /// A JobID the file repeats is reported on its second line, whichever way each copy was
    /// read: unchanged (known) or parsed, before the store's offer reached the reader or
    /// after, and for JobIDs the board lacks.
    @Test func aRepeatedJobIdIsReportedWhetherItsCopiesWereKnownOrParsed() async throws {
        try await Self.withBoard { vault, directory, file, _ in
            var lines = (0..<Self.rows).map { Self.record($0) }
            let last = Self.rows - 1
            lines += [
                Self.record(5),  // known early (before the offer), known again
                Self.record(last - 1, notes: "changed"),  // known late, then parsed
                Self.record(Self.rows + 7),  // new, twice
                Self.record(Self.rows + 7, notes: "again"),
            ]
            lines[last - 2] = Self.record(last - 2, notes: "changed first")  // parsed, then known
            lines.append(Self.record(last - 2))
            try Self.write(file, lines)
            let (counts, known, errors) = try await Self.importFile(file, replace: false, into: vault)
            // Line numbers: the header is line 1, record n is line n + 2.
            let reported = errors.map { "\($0.line): \($0.message)" }
            let base = Self.rows + 2
            #expect(errors.map(\.line) == [base, base + 1, base + 3, base + 4], "\(reported)")
            for (line, first) in [(base, 5 + 2), (base + 1, last - 1 + 2), (base + 3, base + 2), (base + 4, last - 2 + 2)] {
                #expect(reported.contains { $0.hasPrefix("\(line):") && $0.contains("line \(first)") }, "line \(line): \(reported)")
            }
            #expect(counts.inserted == 1 && counts.updated == 1 && counts.unchanged == Self.rows - 1)
            #expect(known > Self.rows / 3, "rows handed on unparsed: \(known)")
            #expect(try await vault.job(id: "J-\(last - 2)")?.values[BoardColumn.notes.ordinal] == "changed first")
            #expect(try await vault.job(id: "J-\(last - 1)")?.values[BoardColumn.notes.ordinal] == "note \((last - 1) % 97)")
        }
    }

    /// Records with invalid UTF-8 are refused as such in a re-import too (a record the board
    /// holds is not checked again; any other is), also when their field count is wrong.
    @Test func invalidUTF8IsRefusedInAReimport() async throws {
        try await Self.withBoard { vault, directory, file, _ in
            var lines = ([header] + (0..<Self.rows).map { Self.record($0) }).map { Data($0.utf8) }
            let last = Self.rows - 1
            // A board row with a bad byte in its notes, the same with a field short, and a new row.
            lines[last + 1] = Data(Self.record(last, notes: "bad \u{1}").utf8.map { $0 == 1 ? 0xFF : $0 })
            let short = Data(Self.record(last - 1, notes: "bad \u{1}").utf8.map { $0 == 1 ? 0xC3 : $0 })
            lines[last] = short.prefix(through: short.firstIndex(of: 0xC3)!)
            lines.append(Data(Self.record(Self.rows + 3, notes: "new \u{1}").utf8.map { $0 == 1 ? 0xE2 : $0 }))
            try Data(lines.joined(separator: Data("\n".utf8))).write(to: URL(fileURLWithPath: file))
            let (counts, _, errors) = try await Self.importFile(file, replace: false, into: vault)
            #expect(errors.map(\.line) == [last + 1, last + 2, Self.rows + 2], "\(errors)")
            #expect(errors.allSatisfy { $0.message == "invalid UTF-8" }, "\(errors)")
            #expect(counts.unchanged == Self.rows - 2 && counts.updated + counts.inserted == 0)
            #expect(try await vault.job(id: "J-\(last)")?.values[BoardColumn.notes.ordinal] == "note \(last % 97)")
        }
    }
}
