import Foundation
import GRDB
import HireCore
import HireCrypto
import Synchronization
import HireTestSupport
import Testing

@testable import HireStorage

/// Parts of the board index's snapshot: the prefix-compressed JobID list names every row as
/// the JobID column does, for any subset of positions, and damaged bytes make it fail, never
/// crash; a column of few values is stored in as few bits as its codes need and read back as
/// it was.
@Suite struct BoardIndexPartTests {
    static func column(_ ids: [String]) throws -> BoardIndex.Column {
        var column = BoardIndex.Column()
        for id in ids {
            var text = id
            let code = try text.withUTF8 { try column.values.code(of: UnsafeRawBufferPointer($0)) }
            column.values.counts[code] += 1
            column.codes.append(code)
        }
        return column
    }

    static func decoded(_ list: JobIdList, rows: Int) throws -> JobIdList {
        var reader = PartReader(list.encode(id: 9))
        #expect(try reader.u64() == 9)
        return try JobIdList(decoding: &reader, rows: rows)
    }

    @Test func namesEveryRowAsTheColumnDoesForAnySubset() throws {
        var random = SplitMix(state: 21)
        var ids: [String] = []
        // Numbered with gaps (the usual board), prefixes longer than 14 bytes, suffixes longer
        // than 15, text beyond ASCII, an empty value, and values that come back out of order.
        for n in 0..<1_000 { ids.append(String(format: "J-%06d", n * 3 + Int(random.next() % 3))) }
        for n in 0..<300 { ids.append("REQUISITION-2024-A-VERY-LONG-PREFIX-\(n)") }
        for _ in 0..<200 { ids.append(String(format: "%016llx%016llx", random.next(), random.next())) }
        ids += ["", "Zürich-é-😀", "Zürich-é-😁", "Z", "J-000001"]
        // Steps and near-steps: carries within the digits, a carry that needs another digit, a
        // step of 15 and of 16, a number going down, digits followed by text, a differing letter.
        ids += ["J-000199", "J-000200", "J-009995", "J-010001", "J-99", "J-100", "R7", "R22", "R23", "R7"]
        ids += ["X-0001", "X-0016", "X-0032", "X-0031", "12-A", "13-A", "A9", "B9", "A-1", "A-1", "9", "10", "0", "5"]
        let list = JobIdList(try Self.column(ids), rows: ids.count)
        let read = try Self.decoded(list, rows: ids.count)
        #expect(read.ids(at: Array(ids.indices)) == ids)
        #expect(read.ids(at: []) == [])
        for _ in 0..<50 {
            let every = Int(random.next() % 40) + 1
            let positions = ids.indices.filter { _ in random.next() % UInt64(every) == 0 }
            #expect(read.ids(at: positions) == positions.map { ids[$0] })
        }
        // Block edges: the last row of one block and the first of the next.
        let edges = [JobIdList.blockSize - 1, JobIdList.blockSize, 2 * JobIdList.blockSize - 1, ids.count - 1]
        #expect(read.ids(at: edges) == edges.map { ids[$0] })
        #expect(read.ids(at: [ids.count]) == nil)
    }

    /// Numbered JobIDs a few apart, as boards and the generator have them, take about 1.2 bytes
    /// a row (a full value every 64 rows): the list a first filter after a restart reads is
    /// 40% of what prefixes alone make of them.
    @Test func numberedIdsTakeAboutAByteARow() throws {
        var random = SplitMix(state: 5)
        var number = 101
        let ids = (0..<20_000).map { _ in
            number += 1 + Int(random.next() % 3)
            return String(format: "J-%06d", number)
        }
        let data = JobIdList(try Self.column(ids), rows: ids.count).encode(id: 1)
        #expect(data.count < ids.count * 5 / 4, "\(data.count) bytes for \(ids.count) JobIDs")
        #expect(try Self.decoded(JobIdList(try Self.column(ids), rows: ids.count), rows: ids.count).ids(at: Array(ids.indices)) == ids)
    }

