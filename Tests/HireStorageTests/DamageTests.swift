import Foundation
import HireCore
import GRDB
import HireCrypto
@testable import HireStorage
import HireTestSupport
import Synchronization
import Testing

/// One damaged byte in a store's write-ahead log, in any part SQLite's recovery reads, must stop
/// the store from opening with `StorageError.corrupt` naming the log: never an end of the log
/// that drops the committed transactions after it (issue 9, item 2).
@Suite struct DamageTests {
    static let walHeader = 32
    static let frame = 24 + 4096

    /// Copies `name` and its `-wal` from `source` to `target` (the store is open: exclusive
    /// locking would checkpoint the log away on close, as a clean stop does).
    private func copyStore(_ name: String, from source: String, to target: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: source + "/" + name + suffix, toPath: target + "/" + name + suffix)
        }
    }

    private func frameCount(_ wal: String) throws -> Int {
        let size = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0
        return (size - Self.walHeader) / Self.frame
    }

    /// Offsets to flip: a header byte (magic, salt, checksum), and in the first, a middle and
    /// the last frame a header byte (page number, commit size, salt, checksum) and page bytes.
    private func offsets(frames: Int) -> [(String, Int)] {
        var list: [(String, Int)] = [("header magic", 1), ("header salt", 17), ("header checksum", 30)]
        for (name, index) in [("first", 0), ("middle", frames / 2), ("last", frames - 1)] {
            let start = Self.walHeader + index * Self.frame
            for (part, at) in [("page number", 3), ("commit size", 7), ("salt", 9), ("checksum", 19), ("page", 24 + 1000), ("tag", Self.frame - 1)] {
                list.append(("\(name) frame \(part)", start + at))
            }
        }
        return list
    }

    @Test func aDamagedSystemStoreLogIsAnErrorNeverLostAccounts() async throws {
        let directory = try makeTemporaryDirectory("dmg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        try FileManager.default.createDirectory(atPath: directory + "/live", withIntermediateDirectories: true)
        let store = try SystemStore(path: directory + "/live/system.db", key: key)
        try await store.checkpoint()
        for index in 0..<6 {
            try await store.insertAccount(
                AccountRecord(
                    id: UUID().uuidString, username: "user\(index)", email: "u\(index)@example.com", role: "recruiter",
                    displayName: "User \(index)", createdAt: Date()),
                wraps: [.password: Data(repeating: UInt8(index), count: 2000)])
        }
        let frames = try frameCount(directory + "/live/system.db-wal")
        #expect(frames >= 6)
        // Control: the copy with its log opens and has every account.
        try copyStore("system.db", from: directory + "/live", to: directory + "/control")
        let control = try SystemStore(path: directory + "/control/system.db", key: key)
        for index in 0..<6 { #expect(try await control.account(login: "user\(index)") != nil) }

        for (number, (what, offset)) in offsets(frames: frames).enumerated() {
            let target = directory + "/c\(number)"
            try copyStore("system.db", from: directory + "/live", to: target)
            try flip(target + "/system.db-wal", at: offset)
            let before = try Data(contentsOf: URL(fileURLWithPath: target + "/system.db-wal"))
            do {
                _ = try SystemStore(path: target + "/system.db", key: key)
                Issue.record("\(what): the store opened")
            } catch .corrupt(let path, let detail) {
                #expect(path == target + "/system.db", "\(what)")
                #expect(detail.hasPrefix("system.db-wal: "), "\(what): \(detail)")
            } catch {
                Issue.record("\(what): \(error)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: target + "/system.db-wal")) == before, "\(what): the log was changed")
        }
    }

    @Test func aDamagedVaultLogIsAnErrorNeverLostCommits() async throws {
        let directory = try makeTemporaryDirectory("dmg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let masterKey = SecureBytes.random(32)
        try FileManager.default.createDirectory(atPath: directory + "/live", withIntermediateDirectories: true)
        let vault = try VaultStore(path: directory + "/live/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
        try await vault.checkpoint()
        for index in 0..<5 { _ = try await vault.putBlob(name: "f\(index).txt", contents: Data(repeating: 65, count: 100 + index)) }
        let frames = try frameCount(directory + "/live/v.db-wal")
        #expect(frames >= 5)
        try copyStore("v.db", from: directory + "/live", to: directory + "/control")
        let control = try VaultStore(path: directory + "/control/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
        #expect(try await control.blobs().count == 5)

        for (number, (what, offset)) in offsets(frames: frames).enumerated() {
            let target = directory + "/c\(number)"
            try copyStore("v.db", from: directory + "/live", to: target)
            try flip(target + "/v.db-wal", at: offset)
            do {
                _ = try VaultStore(path: target + "/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
                Issue.record("\(what): the vault opened")
            } catch .corrupt(_, let detail) {
                #expect(detail.hasPrefix("v.db-wal: "), "\(what): \(detail)")
            } catch {
                Issue.record("\(what): \(error)")
            }
        }
    }

    /// A hot rollback journal (a crash during an import into an empty board) with one damaged
    /// byte in its header fields or a record is an error naming the journal, before anything
    /// is rolled back: never a skipped or partial rollback.
    @Test func aDamagedHotJournalIsAnErrorNeverAPartialRollback() async throws {
        let directory = try makeTemporaryDirectory("dmg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let masterKey = SecureBytes.random(32)
        try FileManager.default.createDirectory(atPath: directory + "/live", withIntermediateDirectories: true)
        let vault = try VaultStore(path: directory + "/live/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
        _ = try await vault.putBlob(name: "before.txt", contents: Data("kept".utf8))
        try await vault.checkpoint()
        // A tiny page cache makes the import spill pages into the database file before it
        // commits: its journal is then hot, as after a crash. The files are copied right then.
        try await vault.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = 5") }
        let rows = EmptyBoardImportTests.Rows(EmptyBoardImportTests.ids(3000), marker: "beta", failAfter: 2500)
        let live = directory + "/live"
        let copied = { @Sendable in
            try? FileManager.default.createDirectory(atPath: directory + "/hot", withIntermediateDirectories: true)
            for suffix in ["", "-journal"] {
                try? FileManager.default.copyItem(atPath: live + "/v.db" + suffix, toPath: directory + "/hot/v.db" + suffix)
            }
        }
        await #expect(throws: EmptyBoardImportTests.Rows.Stop.self) {
            _ = try await vault.importJobs(replace: false) {
                if rows.position.withLock({ $0 }) == 2000 { copied() }
                return try rows.next()
            }
        }
        let journal = directory + "/hot/v.db-journal"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        #expect(bytes.count > 512 + 4104 && bytes[0] == 0xd9, "a hot journal with records")

        func copy(_ name: String) throws -> String {
            let target = directory + "/" + name
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for suffix in ["", "-journal"] {
                try FileManager.default.copyItem(atPath: directory + "/hot/v.db" + suffix, toPath: target + "/v.db" + suffix)
            }
            return target
        }
        // Control: rolled back to the state before the import.
        let control = try VaultStore(path: try copy("control") + "/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
        #expect(try await control.jobCount() == 0)
        #expect(try await control.blobs().map(\.name) == ["before.txt"])

        let cases = [("magic", 1), ("record count", 11), ("checksum seed", 14), ("database size", 19), ("header MAC", 30),
                     ("first record's page", 512 + 4 + 700), ("first record's checksum", 512 + 4 + 4096 + 1)]
        for (number, (what, offset)) in cases.enumerated() {
            let target = try copy("j\(number)")
            try flip(target + "/v.db-journal", at: offset)
            let before = try Data(contentsOf: URL(fileURLWithPath: target + "/v.db"))
            do {
                _ = try VaultStore(path: target + "/v.db", blobDirectory: directory + "/blobs", masterKey: masterKey)
                Issue.record("\(what): the vault opened")
            } catch .corrupt(_, let detail) {
                #expect(detail.hasPrefix("v.db-journal: "), "\(what): \(detail)")
            } catch {
                Issue.record("\(what): \(error)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: target + "/v.db")) == before, "\(what): nothing rolled back")
        }
    }

    @Test func verifyReportsDamagedPagesAndBlobs() async throws {
        let directory = try makeTemporaryDirectory("dmg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let masterKey = SecureBytes.random(32)
        let path = directory + "/v.db"
        var vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: masterKey)
        let good = try await vault.putBlob(name: "good.txt", contents: Data(repeating: 66, count: 200_000))
        let bad = try await vault.putBlob(name: "bad.txt", contents: Data(repeating: 67, count: 200_000))
        let cut = try await vault.putBlob(name: "cut.txt", contents: Data(repeating: 68, count: 200_000))
        var report = try await vault.verify()
        #expect(report.damaged.isEmpty && report.blobsChecked == 3 && report.pagesChecked + report.framesChecked > 3)
        try await vault.verifyBlob(id: good.id)

        // A flipped byte in one blob, another blob cut short: both reported, each by id.
        try flip(directory + "/blobs/" + bad.id, at: 70_000)
        let cutFile = directory + "/blobs/" + cut.id
        let size = try FileManager.default.attributesOfItem(atPath: cutFile)[.size] as? Int ?? 0
        #expect(truncate(cutFile, off_t(size - 20)) == 0)
        await #expect(throws: StorageError.self) { try await vault.verifyBlob(id: bad.id) }
        report = try await vault.verify()
        #expect(Set(report.damaged.filter { $0.kind == "blob" }.compactMap(\.blobId)) == [bad.id, cut.id])

        // A flipped byte in a page of the database file (the vault is closed: checkpointed),
        // one of the blob table's, which opening the vault does not read.
        let page = try #require(try await vault.queue.read { db in try Int.fetchOne(db, sql: "SELECT pageno FROM dbstat WHERE name = 'blob'") })
        try vault.close()
        try flip(path, at: (page - 1) * 4096 + 100)
        vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: masterKey)
        report = try await vault.verify()
        #expect(report.damaged.contains { $0.kind == "page" && $0.number == page && $0.detail == "v.db: page \(page) failed authentication" })
    }

    /// A damaged page of the full-text index is storage damage on the call that meets it
    /// (issue 9, item 3): never an error the caller could take for a bad query.
    @Test func aDamagedFullTextPageIsDamageOnTheSearchThatMeetsIt() async throws {
        let directory = try makeTemporaryDirectory("dmg")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let masterKey = SecureBytes.random(32)
        let path = directory + "/v.db"
        var vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: masterKey)
        let rows = EmptyBoardImportTests.Rows(EmptyBoardImportTests.ids(3000), marker: "alpha")
        _ = try await vault.importJobs(replace: false) { try rows.next() }
        #expect(try await !vault.searchJobs("alpha", limit: 5).isEmpty)
        // A query SQLite cannot parse is the caller's (a bad query); damage is not (below).
        #expect(await captured { _ = try await vault.searchJobs("\"unbalanced", limit: 5) } is SearchQueryRefused)
        let pages = try await vault.queue.read { db in
            try Int.fetchAll(db, sql: "SELECT pageno FROM dbstat WHERE name = 'jobText_data' AND pagetype = 'leaf' ORDER BY pageno")
        }
        #expect(!pages.isEmpty)
        try vault.close()
        for page in pages { try flip(path, at: (page - 1) * 4096 + 200) }
        vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: masterKey)
        do {
            _ = try await vault.searchJobs("alpha", limit: 5)
            Issue.record("the search read damaged pages without an error")
        } catch StorageError.corrupt(let damaged, let detail) {
            #expect(damaged == path)
            #expect(detail.hasPrefix("v.db: page ") && detail.hasSuffix(" failed authentication"), "\(detail)")
        }
        let again = await captured { _ = try await vault.searchJobs("alpha", limit: 5) }
        #expect(again is StorageError && !EncryptedDatabase.isQueryError(again), "on every call that meets it")
    }

    private func captured(_ body: () async throws -> Void) async -> any Error {
        do {
            try await body()
            return CancellationError()
        } catch {
            return error
        }
    }
}
