import Foundation
import HireCrypto
import HireStorage
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
        await #expect(throws: CryptoError.authenticationFailed) { _ = try await vault.readBlob(id: blob.id) }
        bytes[bytes.count / 2] ^= 0x80
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: file))
        await #expect(throws: CryptoError.self) { _ = try await vault.readBlob(id: blob.id) }
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