    @Test func onlyAListOfNumberedIdsIsCompactEnoughToKeep() throws {
        var random = SplitMix(state: 3)
        let numbered = (0..<5_000).map { String(format: "REQ-%07d", 100_000 + $0 * 2 + Int(random.next() % 2)) }
        #expect(JobIdList(try Self.column(numbered), rows: numbered.count).isCompact)
        let random32 = (0..<5_000).map { _ in String(format: "%016llx%016llx", random.next(), random.next()) }
        #expect(!JobIdList(try Self.column(random32), rows: random32.count).isCompact)
    }

    /// A reader of the part with one byte after its snapshot id changed at random, past that id.
    static func damaged(_ data: Data, _ random: inout SplitMix) throws -> PartReader {
        var damaged = data
        let at = 8 + Int(random.next() % UInt64(data.count - 8))
        damaged[at] ^= UInt8(1 + random.next() % 255)
        var reader = PartReader(damaged)
        _ = try reader.u64()
        return reader
    }

    @Test func damagedBytesFailWithoutACrash() throws {
        var random = SplitMix(state: 8)
        let ids = (0..<700).map { String(format: "J-%06d", $0 * 5) } + ["a long value that shares nothing, \(random.next())"]
        let data = JobIdList(try Self.column(ids), rows: ids.count).encode(id: 1)
        var wrong = 0
        for _ in 0..<400 {
            var reader = try Self.damaged(data, &random)
            guard let list = try? JobIdList(decoding: &reader, rows: ids.count) else { continue }
            if list.ids(at: Array(ids.indices)) != ids { wrong += 1 }
        }
        #expect(wrong > 0)
        // Cut short: refused.
        var reader = PartReader(data.prefix(data.count - 3))
        _ = try reader.u64()
        #expect(throws: (any Error).self) { _ = try JobIdList(decoding: &reader, rows: ids.count) }
        var other = PartReader(data)
        _ = try other.u64()
        #expect(throws: (any Error).self) { _ = try JobIdList(decoding: &other, rows: ids.count + 1) }
    }

    /// A column without its text goes to disk as its key, counts and hashes, and comes back
    /// finding the same values (and not others); a damaged part is refused or read as some
    /// other column, never a crash.
    @Test func aColumnWithoutItsTextIsStoredAsItsKeyAndHashes() throws {
        var random = SplitMix(state: 12)
        let values = (0..<300).map { "note \($0) é" } + [""]
        var column = try Self.column((0..<2_000).map { _ in random.pick(values) })
        column.values.dropText()
        #expect(!column.values.hasText)
        let data = VaultStore.encodeColumn(id: 9, column)
        var reader = PartReader(data)
        _ = try reader.u64()
        var read = try VaultStore.decodeColumn(&reader, rows: 2_000)
        #expect(!read.values.hasText)
        #expect(read.values.counts == column.values.counts)
        #expect((0..<2_000).map { read.codes[$0] } == (0..<2_000).map { column.codes[$0] })
        var original = column.values
        var found = 0
        for value in values {
            var text = value
            let want = text.withUTF8 { original.find(UnsafeRawBufferPointer($0)) }
            if want != nil { found += 1 }
            #expect(text.withUTF8 { read.values.find(UnsafeRawBufferPointer($0)) } == want)
        }
        #expect(found == column.values.count)
        var other = "note 300 é"
        #expect(other.withUTF8 { read.values.find(UnsafeRawBufferPointer($0)) } == nil)
        let blank = read.values.find(UnsafeRawBufferPointer(start: nil, count: 0))
        let empty = try #require(blank)
        #expect(read.values.isEmpty(empty))
        for _ in 0..<300 {
            var reader = try Self.damaged(data, &random)
            _ = try? VaultStore.decodeColumn(&reader, rows: 2_000)
        }
        var short = PartReader(data.prefix(data.count - 1))
        _ = try short.u64()
        #expect(throws: (any Error).self) { _ = try VaultStore.decodeColumn(&short, rows: 2_000) }
    }

