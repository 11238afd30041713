import Foundation
import HireCore
import HireCrypto
import HireStorage
import HireTestSupport
import Synchronization
import Testing

/// The board index answers exactly what the job table says, after every kind of change, and
/// after the vault is closed and opened again (from its snapshot, with the edits made since).
@Suite struct BoardIndexTests {
    static let columns = BoardColumn.allCases.count
    /// The columns the random rows vary (few values each, so that filters find rows).
    static let varied: [BoardColumn] = [.state, .cat, .clientRating, .visa, .company]

    static func row(_ id: String, _ random: inout SplitMix) -> ImportRow {
        var values = Array(repeating: "", count: columns)
        values[0] = id
        for column in varied { values[column.ordinal] = random.pick(["", "A", "B", "C", "D é", "e", "Éa"]) }
        values[BoardColumn.notes.ordinal] = "note \(random.next() % 50)"
        let extras = random.next() % 7 == 0 ? [ExtraColumn(name: "Owner", value: random.pick(["x", "y"]))] : []
        return ImportRow(values: values, extras: extras, parsed: ParsedFields())
    }

    static func batch(_ rows: [ImportRow]) throws -> Mutex<ImportBatch?> {
        var batch = ImportBatch()
        for row in rows { try batch.append(row) }
        return Mutex(Optional(batch))
    }

    static func newVault(_ directory: String) throws -> VaultStore {
        try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
    }

    /// Merges rows into the board in one batch.
    static func merge(_ rows: [ImportRow], into vault: VaultStore) async throws {
        let batch = try batch(rows)
        _ = try await vault.importJobs(ImportOptions(replace: false)) { batch.withLock { $0.take() } }
    }

    /// Every job id of `jobs.list` in one order, page after page (with the totals reported).
    static func walk(
        _ vault: VaultStore, filters: [(column: BoardColumn, values: [String])] = [], order: JobOrder, limit: Int
    ) async throws -> (ids: [String], totals: Set<Int>) {
        var ids: [String] = []
        var totals = Set<Int>()
        var cursor: JobCursor?
        repeat {
            let page = try await vault.listJobs(filters: filters, ftsQuery: nil, order: order, after: cursor, limit: limit)
            ids += page.jobs.map(\.jobId)
            totals.insert(page.total)
            cursor = page.last
        } while cursor != nil && ids.count < 10_000
        return (ids, totals)
    }

    /// Every job as the table holds it, in board order.
    static func table(_ vault: VaultStore) async throws -> [StoredJob] {
        try await vault.listJobs(
            filters: [], ftsQuery: nil, order: JobOrder(column: "seq", descending: false, numeric: true), after: nil, limit: 1_000_000
        ).jobs
    }

