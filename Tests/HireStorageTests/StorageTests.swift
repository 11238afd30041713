import Foundation
import GRDB
import HireCore
import HireCrypto
@testable import HireStorage
import HireTestSupport
import Synchronization
import Testing

private func sha(_ path: String) -> [UInt8] { KeyedHash.digest(FileManager.default.contents(atPath: path) ?? Data()) }

private func account(_ marker: String) -> AccountRecord {
    AccountRecord(
        id: UUID().uuidString, username: "u\(marker)", email: "\(marker)@example.com", role: "recruiter",
        displayName: "Name \(marker)", createdAt: Date())
}

@Suite struct StorageTests {
    @Test func dataSurvivesReopenWithTheRightKeyOnly() async throws {
        let directory = try makeTemporaryDirectory("st")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/system.db"
        do {
            let store = try SystemStore(path: path, key: key)
            try await store.insertAccount(account("x1"), wraps: [.password: Data("w".utf8)])
            try await store.checkpoint()
        }
        EncryptedDatabase.forgetKey(path: path)
        let before = sha(path)
        #expect(throws: StorageError.wrongKey(path: path)) { _ = try SystemStore(path: path, key: SecureBytes.random(32)) }
        #expect(sha(path) == before, "a failed open must not touch the file")
        let reopened = try SystemStore(path: path, key: key)
        #expect(try await reopened.account(login: "ux1")?.email == "x1@example.com")
        #expect(try await reopened.integrityCheck())
    }

    @Test func noPlaintextOnDiskDuringTransactionsAfterCheckpointAndInBackups() async throws {
        let directory = try makeTemporaryDirectory("st")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let store = try SystemStore(path: directory + "/system.db", key: key)
        let marker = "MRK\(UInt32.random(in: 0...UInt32.max))"
        try await store.insertAccount(account(marker + "a"), wraps: [.password: Data("wrap-\(marker)b".utf8)])
        #expect(try filesContaining([marker], under: directory).isEmpty, "after commit")
        // During an open write transaction, from another process.
        let open = Mutex<[String]>([])
        let target = directory
        try await store.withOpenTransaction({
            let found = try filesContaining([marker], under: target)
            open.withLock { $0 = found }
        }, writing: account(marker + "c"))
        #expect(open.withLock { $0 }.isEmpty, "during an open transaction")
        try await store.checkpoint()
        #expect(try filesContaining([marker], under: directory).isEmpty, "after checkpoint")
        try await store.backup(to: directory + "/backup.db", key: key)
        #expect(FileManager.default.fileExists(atPath: directory + "/backup.db"))
        #expect(try filesContaining([marker], under: directory).isEmpty, "after VACUUM INTO")
        let backup = try SystemStore(path: directory + "/backup.db", key: key)
        #expect(try await backup.account(login: "u\(marker)a") != nil)
    }

    @Test func aTamperedPageIsAnErrorNotWrongData() async throws {
        let directory = try makeTemporaryDirectory("st")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/system.db"
        do {
            let store = try SystemStore(path: path, key: key)
            for i in 0..<50 { try await store.insertAccount(account("t\(i)"), wraps: [:]) }
            try await store.checkpoint()
        }
        EncryptedDatabase.forgetKey(path: path)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.count >= 3 * 4096)
        bytes[4096 + 100] ^= 0x01  // page 2
        try bytes.write(to: URL(fileURLWithPath: path))
        await #expect {
            let store = try SystemStore(path: path, key: key)
            for i in 0..<50 { _ = try await store.account(login: "ut\(i)") }
            _ = try await store.integrityCheck()
        } throws: { error in
            if case .corrupt = error as? StorageError { return true }
            return false
        }
    }

    @Test func blobsAreEncryptedAndTamperingIsDetected() async throws {
        let directory = try makeTemporaryDirectory("st")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let masterKey = SecureBytes.random(32)
        let vault = try VaultStore(path: directory + "/vault.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
        let marker = "BLOBMARK\(UInt32.random(in: 0...UInt32.max))"
        let contents = Data((String(repeating: "resume text \(marker) ", count: 10_000)).utf8)
        let blob = try await vault.putBlob(name: "cv-\(marker).txt", contents: contents)
        #expect(try await vault.readBlob(id: blob.id) == contents)
        try await vault.checkpoint()
        #expect(try filesContaining([marker], under: directory).isEmpty)
        let file = directory + "/blobs/" + blob.id
        var bytes = try #require(FileManager.default.contents(atPath: file))
        bytes[bytes.count / 2] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: file))
        let damaged = StorageError.corrupt(path: file, detail: "blob \(blob.id): a chunk failed authentication, or the file is truncated")
        await #expect(throws: damaged) { _ = try await vault.readBlob(id: blob.id) }
        bytes[bytes.count / 2] ^= 0x80
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: file))
        await #expect(throws: damaged) { _ = try await vault.readBlob(id: blob.id) }
        // Another user's key opens neither the vault nor its blobs.
        try vault.close()
        #expect(throws: StorageError.self) {
            _ = try VaultStore(path: directory + "/vault.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        }
    }
}