    @Test func aColumnOfFewValuesIsStoredInTheBitsItsCodesNeedAndReadBackAsItWas() throws {
        var random = SplitMix(state: 11)
        let cases = [(16, 1_001, 4), (5, 1_000, 3), (2, 17, 1), (3, 9, 2), (17, 999, 5), (61, 1_003, 6), (128, 700, 7), (129, 700, 8), (1, 1, 1), (3, 0, 2)]
        for (distinct, rows, bits) in cases {
            let values = (0..<distinct).map { "v\($0)" }
            // Every value at least once, then at random.
            let column = try Self.column(values.prefix(rows) + (0..<max(0, rows - distinct)).map { _ in random.pick(values) })
            let data = VaultStore.encodeColumn(id: 4, column)
            // As many bits a row as the codes need, up to 128 values; a byte beyond.
            let codeBytes = distinct <= 128 ? (rows * bits + 7) / 8 : rows
            #expect(data.count == 8 * 5 + 4 * (2 * column.values.count + 1) + column.values.bytes.count + codeBytes, "\(distinct) values")
            var reader = PartReader(data)
            _ = try reader.u64()
            let read = try VaultStore.decodeColumn(&reader, rows: rows)
            #expect((0..<rows).map { read.codes[$0] } == (0..<rows).map { column.codes[$0] }, "\(distinct) values")
            #expect(read.values.counts == column.values.counts)
        }
        // A part written by an earlier build, codes two to a byte with width 0, reads the same.
        let values = (0..<16).map { "v\($0)" }
        let column = try Self.column((0..<333).map { _ in random.pick(values) })
        var earlier = VaultStore.encodeColumn(id: 4, column)
        #expect(earlier[16] == UInt8(VaultStore.packedFlag) | 4)
        earlier[16] = 0
        var reader = PartReader(earlier)
        _ = try reader.u64()
        let read = try VaultStore.decodeColumn(&reader, rows: 333)
        #expect((0..<333).map { read.codes[$0] } == (0..<333).map { column.codes[$0] })
        // A packed code that names no value is refused.
        var data = VaultStore.encodeColumn(id: 4, try Self.column(["a", "b", "c", "a"]))
        data[data.count - 1] = 0xFF
        var damaged = PartReader(data)
        _ = try damaged.u64()
        #expect(throws: (any Error).self) { _ = try VaultStore.decodeColumn(&damaged, rows: 4) }
    }

    @Test func aScanFindsEveryAcceptedCodeWhateverTheCountsSay() {
        var random = SplitMix(state: 2)
        let storage = (0..<5_000).map { _ in UInt8(random.next() % 7) }
        let accepts = (0..<7).map { $0 % 3 == 0 }
        let want = storage.indices.filter { accepts[Int(storage[$0])] }
        let codes = Codes(width: 1, storage: storage)
        // Exact, too few (the plain scan answers) and too many.
        for expected in [want.count, want.count / 2, 0, want.count + 10] {
            #expect(codes.positions(accepting: accepts, expected: expected) == want, "expected \(expected)")
        }
        let wide = Codes(width: 2, storage: storage.flatMap { [$0, 0] })
        #expect(wide.positions(accepting: accepts, expected: want.count) == want)
    }

