import Foundation
import Glibc
import HireClient
import HireCore
import HireCrypto
import HireRPC
import HireTestSupport
import Synchronization
import Testing

/// kill -9 at random moments while the daemon writes (logins create sessions, password
/// changes re-wrap keys and end sessions): nothing committed is lost, the stores open, and
/// no plaintext reaches the disk.
@Suite struct CrashTests {
    /// What the test knows was committed: a reply came back.
    struct Ledger: Sendable {
        var password: String
        /// A password change whose reply never came: either password may be current.
        var pendingPassword: String?
        /// Tokens of sessions that must still attach.
        var tokens: [String] = []
        var changes = 0
    }

    static let rounds = 25

    final class LedgerBox: Sendable {
        private let state: Mutex<Ledger>
        init(_ ledger: Ledger) { state = Mutex(ledger) }
        func withLock<R>(_ body: (inout Ledger) -> R) -> R { state.withLock { body(&$0) } }
    }

    @Test(.timeLimit(.minutes(5)))
    func killNineNeverLosesCommittedWork() async throws {
        let directory = try makeTemporaryDirectory("kc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8", "--log-level", "error"]
        let marker = "CRASH\(UInt32.random(in: 0...UInt32.max))"
        let username = marker.lowercased()
        let ledger = LedgerBox(Ledger(password: "crash test passphrase 0"))

        for round in 0..<Self.rounds {
            let daemon = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
            #expect(await waitForSocket(socket), "round \(round): the daemon did not start: \(daemon.standardError)")
            try await RPCClient.withConnection(socketPath: socket) { client in
                if round == 0 {
                    _ = try await client.call(
                        Auth.Register.self,
                        .init(username: username, email: "\(marker)@example.com", password: ledger.withLock { $0.password }, role: .recruiter))
                }
                try await verify(ledger: ledger, username: username, socket: socket, round: round)
            }
            // Write until killed.
            let writer = Task {
                try? await RPCClient.withConnection(socketPath: socket) { client in
                    try await self.write(ledger: ledger, username: username, client: client)
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 30...300)))
            daemon.signal(SIGKILL)
            #expect(await daemon.waitForExit() == -SIGKILL)
            _ = await writer.value
            #expect(try filesContaining([marker, username], under: directory + "/data").isEmpty, "round \(round)")
        }
        let daemon = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await verify(ledger: ledger, username: username, socket: socket, round: Self.rounds)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(ledger.withLock { $0.changes } > 0, "the workload never changed a password")
    }

    /// Logins and password changes, each recorded once its reply arrives.
    private func write(ledger: LedgerBox, username: String, client: RPCClient) async throws {
        let password = ledger.withLock { $0.password }
        let token = try await client.call(Auth.Login.self, .init(login: username, password: password)).token
        ledger.withLock { $0.tokens.append(token) }
        while true {
            if Bool.random() {
                let token = try await client.call(Auth.Login.self, .init(login: username, password: ledger.withLock { $0.password })).token
                ledger.withLock { $0.tokens.append(token) }
            } else {
                let next = ledger.withLock { ledger -> String in
                    ledger.pendingPassword = "crash test passphrase \(ledger.changes + 1)"
                    return ledger.pendingPassword!
                }
                _ = try await client.call(
                    Auth.ChangePassword.self, .init(currentPassword: ledger.withLock { $0.password }, newPassword: next))
                ledger.withLock { ledger in
                    ledger.password = next
                    ledger.pendingPassword = nil
                    ledger.changes += 1
                    // Only the changing session survives; it is the latest login on this connection.
                    ledger.tokens = ledger.tokens.suffix(1)
                }
            }
        }
    }

    /// After a restart: the committed password (or a pending one) logs in, and every
    /// committed session token still attaches.
    private func verify(ledger: LedgerBox, username: String, socket: String, round: Int) async throws {
        let state = ledger.withLock { $0 }
        try await RPCClient.withConnection(socketPath: socket) { client in
            var current = state.password
            do {
                _ = try await client.call(Auth.Login.self, .init(login: username, password: state.password))
            } catch let error as RPCError where error.code == .wrongCredentials && state.pendingPassword != nil {
                _ = try await client.call(Auth.Login.self, .init(login: username, password: state.pendingPassword!))
                current = state.pendingPassword!
            }
            let pendingCommitted = current != state.password
            ledger.withLock { ledger in
                if pendingCommitted {
                    ledger.password = current
                    ledger.changes += 1
                    ledger.tokens = []  // the change ended other sessions; which one kept is unknown
                }
                ledger.pendingPassword = nil
            }
            guard !pendingCommitted else { return }
            // A pending change that did not commit leaves every session; one that committed
            // was handled above.
            for token in state.tokens.suffix(5) {
                do {
                    _ = try await client.call(Auth.Attach.self, .init(token: token))
                } catch {
                    Issue.record("round \(round): a committed session was lost: \(error)")
                }
            }
        }
    }
}

/// kill -9 during board imports, into an empty board and into a full one: the board is
/// either as before or fully imported, never part of a file.
@Suite struct ImportCrashTests {
    @Test(.timeLimit(.minutes(5)))
    func killNineDuringAnImportLeavesAllOrNothing() async throws {
        let directory = try makeTemporaryDirectory("ki")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8", "--log-level", "error"]
        let rows = 40_000
        try ImportProgressTests.writeBoard(directory + "/big.csv", rows: rows)
        try ImportProgressTests.writeBoard(directory + "/more.csv", rows: 1000, prefix: "M")
        var expected = 0
        for round in 0..<6 {
            let daemon = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
            #expect(await waitForSocket(socket), "round \(round): \(daemon.standardError)")
            let counted = try await RPCClient.withConnection(socketPath: socket) { client in
                if round == 0 {
                    _ = try await client.call(
                        Auth.Register.self, .init(username: "kim", email: "k@example.com", password: "crash test passphrase", role: .recruiter))
                }
                _ = try await client.call(Auth.Login.self, .init(login: "kim", password: "crash test passphrase"))
                return try await client.call(Stats.Get.self, Empty()).jobs
            }
            // Imports into an empty board on even rounds, merges into a full board on odd ones.
            #expect(counted == expected || counted == expected + (expected == 0 ? rows : 1000), "round \(round): \(counted) jobs")
            expected = counted
            let file = expected == 0 ? directory + "/big.csv" : directory + "/more.csv"
            if expected > 0, round % 2 == 0 {
                // Back to an empty board so that the empty-board path is exercised again.
                try await RPCClient.withConnection(socketPath: socket) { client in
                    _ = try await client.call(Auth.Login.self, .init(login: "kim", password: "crash test passphrase"))
                    _ = try await client.call(MTB.Import.self, .init(csv: "JobID\n", mode: .replace, confirm: true))
                }
                expected = 0
            }
            let path = expected == 0 ? directory + "/big.csv" : file
            let importing = Task {
                try? await RPCClient.withConnection(socketPath: socket) { client in
                    _ = try await client.call(Auth.Login.self, .init(login: "kim", password: "crash test passphrase"))
                    _ = try await client.call(MTB.Import.self, .init(path: path))
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...1500)))
            daemon.signal(SIGKILL)
            _ = await daemon.waitForExit()
            _ = await importing.value
        }
    }
}