@Suite struct ReopenTests {
    @Test func aReopenedStoreNeverUsesASharedMemoryFile() async throws {
        let directory = try makeTemporaryDirectory("st")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        for round in 0..<3 {
            let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: key)
            _ = try await vault.putBlob(name: "r\(round)", contents: Data("x".utf8))
            #expect(!FileManager.default.fileExists(atPath: directory + "/v.db-shm"), "round \(round)")
            try vault.close()
        }
    }
}

/// An import into an empty board runs with a rollback journal instead of the WAL: it must
/// still be all or nothing, leave no plaintext, and leave the store in WAL mode.
@Suite struct EmptyBoardImportTests {
    /// Rows with the given JobIDs (notes carry `marker`); throws `Stop` after `failAfter` rows.
    final class Rows: Sendable {
        struct Stop: Error {}
        let ids: [String]
        let marker: String
        let failAfter: Int?
        let position = Mutex(0)

        init(_ ids: [String], marker: String, failAfter: Int? = nil) {
            self.ids = ids
            self.marker = marker
            self.failAfter = failAfter
        }

        func next() throws -> ImportRow? {
            let index = position.withLock { position in
                defer { position += 1 }
                return position
            }
            if let failAfter, index == failAfter { throw Stop() }
            guard index < ids.count else { return nil }
            var values = Array(repeating: "", count: BoardColumn.allCases.map(\.rawValue).count)
            values[0] = ids[index]
            values[BoardColumn.allCases.map(\.rawValue).firstIndex(of: "notes")!] = "note \(marker) \(index)"
            return ImportRow(values: values, extras: [], parsed: ParsedFields())
        }
    }

    static func ids(_ count: Int, prefix: String = "J") -> [String] { (0..<count).map { "\(prefix)-\($0)" } }