    /// Checks filters on every varied column (single and combined) and every drop-down against the table.
    static func check(_ vault: VaultStore, _ random: inout SplitMix, _ context: String) async throws {
        let jobs = try await table(vault)
        for _ in 0..<12 {
            var filters: [(column: Int, values: [String])] = []
            for column in varied.shuffled(using: &random).prefix(Int(random.next() % 3) + 1) {
                filters.append((column.ordinal, Array(["A", "B", "C", "D é", "e", "Z"].shuffled(using: &random).prefix(Int(random.next() % 2) + 1))))
            }
            let want = jobs.filter { job in filters.allSatisfy { $0.values.contains(job.values[$0.column]) } }
            let got = try await vault.boardMatching(filters)
            #expect(got.seqs == want.map(\.seq), "\(context): filter \(filters)")
            #expect(got.ids == want.map(\.jobId), "\(context): filter \(filters)")
        }
        #expect(try await vault.boardMatching([]).ids == jobs.map(\.jobId), "\(context)")
        for column in BoardColumn.allCases {
            var counts: [String: Int] = [:]
            for job in jobs where !job.values[column.ordinal].isEmpty { counts[job.values[column.ordinal], default: 0] += 1 }
            let want = counts.sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
            // A short drop-down first (a column without its text ranks its values by count
            // before it reads any), then a full one.
            let short = try await vault.boardValues(column: column.ordinal, prefix: nil, limit: 2)
            #expect(short.values.map(\.value) == want.prefix(2).map(\.key), "\(context): \(column), 2 values")
            #expect(short.distinct == want.count, "\(context): \(column), 2 values")
            let got = try await vault.boardValues(column: column.ordinal, prefix: nil, limit: 1000)
            #expect(got.distinct == want.count, "\(context): \(column)")
            #expect(got.values.map(\.value) == want.map(\.key), "\(context): \(column)")
            #expect(got.values.map(\.count) == want.map(\.value), "\(context): \(column)")
        }
        let accented = try await vault.boardValues(column: BoardColumn.state.ordinal, prefix: "é", limit: 1000)
        #expect(accented.values.map(\.value) == (jobs.contains { $0.values[BoardColumn.state.ordinal] == "Éa" } ? ["Éa"] : []), "\(context)")
        let prefixed = try await vault.boardValues(column: BoardColumn.state.ordinal, prefix: "d", limit: 1000)
        #expect(prefixed.values.map(\.value) == (jobs.contains { $0.values[BoardColumn.state.ordinal] == "D é" } ? ["D é"] : []), "\(context)")
    }

    /// Run as a large board is (columns of many values keep hashes instead of text) and as a small one.
    static let textLimits = [VaultStore.defaultBoardTextLimit, 3]

    @Test(arguments: textLimits) func theIndexFollowsEveryChangeAndSurvivesReopening(textLimit: Int) async throws {
        let directory = try makeTemporaryDirectory("bi")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db"
        func open() throws -> VaultStore {
            try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key, boardTextLimit: textLimit)
        }
        var random = SplitMix(state: 14)
        var vault = try open()
        try await Self.check(vault, &random, "empty")

        // Into an empty board, then a merge that changes, adds and leaves rows alone.
        let first = (0..<400).map { Self.row("J-\($0)", &random) }
        let imported = try Self.batch(first)
        #expect(try await vault.importJobs(ImportOptions(replace: false)) { imported.withLock { $0.take() } }.inserted == 400)
        try await Self.check(vault, &random, "after the first import")
        var second = first
        for i in stride(from: 0, to: 400, by: 7) { second[i] = Self.row("J-\(i)", &random) }
        second += (400..<450).map { Self.row("J-\($0)", &random) }
        let merged = try Self.batch(second)
        let mergeCounts = try await vault.importJobs(ImportOptions(replace: false)) { merged.withLock { $0.take() } }
        #expect(mergeCounts.inserted == 50)
        #expect(mergeCounts.unchanged + mergeCounts.updated == 400)
        #expect(mergeCounts.updated > 0)
        try await Self.check(vault, &random, "after a merge")
        // The varied columns and Notes have more values than the limit; the JobID and the
        // identity (company, position) always keep their text.
        let withoutText = Set(Self.varied.filter { $0 != .company }.map(\.ordinal) + [BoardColumn.notes.ordinal])
        #expect(vault.boardColumnsWithoutText == (textLimit == 3 ? withoutText : []))