    /// A re-import that changes one column keeps the other columns' drop-downs (only what was
    /// made from the changed column is made again), and every drop-down still answers as the
    /// table does.
    @Test func aChangeToOneColumnKeepsWhatWasMadeFromTheOthers() async throws {
        let directory = try makeTemporaryDirectory("bk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try BoardIndexTests.newVault(directory)
        var random = SplitMix(state: 43)
        var rows = (0..<400).map { BoardIndexTests.row("J-\($0)", &random) }
        try await BoardIndexTests.merge(rows, into: vault)
        try await BoardIndexTests.check(vault, &random, "imported")
        let notes = BoardColumn.notes.ordinal
        let columns = BoardColumn.allCases.indices
        #expect(try await vault.withBoardIndex { index in columns.allSatisfy { index.heads[$0] != nil } })
        for n in stride(from: 0, to: 400, by: 7) { rows[n].values[notes] = "changed \(n)" }
        let changed = try BoardIndexTests.batch(rows)
        let counts = try await vault.importJobs(ImportOptions(replace: true)) { changed.withLock { $0.take() } }
        #expect(counts.updated == 58)
        let kept = try await vault.withBoardIndex { index in columns.filter { index.heads[$0] != nil } }
        #expect(kept == columns.filter { $0 != notes }, "the drop-downs kept after a change to Notes")
        try await BoardIndexTests.check(vault, &random, "after a re-import that changed Notes")
        try vault.close()
    }

    /// An import into a board that has rows leaves copying its pages from the log into the
    /// database to the index's snapshot that follows the reply: the commits before that reply
    /// (the run's record, the original's) do not wait for it. A failed import puts SQLite's
    /// automatic checkpoint back at once.
    @Test func anImportLeavesTheCheckpointToTheSnapshotThatFollows() async throws {
        let directory = try makeTemporaryDirectory("ck")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/v.db"
        let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        func rows(_ range: Range<Int>, note: String) throws -> Mutex<ImportBatch?> {
            var batch = ImportBatch()
            for n in range {
                var values = Array(repeating: "", count: BoardColumn.allCases.count)
                values[0] = "J-\(n)"
                // Long enough that the second import logs more pages than a checkpoint waits for.
                values[BoardColumn.notes.ordinal] = note + String(repeating: " and more", count: 200)
                try batch.append(ImportRow(values: values, extras: [], parsed: ParsedFields()))
            }
            return Mutex(Optional(batch))
        }
        func autocheckpoint() async throws -> Int? { try await vault.queue.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } }
        func database() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
        let first = try rows(0..<3_000, note: "first")
        _ = try await vault.importJobs(ImportOptions(replace: false)) { first.withLock { $0.take() } }
        // Into an empty board the rollback journal wrote the pages in place: nothing is left.
        #expect(try await autocheckpoint() == VaultStore.autocheckpointPages)
        let second = try rows(0..<3_000, note: "second")
        #expect(try await vault.importJobs(ImportOptions(replace: false)) { second.withLock { $0.take() } }.updated == 3_000)
        #expect(try await autocheckpoint() == 0)
        let before = try database()
        _ = try await vault.putBlob(name: "original.csv", contents: Data("JobID\n".utf8))
        #expect(try database() == before, "a commit before the snapshot copied the import's log into the database")
        await vault.saveBoardIndex()
        #expect(try await autocheckpoint() == VaultStore.autocheckpointPages)
        #expect(try database() != before, "the snapshot's writes left the import's log where it was")
        struct Stop: Error {}
        await #expect(throws: Stop.self) { _ = try await vault.importJobs(ImportOptions(replace: false)) { throw Stop() } }
        #expect(try await autocheckpoint() == VaultStore.autocheckpointPages)
        #expect(try await vault.job(id: "J-2999")?.values[BoardColumn.notes.ordinal].hasPrefix("second ") == true)
        try vault.close()
    }
    @Test func anImportsGenerationComesFromMetaNotFromReadingEveryJob() async throws {
        let directory = try makeTemporaryDirectory("gn")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        func rows(note: String) throws -> Mutex<ImportBatch?> {
            var batch = ImportBatch()
            for n in 0..<50 {
                var values = Array(repeating: "", count: BoardColumn.allCases.count)
                values[0] = "J-\(n)"
                values[BoardColumn.notes.ordinal] = n == 7 ? note : "same"
                try batch.append(ImportRow(values: values, extras: [], parsed: ParsedFields()))
            }
            return Mutex(Optional(batch))
        }
        func replace(note: String) async throws -> ImportCounts {
            let batch = try rows(note: note)
            return try await vault.importJobs(ImportOptions(replace: true)) { batch.withLock { $0.take() } }
        }
        func generations() async throws -> (meta: String?, job7: Int64?, highest: Int64?) {
            try await vault.queue.read { db in
                (
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'importGeneration'"),
                    try Int64.fetchOne(db, sql: "SELECT importGeneration FROM job WHERE jobId = 'J-7'"),
                    try Int64.fetchOne(db, sql: "SELECT max(importGeneration) FROM job")
                )
            }
        }
        #expect(try await replace(note: "first").inserted == 50)
        #expect(try await generations() == ("1", 1, 1))
        #expect(try await replace(note: "second").updated == 1)
        #expect(try await generations() == ("2", 2, 2))
        // An import that changes nothing leaves the generation to the next one that does.
        #expect(try await replace(note: "second").unchanged == 50)
        #expect(try await generations() == ("2", 2, 2))
        // A vault from before the key: its jobs are asked, once.
        try await vault.queue.write { try $0.execute(sql: "DELETE FROM meta WHERE key = 'importGeneration'") }
        #expect(try await replace(note: "third").updated == 1)
        #expect(try await generations() == ("3", 3, 3))
        // From then on the key alone counts: the job table is not read for it.
        try await vault.queue.write { try $0.execute(sql: "UPDATE meta SET value = '41' WHERE key = 'importGeneration'") }
        #expect(try await replace(note: "fourth").updated == 1)
        #expect(try await generations() == ("42", 42, 42))
        // The replace that wrote generation 42 is the one undone.
        _ = try await vault.undoReplace { _ in true }
        #expect(try await vault.job(id: "J-7")?.values[BoardColumn.notes.ordinal] == "third")
        try vault.close()
    }
}

