import Foundation
import Glibc
import HireClient
import HireCore
import HireDaemon
import HireExchange
import HireRPC
import HireTestSupport
import Testing

/// Daemons with data dirs of their own (separate machines) sharing postings, the sealed inbox
/// and the member directory through one real PostgreSQL.
@Suite(.serialized, .enabled(if: PostgresCluster.testsEnabled, "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (make test installs them)"))
struct ExchangeDaemonTests {
    /// A marker in what a candidate sends (their resume, their cover letter): it must reach the
    /// recruiter and never show in PostgreSQL's files or dump.
    static let privateMarker = "ZQXJ-PRIVATE-7431"
    /// A marker in the posting's ad, which is public: the scan finds it, so it can find things.
    static let publicMarker = "ZQXJ-PUBLIC-2210"

    @Test func aPostingOnOneMachineIsReadOnAnotherAndItsApplicationComesBackSealed() async throws {
        try await withCluster { cluster in
            try await withExchangeDaemon(cluster) { a in
                try await withExchangeDaemon(cluster) { b in
                    let recruiter = try await RPCClient.connect(socketPath: a.socketPath)
                    let candidate = try await RPCClient.connect(socketPath: b.socketPath)
                    defer { Task { await recruiter.close(); await candidate.close() } }
                    try await registerAndLogIn(recruiter, "rita", role: .recruiter)
                    let posting = try await recruiter.call(
                        Postings.Publish.self,
                        .init(title: "iOS Engineer", company: "Acme", description: "Swift and SQLite, 5 years. \(Self.publicMarker)"))

                    try await registerAndLogIn(candidate, "alice", role: .candidate)
                    let seen = try await candidate.call(Postings.List.self, .init()).postings
                    #expect(seen.map(\.id) == [posting.id])
                    #expect(seen.first?.description.contains(Self.publicMarker) == true)
                    let resume = try #require(
                        try await candidate.call(
                            Resumes.Add.self, .init(text: "Alice Moreno. Swift, iOS, SQLite, 8 years. \(Self.privateMarker)", filename: "a.txt")
                        ).resumes.first)
                    // Both keys reach the directory at each login, in the background.
                    try await eventually {
                        guard try await cluster.psql("SELECT count(box_public_key) FROM identity") == "2\n" else { throw Pending() }
                    }
                    let sent = try await candidate.call(
                        Applications.Submit.self,
                        .init(postingId: posting.id, resumeId: resume.id, coverLetter: "Dear Rita. \(Self.privateMarker)"))

                    let received = try await recruiter.call(Applications.List.self, .init(postingId: posting.id)).applications
                    #expect(received.map(\.id) == [sent.id])
                    let full = try await recruiter.call(Applications.Get.self, .init(applicationId: sent.id))
                    #expect(full.coverLetter == "Dear Rita. \(Self.privateMarker)")
                    #expect(full.resume?.text?.contains(Self.privateMarker) == true)
                    // The status travels back, sealed to the candidate on the other machine.
                    _ = try await recruiter.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .screening))
                    let mine = try await candidate.call(Applications.Mine.self, .init()).applications
                    #expect(mine.map(\.id) == [sent.id])
                    #expect(mine.first?.status == .screening)

                    // What the server holds: the public ad, and nothing of the application.
                    try await cluster.psql("CHECKPOINT")
                    let dump = try await cluster.dump()
                    #expect(dump.contains(Self.publicMarker))
                    #expect(!dump.contains(Self.privateMarker))
                    #expect(try filesContaining([Self.publicMarker], under: cluster.dataDirectory).count > 0)
                    #expect(try filesContaining([Self.privateMarker], under: cluster.dataDirectory).isEmpty)

                    // A deleted account leaves the exchange: its name and key, its ads.
                    _ = try await recruiter.call(Auth.DeleteAccount.self, .init(password: "a long test passphrase"))
                    try await eventually {
                        guard try await cluster.psql("SELECT count(*) FROM identity") == "1\n" else { throw Pending() }
                    }
                    #expect(try await candidate.call(Postings.List.self, .init(includeClosed: true)).postings.isEmpty)
                }
            }
        }
    }

    @Test func theDaemonServesItsVaultsWhilePostgreSQLIsAwayAndRecoversAfter() async throws {
        try await withCluster { cluster in
            // Down before the daemon starts: it starts anyway.
            try await cluster.stop()
            try await withExchangeDaemon(cluster) { daemon in
                let client = try await RPCClient.connect(socketPath: daemon.socketPath)
                defer { Task { await client.close() } }
                try await registerAndLogIn(client, "rita", role: .recruiter)
                _ = try await client.call(Resumes.Add.self, .init(text: "Bob Stone. Forklift, inventory.", filename: "b.txt"))
                let error = await rpcError { _ = try await client.call(Postings.List.self, .init()) }
                #expect(error?.code == .exchangeUnreachable)
                #expect(error?.message.contains("the exchange at postgresql://hired@/postgres?host=\(cluster.directory)") == true)
                #expect(try await client.call(Resumes.List.self, .init()).resumes.count == 1)

                // Up: the exchange comes back by itself (its schema made then).
                try await cluster.start()
                let posting = try await eventually {
                    try await client.call(Postings.Publish.self, .init(title: "Driver", company: "Depot", description: "Forklift."))
                }
                // Down under the running daemon: vault data served, exchange calls say why.
                try await cluster.stop()
                #expect(try await client.call(Resumes.List.self, .init()).resumes.count == 1)
                #expect(await errorCode { _ = try await client.call(Postings.List.self, .init()) } == .exchangeUnreachable)
                try await cluster.start()
                let listed = try await eventually { try await client.call(Postings.List.self, .init()).postings }
                #expect(listed.map(\.id) == [posting.id])
            }
        }
    }

    @Test func overTCPTheConnectionIsEncryptedAndVerifiedAsAsked() async throws {
        try await withCluster(tls: true) { cluster in
            let tcp = "postgresql://hired@localhost:\(try #require(cluster.port))/postgres"
            // require: encrypted, the certificate not checked.
            let required = try makeExchange(cluster, url: tcp + "?sslmode=require")
            try await required.publishMember(Member(id: "u1", displayName: "Rita", role: .recruiter, publicKey: Data([1])))
            #expect(
                try await cluster.psql(
                    "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE ssl AND client_addr IS NOT NULL") == "1\n")
            // verify-full against the server's own certificate: verified.
            let verified = try makeExchange(cluster, url: tcp + "?sslmode=verify-full&sslrootcert=\(cluster.certificate)")
            #expect(try await verified.member(id: "u1")?.displayName == "Rita")
            // verify-full against the system's roots: a self-signed server is refused, saying so.
            let refused = await #expect(throws: ExchangeUnreachable.self) {
                _ = try await makeExchange(cluster, url: tcp + "?sslmode=verify-full").member(id: "u1")
            }
            #expect(refused?.location == "postgresql://hired@localhost:\(cluster.port ?? 0)/postgres?sslmode=verify-full")
            // disable: plain TCP, which this server accepts too.
            #expect(try await makeExchange(cluster, url: tcp + "?sslmode=disable").member(id: "u1") != nil)
        }
    }

    @Test func theHiredBinaryTakesItsExchangeFromTheFlagOrTheEnvironmentAndRefusesAPasswordInIt() async throws {
        try await withCluster { cluster in
            let directory = try makeTemporaryDirectory("hx")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var environment = ProcessInfo.processInfo.environment
            environment["PGPASSFILE"] = cluster.passwordFile
            environment["HIRED_EXCHANGE_URL"] = nil
            func start(_ name: String, _ extra: [String], _ environment: [String: String]) throws -> ChildProcess {
                try ChildProcess(
                    executable("hired"), ["--socket", "\(directory)/\(name).s", "--data-dir", "\(directory)/\(name)", "--kdf-memory-mib", "8"] + extra,
                    environment: environment, outputDirectory: directory)
            }
            let refused = try start("bad", ["--exchange", "postgresql://hired:secret@localhost/postgres"], environment)
            #expect(await refused.waitForExit() != 0)
            #expect(refused.standardError.contains("must not carry a password"))
            #expect(!refused.standardError.contains("secret"))

            let byFlag = try start("a", ["--exchange", cluster.url()], environment)
            var fromEnvironment = environment
            fromEnvironment["HIRED_EXCHANGE_URL"] = cluster.url()
            let byEnvironment = try start("b", [], fromEnvironment)
            defer {
                byFlag.signal(SIGTERM)
                byEnvironment.signal(SIGTERM)
            }
            #expect(await waitForSocket("\(directory)/a.s"))
            #expect(await waitForSocket("\(directory)/b.s"))
            let recruiter = try await RPCClient.connect(socketPath: "\(directory)/a.s")
            let candidate = try await RPCClient.connect(socketPath: "\(directory)/b.s")
            defer { Task { await recruiter.close(); await candidate.close() } }
            try await registerAndLogIn(recruiter, "rita", role: .recruiter)
            let posting = try await recruiter.call(Postings.Publish.self, .init(title: "Driver", company: "Depot", description: "Forklift."))
            try await registerAndLogIn(candidate, "otto", role: .candidate)
            #expect(try await candidate.call(Postings.List.self, .init()).postings.map(\.id) == [posting.id])
            byFlag.signal(SIGTERM)
            byEnvironment.signal(SIGTERM)
            #expect(await byFlag.waitForExit() == 0)
            #expect(await byEnvironment.waitForExit() == 0)
        }
    }

    @Test func migrationsRunOnceWhenDaemonsStartTogether() async throws {
        try await withCluster { cluster in
            let exchanges = try (0..<4).map { _ in try makeExchange(cluster) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for exchange in exchanges { group.addTask { _ = try await exchange.member(id: "nobody") } }
                try await group.waitForAll()
            }
            #expect(try await cluster.psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM hired_schema") == "1,2\n")
            // Again, from a new start: nothing to do, nothing changed.
            _ = try await makeExchange(cluster).member(id: "nobody")
            #expect(try await cluster.psql("SELECT count(*) FROM hired_schema") == "2\n")
            // A schema from a newer hired is refused, with the reason.
            try await cluster.psql("INSERT INTO hired_schema (version) VALUES (99)")
            let refused = await #expect(throws: ExchangeUnreachable.self) { _ = try await makeExchange(cluster).member(id: "nobody") }
            #expect(refused?.reason.contains("version 99") == true)
        }
    }
}

/// Not there yet: `eventually` tries again.
struct Pending: Error {}

/// Starts a daemon whose exchange is `cluster` (a short backoff: tests wait for recovery).
func withExchangeDaemon<R: Sendable>(_ cluster: PostgresCluster, _ body: @Sendable (TestDaemon) async throws -> R) async throws -> R {
    let exchange = try makeExchange(cluster)
    return try await withTestDaemon(configure: { $0.sharedExchange = exchange }, body)
}

func registerAndLogIn(_ client: RPCClient, _ username: String, role: Role) async throws {
    let password = "a long test passphrase"
    _ = try await client.call(
        Auth.Register.self, .init(username: username, email: "\(username)@example.com", password: password, role: role, displayName: username))
    _ = try await client.call(Auth.Login.self, .init(login: username, password: password))
}