        // A dry run and a failed import change nothing, in the table or in the index.
        let rebuilds = vault.boardIndexRebuilds
        let trial = try Self.batch(Array(second.prefix(100)))
        _ = try await vault.importJobs(ImportOptions(replace: true, dryRun: true)) { trial.withLock { $0.take() } }
        struct Stop: Error {}
        let calls = Mutex(0)
        let failing = try Self.batch((0..<450).map { Self.row("J-\($0)", &random) })
        await #expect(throws: Stop.self) {
            _ = try await vault.importJobs(ImportOptions(replace: true)) {
                if calls.withLock({ $0 += 1; return $0 }) > 1 { throw Stop() }
                return failing.withLock { $0.take() }
            }
        }
        // Cancelled after its last row was read, just before it commits: rolled back too.
        let before = try await Self.table(vault)
        let late = try Self.batch((0..<450).map { Self.row("J-\($0)", &random) })
        await #expect(throws: CancellationError.self) {
            _ = try await vault.importJobs(ImportOptions(replace: true, isCancelled: { true })) { late.withLock { $0.take() } }
        }
        #expect(try await Self.table(vault).map(\.values) == before.map(\.values), "the cancelled import changed the board")
        try await Self.check(vault, &random, "after a dry run, a failed import and a cancelled one")
        // The index before them was not on disk yet: they changed a copy, and it still serves.
        #expect(vault.boardIndexRebuilds == rebuilds)

        // A replace keeps what the file has.
        let third = Array(second.shuffled(using: &random).prefix(300)) + (450..<470).map { Self.row("J-\($0)", &random) }
        let replaced = try Self.batch(third)
        let replaceCounts = try await vault.importJobs(ImportOptions(replace: true)) { replaced.withLock { $0.take() } }
        #expect(replaceCounts.removed == 150)
        try await Self.check(vault, &random, "after a replace")

        // Reopened: from the snapshot, not rebuilt.
        await vault.saveBoardIndex()
        await vault.boardIndexSettled()
        try vault.close()
        vault = try open()
        // A first filter names its rows from the snapshot's JobID list, not from the job table.
        let state = BoardColumn.state.ordinal
        let firstFilter = try await vault.boardMatching([(state, ["A"])])
        #expect(vault.boardJobIdTableReads == 0)
        try await Self.check(vault, &random, "reopened after imports")
        #expect(try await Self.table(vault).filter { $0.values[state] == "A" }.map(\.jobId) == firstFilter.ids)
        #expect(vault.boardIndexRebuilds == 0)
        #expect(vault.boardColumnsWithoutText.isSubset(of: textLimit == 3 ? withoutText : []), "read back without text")
        #expect(textLimit != 3 || vault.boardColumnsWithoutText.contains(state), "read back without text")

        // An undo changes the board in bulk: the index is rebuilt from the table, once.
        let undone = try await vault.undoReplace { _ in true }
        #expect(undone.restored > 0)
        try await Self.check(vault, &random, "after the undo")
        #expect(vault.boardIndexRebuilds == 1)
        await vault.saveBoardIndex()
        await vault.boardIndexSettled()
        try vault.close()
        vault = try open()
        try await Self.check(vault, &random, "reopened after the undo")
        #expect(vault.boardIndexRebuilds == 0)
        // Single edits, then reopened: the snapshot and the edits since.
        var job = try #require(try await vault.job(id: "J-10"))
        job.values[BoardColumn.state.ordinal] = "Z"
        _ = try await vault.updateJob(job)
        var values = Array(repeating: "", count: Self.columns)
        values[0] = "J-new"
        values[BoardColumn.state.ordinal] = "Z"
        _ = try await vault.insertJob(values: values, parsed: ParsedFields(), description: nil)
        _ = try await vault.deleteJobs(ids: [third[0].values[0], third[1].values[0]])
        try await Self.check(vault, &random, "after single edits")
        try vault.close()
        vault = try open()
        try await Self.check(vault, &random, "reopened after single edits")
        #expect(vault.boardIndexRebuilds == 0)
        #expect(try await vault.boardValues(column: BoardColumn.state.ordinal, prefix: "z", limit: 10).values.first?.count == 2)

        try vault.close()
    }

    /// Into an empty board the index is built on a thread of its own, batch by batch, beside
    /// the inserts: many batches come out as the table has them; an import that fails or is
    /// cancelled after some batches leaves the board empty and its index with it.
    @Test(arguments: textLimits) func anImportIntoAnEmptyBoardBuildsItsIndexBesideTheInserts(textLimit: Int) async throws {
        let directory = try makeTemporaryDirectory("be")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(
            path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32), boardTextLimit: textLimit)
        var random = SplitMix(state: 41)
        func batches(_ count: Int, failingAfter: Int? = nil) throws -> Mutex<(batches: [ImportBatch], taken: Int, failAfter: Int?)> {
            var all: [ImportBatch] = []
            for part in 0..<count {
                var batch = ImportBatch()
                // 45 rows: two of the store's statements of 16 rows, then 13 of one row.
                for n in 0..<45 { try batch.append(Self.row("J-\(part * 45 + n)", &random)) }
                all.append(batch)
            }
            return Mutex((all, 0, failingAfter))
        }
        struct Stop: Error {}
        @Sendable func next(_ source: borrowing Mutex<(batches: [ImportBatch], taken: Int, failAfter: Int?)>) throws -> ImportBatch? {
            try source.withLock { state in
                if let limit = state.failAfter, state.taken == limit { throw Stop() }
                guard state.taken < state.batches.count else { return nil }
                state.taken += 1
                return state.batches[state.taken - 1]
            }
        }
        let failing = try batches(12, failingAfter: 9)
        await #expect(throws: Stop.self) { _ = try await vault.importJobs(ImportOptions(replace: false, jobIdsUnique: true)) { try next(failing) } }
        let cancelled = try batches(12)
        await #expect(throws: CancellationError.self) {
            _ = try await vault.importJobs(ImportOptions(replace: false, isCancelled: { true }, jobIdsUnique: true)) { try next(cancelled) }
        }
        #expect(try await Self.table(vault).isEmpty)
        try await Self.check(vault, &random, "after a failed and a cancelled import into an empty board")
        let many = try batches(20)
        #expect(try await vault.importJobs(ImportOptions(replace: false, jobIdsUnique: true)) { try next(many) }.inserted == 20 * 45)
        try await Self.check(vault, &random, "after an import of many batches into an empty board")
        try vault.close()
    }

    /// After a restart a first filter matches its rows while the JobID list is read beside it,
    /// and names them from the list: also when the list came in before the filter looked for
    /// it (which once sent it to the job table, 3× slower on a million rows).
    @Test func aFirstFilterAfterReopeningNamesItsRowsFromTheJobIdListWhateverTheTiming() async throws {
        let directory = try makeTemporaryDirectory("bf")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        func open() throws -> VaultStore { try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: key) }
        var vault = try open()
        var random = SplitMix(state: 31)
        let rows = (0..<3_000).map { Self.row(String(format: "J-%06d", $0 * 2), &random) }
        try await Self.merge(rows, into: vault)
        await vault.saveBoardIndex()
        await vault.boardIndexSettled()
        let state = BoardColumn.state.ordinal
        let want = try await Self.table(vault).filter { $0.values[state] == "A" }.map(\.jobId)
        #expect(!want.isEmpty)
        for round in 0..<30 {
            try vault.close()
            vault = try open()
            #expect(try await vault.boardMatching([(state, ["A"])]).ids == want, "round \(round)")
            #expect(vault.boardJobIdTableReads == 0, "round \(round)")
        }
        try vault.close()
    }

    @Test func anIdenticalReimportWritesNothingAndReportsEveryRowUnchanged() async throws {
        let directory = try makeTemporaryDirectory("bu")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try Self.newVault(directory)
        var random = SplitMix(state: 3)
        let rows = (0..<300).map { Self.row("J-\($0)", &random) }
        try await Self.merge(rows, into: vault)
        let before = try await Self.table(vault).map(\.updatedAt)
        let again = try Self.batch(rows)
        let counts = try await vault.importJobs(ImportOptions(replace: true)) { again.withLock { $0.take() } }
        #expect(counts.unchanged == 300)
        #expect(counts.inserted + counts.updated + counts.removed == 0)
        #expect(try await Self.table(vault).map(\.updatedAt) == before)
        try await Self.check(vault, &random, "after an identical replace")
        try vault.close()
    }

    @Test(arguments: textLimits) func sortedPagesFromTheIndexWalkEveryRowOnceInTheColumnsOrder(textLimit: Int) async throws {
        let directory = try makeTemporaryDirectory("bp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32), boardTextLimit: textLimit)
        var random = SplitMix(state: 21)
        try await Self.merge((0..<500).map { Self.row("J-\($0)", &random) }, into: vault)
        let before = { (a: [UInt8], b: [UInt8]) in a.lexicographicallyPrecedes(b) }
        for column in [BoardColumn.company, .state, .jobId, .notes] {
            for descending in [false, true] {
                let filters: [(column: BoardColumn, values: [String])] = column == .state ? [] : [(.visa, ["A", "B"])]
                let all = try await Self.table(vault).filter { job in filters.allSatisfy { $0.values.contains(job.values[$0.column.ordinal]) } }
                let want = all.sorted { a, b in
                    let x = Array(a.values[column.ordinal].utf8)
                    let y = Array(b.values[column.ordinal].utf8)
                    if x != y { return descending ? before(y, x) : before(x, y) }
                    return a.seq < b.seq
                }.map(\.jobId)
                let got = try await Self.walk(
                    vault, filters: filters, order: JobOrder(column: column.rawValue, descending: descending, numeric: false), limit: 37)
                #expect(got.totals == [want.count])
                #expect(got.ids == want, "\(column) descending \(descending)")
            }
        }
        // A cursor whose value the board no longer holds resumes just after where it would be.
        let order = JobOrder(column: BoardColumn.notes.rawValue, descending: false, numeric: false)
        let first = try await vault.listJobs(filters: [], ftsQuery: nil, order: order, after: nil, limit: 3)
        let gone = try #require(first.jobs.last)
        let rest = try await vault.listJobs(
            filters: [], ftsQuery: nil, order: order, after: JobCursor(number: nil, text: gone.values[BoardColumn.notes.ordinal] + "~", seq: 0),
            limit: 1000)
        #expect(rest.jobs.allSatisfy { Array($0.values[BoardColumn.notes.ordinal].utf8).lexicographicallyPrecedes(Array((gone.values[BoardColumn.notes.ordinal] + "~").utf8)) == false })
        // Board order pages by seq.
        let byBoard = try await vault.listJobs(
            filters: [], ftsQuery: nil, order: JobOrder(column: "seq", descending: false, numeric: true), after: nil, limit: 10)
        let next = try await vault.listJobs(
            filters: [], ftsQuery: nil, order: JobOrder(column: "seq", descending: false, numeric: true), after: byBoard.last, limit: 10)
        #expect((byBoard.jobs + next.jobs).map(\.jobId) == (0..<20).map { "J-\($0)" })
        try vault.close()
    }

    @Test func pagesSortedByParsedSalariesAndDatesPutMissingOnesLast() async throws {
        let directory = try makeTemporaryDirectory("bd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try Self.newVault(directory)
        var random = SplitMix(state: 5)
        let rows = (0..<300).map { n -> ImportRow in
            var row = Self.row("J-\(n)", &random)
            // The same text always parses the same way, as the import's parsers do.
            let salary = Int(random.next() % 9)
            let day = Int(random.next() % 8)
            row.values[BoardColumn.salary.ordinal] = "S\(salary)"
            row.values[BoardColumn.received.ordinal] = "R\(day)"
            row.parsed = ParsedFields(
                salaryMin: salary == 0 ? nil : Double(salary * 1000), salaryMax: salary == 0 ? nil : Double(salary * 2000),
                currency: nil, period: nil, receivedDate: day == 0 ? nil : "2024-0\(day)-1\(day)")
            return row
        }
        try await Self.merge(rows, into: vault)
        let jobs = try await Self.table(vault)
        for (column, numeric) in [("salaryMin", true), ("salaryYearly", true), ("receivedDate", false)] {
            for descending in [false, true] {
                let key = { (job: StoredJob) -> String? in
                    column == "receivedDate" ? job.parsed.receivedDate : job.parsed.salaryMin.map { String(format: "%012.2f", $0) }
                }
                let want = jobs.sorted { a, b in
                    switch (key(a), key(b)) {
                    case (let x?, let y?) where x != y: return descending ? x > y : x < y
                    case (nil, _?): return false
                    case (_?, nil): return true
                    default: return a.seq < b.seq
                    }
                }.map(\.jobId)
                let got = try await Self.walk(vault, order: JobOrder(column: column, descending: descending, numeric: numeric), limit: 23)
                #expect(got.ids == want, "\(column) descending \(descending)")
            }
        }
        try vault.close()
    }

    @Test(arguments: [VaultStore.defaultBoardTextLimit, 1000]) func aLargeColumnIsStoredInChunksAndReadBackWhole(textLimit: Int) async throws {
        let directory = try makeTemporaryDirectory("bl")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db"
        var vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key, boardTextLimit: textLimit)
        // Notes of 400 bytes on 12,000 rows: a 4.8 MB dictionary, more than one chunk (few rows,
        // so that the test stays light beside the suites that run with it).
        var batch = ImportBatch()
        for n in 0..<12_000 {
            var values = Array(repeating: "", count: Self.columns)
            values[0] = "J-\(n)"
            values[BoardColumn.notes.ordinal] = String(format: "a note of four hundred bytes, %07d, ", n) + String(repeating: "x", count: 366)
            values[BoardColumn.state.ordinal] = n % 3 == 0 ? "NY" : "CA"
            // 1,997 values, held by 6 or 7 jobs: a drop-down ranks them by count, ties by text (its
            // head is made when the snapshot is written: from the text read from the jobs, when
            // the column keeps none).
            values[BoardColumn.hrHm.ordinal] = n % 2000 < 1000 ? "hm \(n % 2000)" : "hn \(n % 997)"
            try batch.append(ImportRow(values: values, extras: [], parsed: ParsedFields()))
        }
        let once = Mutex(Optional(batch))
        _ = try await vault.importJobs(ImportOptions(replace: false)) { once.withLock { $0.take() } }
        await vault.saveBoardIndex()
        try vault.close()
        vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key, boardTextLimit: textLimit)
        let note = String(format: "a note of four hundred bytes, %07d, ", 11_998) + String(repeating: "x", count: 366)
        let found = try await vault.boardMatching([(BoardColumn.notes.ordinal, [note]), (BoardColumn.state.ordinal, ["CA"])])
        #expect(found.ids == ["J-11998"])
        #expect(try await vault.boardValues(column: BoardColumn.notes.ordinal, prefix: "a note", limit: 5).distinct == 12_000)
        #expect(try await vault.boardValues(column: BoardColumn.state.ordinal, prefix: nil, limit: 5).values.map(\.count) == [8_000, 4_000])
        #expect(vault.boardIndexRebuilds == 0)
        var counts: [String: Int] = [:]
        for n in 0..<12_000 { counts[n % 2000 < 1000 ? "hm \(n % 2000)" : "hn \(n % 997)", default: 0] += 1 }
        let want = counts.sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
        let hrHm = try await vault.boardValues(column: BoardColumn.hrHm.ordinal, prefix: nil, limit: 1000)
        #expect(hrHm.values.map(\.value) == want.prefix(1000).map(\.key))
        #expect(hrHm.values.map(\.count) == want.prefix(1000).map(\.value))
        #expect(hrHm.distinct == want.count)
        let notes = try await vault.boardValues(column: BoardColumn.notes.ordinal, prefix: nil, limit: 3)
        #expect(notes.values.map(\.value) == (0..<3).map { String(format: "a note of four hundred bytes, %07d, ", $0) + String(repeating: "x", count: 366) })
        #expect(vault.boardColumnsWithoutText == (textLimit == 1000 ? [BoardColumn.notes.ordinal] : []))
        try vault.close()
    }
}