    @Test func anAbortRollsBackAndTheStoreStaysInWAL() async throws {
        let directory = try makeTemporaryDirectory("eb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db"
        let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
        let marker = "EMPTYMARK\(UInt32.random(in: 0...UInt32.max))"
        // A failure (an abort, a bad file) half way rolls back.
        let aborted = Rows(Self.ids(5000), marker: marker, failAfter: 4000)
        await #expect(throws: Rows.Stop.self) {
            _ = try await vault.importJobs(replace: false, jobIdsUnique: true) { try aborted.next() }
        }
        #expect(try await vault.jobCount() == 0)
        #expect(try filesContaining([marker], under: directory).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        // Back in WAL mode: the next write goes to the log.
        _ = try await vault.putBlob(name: "after", contents: Data("x".utf8))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))

        let good = Rows(Self.ids(2000), marker: marker)
        #expect(try await vault.importJobs(replace: false, jobIdsUnique: true) { try good.next() }.inserted == 2000)
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(try filesContaining([marker], under: directory).isEmpty)
        try vault.close()
        let reopened = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
        #expect(try await reopened.jobCount() == 2000)
        #expect(try await reopened.job(id: "J-1999")?.values[0] == "J-1999")
        try reopened.close()
    }

    @Test func aRepeatedJobIdIntoAnEmptyBoardUpdatesTheRowItsFirstOccurrenceMade() async throws {
        let directory = try makeTemporaryDirectory("eb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        // Without the caller's word that its JobIDs are unique, each is looked up: J-5 comes
        // again 3,000 rows on, with another note, and updates the row its first occurrence made.
        let repeated = Rows(Self.ids(3000) + ["J-5"] + Self.ids(100, prefix: "K"), marker: "m")
        let counts = try await vault.importJobs(replace: false) { try repeated.next() }
        #expect(counts.inserted == 3100 && counts.updated == 1)
        #expect(try await vault.jobCount() == 3100)
        let notes = BoardColumn.allCases.map(\.rawValue).firstIndex(of: "notes")!
        #expect(try await vault.job(id: "J-5")?.values[notes] == "note m 3000")
        #expect(try await vault.boardMatching([(column: 0, values: ["J-5"])]).ids == ["J-5"])
        try vault.close()
    }

    @Test(arguments: [true, false])
    func aCancelledEmptyBoardImportChangesNothingAndTheStoreStaysUsable(jobIdsUnique: Bool) async throws {
        let directory = try makeTemporaryDirectory("eb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/v.db"
        let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        // The rows wait at row 1000 until the test has cancelled the importing task.
        let reached = DispatchSemaphore(value: 0)
        let resume = DispatchSemaphore(value: 0)
        let rows = Rows(Self.ids(50_000), marker: "x")
        let task = Task {
            try await vault.importJobs(replace: false, jobIdsUnique: jobIdsUnique) {
                if rows.position.withLock({ $0 }) == 1000 {
                    reached.signal()
                    resume.wait()
                }
                return try rows.next()
            }
        }
        await Task.detached { reached.wait() }.value
        task.cancel()
        resume.signal()
        await #expect(throws: (any Error).self) { _ = try await task.value }
        #expect(try await vault.jobCount() == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        _ = try await vault.putBlob(name: "after", contents: Data("x".utf8))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let good = Rows(Self.ids(10), marker: "x")
        #expect(try await vault.importJobs(replace: false) { try good.next() }.inserted == 10)
        try vault.close()
    }

    @Test func aBatchStoresItsValuesExtrasAndParsedFieldsAndMergesByJobId() async throws {
        let directory = try makeTemporaryDirectory("ib")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try VaultStore(path: directory + "/v.db", blobDirectory: directory + "/blobs", masterKey: SecureBytes.random(32))
        func values(_ id: String, _ company: String) -> [String] {
            var values = Array(repeating: "", count: BoardColumn.allCases.map(\.rawValue).count)
            values[0] = id
            values[1] = company
            return values
        }
        let extras = [ExtraColumn(name: "Owner", value: "Zoë \"Z\"")]
        let parsed = ParsedFields(salaryMin: 120_000, salaryMax: 150_000, currency: "USD", period: "year", receivedDate: "2024-03-15")
        let first = [
            ImportRow(values: values("J-1", "Acme"), extras: extras, parsed: parsed),
            ImportRow(values: values("J-2", ""), extras: [], parsed: ParsedFields()),
        ]
        var batch = ImportBatch()
        for row in first { try batch.append(row) }
        let once = Mutex(Optional(batch))
        #expect(try await vault.importJobs(replace: false) { once.withLock { $0.take() } }.inserted == 2)
        let stored = try #require(try await vault.job(id: "J-1"))
        #expect(stored.values == first[0].values)
        #expect(stored.extras == extras)
        #expect(stored.parsed == parsed)
        let empty = try #require(try await vault.job(id: "J-2"))
        #expect(empty.values == first[1].values)
        #expect(empty.extras.isEmpty)
        #expect(empty.parsed == ParsedFields())

        // Into a board that has rows, a batch merges by JobID.
        var second = ImportBatch()
        try second.append(first[1])
        try second.append(ImportRow(values: values("J-1", "Changed"), extras: extras, parsed: parsed))
        try second.append(ImportRow(values: values("J-3", "New"), extras: [], parsed: ParsedFields()))
        let again = Mutex(Optional(second))
        let counts = try await vault.importJobs(replace: false) { again.withLock { $0.take() } }
        #expect(counts.unchanged == 1)
        #expect(counts.updated == 1)
        #expect(counts.inserted == 1)
        let updated = try #require(try await vault.job(id: "J-1"))
        #expect(updated.values[1] == "Changed")
        #expect(updated.extras == extras)
        #expect(updated.parsed == parsed)
        #expect(try await vault.jobCount() == 3)
        try vault.close()
    }
}

@Suite struct JobIdIndexMigrationTests {
    @Test func aVaultWithTheUniqueConstraintKeepsItsJobsAndSearchAndStillRefusesRepeats() async throws {
        let directory = try makeTemporaryDirectory("mi")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db"
        // A vault as the version before made it: two jobs, searchable, JobIDs under a unique key.
        let old = try VaultStore.openDatabase(path: path, masterKey: key, tokenizer: WordTokenizer.self, migratedUpTo: "v14 resumes indexed in pieces")
        let before = try await old.write { db -> [String] in
            try db.execute(
                sql: """
                    INSERT INTO job (jobId, company, notes, salaryMin, period, description, extras, importGeneration, createdAt, updatedAt)
                    VALUES ('J-1', 'Acme', 'zebra crossing', 100000, 'year', 'Build things', '[]', 1, 1, 2),
                           ('J-2', 'Beta', 'other', NULL, NULL, NULL, NULL, 1, 3, 4)
                    """)
            try db.execute(sql: "UPDATE job SET descriptionStale = 1 WHERE jobId = 'J-2'")
            try db.execute(sql: "INSERT INTO jobText(jobText) VALUES('rebuild')")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO job (jobId, createdAt, updatedAt) VALUES ('J-1', 0, 0)") }
            return try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY seq").map(\.description)
        }
        try old.close()
        EncryptedDatabase.forgetKey(path: path)

        let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
        // Every row and column as it was, the search as it was, and JobIDs found by an index.
        #expect(try await vault.queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY seq").map(\.description) } == before)
        #expect(try await vault.searchAll("zebra") == [1])
        let plan = try await vault.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT seq FROM job WHERE jobId = ?", arguments: ["J-1"]).map { $0["detail"] as String }
        }
        #expect(plan.joined().contains("job_jobId"), "\(plan)")
        // The writers keep JobIDs unique: a new job under a taken JobID is refused, a file's
        // row with one updates that job.
        var values = Array(repeating: "", count: BoardColumn.allCases.count)
        values[0] = "J-1"
        #expect(try await vault.insertJob(values: values, parsed: ParsedFields(), description: nil) == nil)
        let rows = EmptyBoardImportTests.Rows(["J-1", "J-3"], marker: "m")
        let counts = try await vault.importJobs(replace: false) { try rows.next() }
        #expect(counts.inserted == 1 && counts.updated == 1)
        #expect(try await vault.jobCount() == 3)
        try vault.close()

        // Opened again, nothing is migrated twice.
        let reopened = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
        #expect(try await reopened.jobCount() == 3)
        try reopened.close()
    }
}
