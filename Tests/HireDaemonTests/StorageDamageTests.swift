import Foundation
import Glibc
import HireClient
import HireCore
import HireCrypto
@testable import HireDaemon
import HireRPC
@testable import HireStorage
import HireTestSupport
import Logging
import Testing



private func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }

/// Damaged stores (issue 9, items 2 and 3): never silently lost data, never "Internal error",
/// never the user's mistake.
@Suite struct StorageDamageTests {
    let hired = executable("hired")
    let password = "a long test passphrase"

    @Test func aDamagedSystemLogStopsTheDaemonAndLosesNothing() async throws {
        let directory = try makeTemporaryDirectory("sd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data", socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", data, "--kdf-memory-mib", "8"]
        let first = try ChildProcess(hired, arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await RPCClient.withConnection(socketPath: socket) { client in
            for name in ["pat", "sam", "kim"] {
                _ = try await client.call(
                    Auth.Register.self, .init(username: name, email: "\(name)@example.com", password: password, role: .recruiter))
            }
        }
        // A crash leaves the accounts in system.db's log, not yet in the database file.
        first.signal(SIGKILL)
        #expect(await first.waitForExit() == -SIGKILL)
        let wal = data + "/system.db-wal"
        let frames = (size(wal) - 32) / 4120
        #expect(frames >= 3)
        let lastFramePage = 32 + (frames - 1) * 4120 + 24 + 500
        try flip(wal, at: lastFramePage)
        let files = [wal, data + "/system.db"]
        let before = files.map(digest)

        let damaged = try ChildProcess(hired, arguments, outputDirectory: directory)
        #expect(await damaged.waitForExit() == 1, "the daemon must not start on a damaged log")
        #expect(damaged.standardError.contains("system.db-wal: frame \(frames) of the log"), "\(damaged.standardError)")
        #expect(damaged.standardError.contains("backup"))
        #expect(files.map(digest) == before, "a refused start changes nothing")

        // The byte put back: every account is there (nothing was dropped), and a clean stop
        // checkpoints the log away.
        try flip(wal, at: lastFramePage)
        let again = try ChildProcess(hired, arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await RPCClient.withConnection(socketPath: socket) { client in
            for name in ["pat", "sam", "kim"] { _ = try await client.call(Auth.Login.self, .init(login: name, password: password)) }
        }
        again.signal(SIGTERM)
        #expect(await again.waitForExit() == 0)
        #expect(size(wal) == 0, "a clean stop leaves no log")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: data + "/vault")) ?? [] where file.hasSuffix("-wal") {
            #expect(size(data + "/vault/" + file) == 0, "\(file)")
        }
    }

    /// A clean stop (SIGTERM) checkpoints every store: nothing is left in a log for a damaged
    /// byte to take away.
    @Test func aCleanStopLeavesNoLog() async throws {
        let directory = try makeTemporaryDirectory("sd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data", socket = directory + "/s"
        let daemon = try ChildProcess(hired, ["--socket", socket, "--data-dir", data, "--kdf-memory-mib", "8"], outputDirectory: directory)
        #expect(await waitForSocket(socket))
        let userId = try await RPCClient.withConnection(socketPath: socket) { client in
            let user = try await client.call(
                Auth.Register.self, .init(username: "pat", email: "pat@example.com", password: password, role: .recruiter)
            ).user
            _ = try await client.call(Auth.Login.self, .init(login: "pat", password: password))
            return user.id
        }
        #expect(size(data + "/system.db-wal") > 0)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(size(data + "/system.db-wal") == 0)
        #expect(size(data + "/vault/\(userId).db-wal") == 0)
    }

    @Test func aDamagedVaultIsStorageDamagedAtLoginNotAnInternalError() async throws {
        let directory = try makeTemporaryDirectory("sd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data", socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", data, "--kdf-memory-mib", "8"]
        let first = try ChildProcess(hired, arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket))
        let userId = try await RPCClient.withConnection(socketPath: socket) { client in
            let user = try await client.call(
                Auth.Register.self, .init(username: "pat", email: "pat@example.com", password: password, role: .recruiter)
            ).user
            _ = try await client.call(Auth.Login.self, .init(login: "pat", password: password))
            let report = try await client.call(Vault.Verify.self, Empty())
            #expect(report.ok && report.damaged.isEmpty && report.pagesChecked > 3)
            return user.id
        }
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
        try flip(data + "/vault/\(userId).db", at: 1000)

        let second = try ChildProcess(hired, arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await RPCClient.withConnection(socketPath: socket) { client in
            do {
                _ = try await client.call(Auth.Login.self, .init(login: "pat", password: password))
                Issue.record("a damaged vault unlocked")
            } catch let error as RPCError {
                #expect(error.code == .storageDamaged, "\(error)")
                #expect(error.message.hasPrefix("the vault is damaged: \(userId).db: page 1 failed authentication"), "\(error.message)")
                #expect(error.message.contains("restore it from a backup"))
            }
        }
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
    }

    /// Damage met by any call (a search above all) is `storageDamaged`, not a bad query nor an
    /// internal error; a query SQLite cannot parse is still a bad query.
    @Test func damageOnACallIsStorageDamagedNotABadQuery() async throws {
        let damage = StorageError.corrupt(path: "/data/vault/u1.db", detail: "u1.db: page 9 failed authentication")
        do {
            _ = try await VaultStore.searching { () async throws -> Int in throw damage }
            Issue.record("no error")
        } catch {
            #expect(error as? StorageError == damage)
            let wire = wireError(error, method: "jobs.search", logger: .silent)
            #expect(wire.code == .storageDamaged && wire.code.rawValue == -32020)
            #expect(wire.message == "the vault is damaged: u1.db: page 9 failed authentication; restore it from a backup")
        }
        let system = wireError(StorageError.corrupt(path: "/data/system.db", detail: "system.db: page 3 failed authentication"), method: "auth.login", logger: .silent)
        #expect(system.code == .storageDamaged && system.message.hasPrefix("the daemon's system store is damaged: "))
        let refused = wireError(SearchQueryRefused(), method: "jobs.search", logger: .silent)
        #expect(refused.code == .badQuery && refused.message == "the search query cannot be used: try plain words")
    }
}