/// A batch of values added to a column whose table is large has the slots of values a few rows
/// on fetched ahead: each value still gets its own code, also when the column drops its text
/// (and so hashes its values another way) in the middle of a batch.
@Suite struct LargeColumnAppendTests {
    @Test(arguments: [VaultStore.defaultBoardTextLimit, 30_000])
    func everyValueOfALargeColumnAddedInBatchesFindsItsRows(textLimit: Int) throws {
        let rows = 70_000
        let notes = BoardColumn.notes.ordinal, company = BoardColumn.company.ordinal
        // Notes: all distinct but every 7th row's, which repeats the note of the row before.
        func value(_ row: Int, _ column: Int) -> [UInt8] {
            switch column {
            case 0: Array("J-\(row)".utf8)
            case notes: Array("note \(row % 7 == 6 ? row - 1 : row)".utf8)
            case company: Array("Company \(row % 50)".utf8)
            default: []
            }
        }
        var index = BoardIndex(textLimit: textLimit)
        for start in stride(from: 0, to: rows, by: 2048) {
            let count = min(2048, rows - start)
            let values = (0..<count).map { row in (0..<BoardIndex.columns).map { value(start + row, $0) } }
            let text = values.flatMap { $0.flatMap { $0 } }
            var offsets: [[Int]] = []
            var offset = 0
            for row in values {
                offsets.append(
                    row.map { value in
                        defer { offset += value.count }
                        return offset
                    })
            }
            try text.withUnsafeBytes { bytes in
                try index.append(seqs: (start..<start + count).map { Int64($0 + 1) }, recordHashes: Array(repeating: 0, count: count), newJobIds: true) {
                    row, column in UnsafeRawBufferPointer(rebasing: bytes[offsets[row][column]..<offsets[row][column] + values[row][column].count])
                }
            }
        }
        #expect(index.count == rows)
        // Every row near where the column with the lower limit drops its text, a sample elsewhere.
        for row in Array(stride(from: 0, to: rows, by: 97)) + Array(34_900..<35_300) {
            let note = "note \(row % 7 == 6 ? row - 1 : row)"
            let expected = row % 7 == 5 ? [row, row + 1] : row % 7 == 6 ? [row - 1, row] : [row]
            #expect(index.matching([(column: notes, values: [note])]) == expected, "\(note)")
        }
        #expect(index.matching([(column: notes, values: ["note \(rows + 1)"])]).isEmpty)
        #expect(index.matching([(column: company, values: ["Company 7"])]).count == rows / 50)
        #expect(index.cols[notes].values.hasText == (textLimit >= rows - rows / 7))
    }
}
