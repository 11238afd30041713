import Foundation
import Glibc
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Synchronization
import Testing

/// Orgs across machines: `hired` processes with data dirs of their own sharing one real
/// PostgreSQL (`--exchange`), its members' daemons syncing through its log and woken by its
/// `LISTEN/NOTIFY`.
@Suite(.serialized, .enabled(if: PostgresCluster.testsEnabled, "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (make test installs them)"))
struct OrgMachinesTests {
    /// Markers in the org's name and its board's values: encrypted, they never show in
    /// PostgreSQL's files or dump.
    static let nameMarker = "ZQXJ-ORGNAME-8830"
    static let boardMarker = "ZQXJ-ORGBOARD-5521"
    static let resumeMarker = "ZQXJ-SHAREDRESUME-4410"

    /// An org's posting published on Ann's machine takes an application from a candidate on a
    /// third machine, sealed to the org: Bob's machine, woken through PostgreSQL, takes it into
    /// the org's log and moves it; Ann's copy follows with Bob's note; the candidate sees the
    /// move without it. PostgreSQL never holds the resume or the letter.
    @Test(.timeLimit(.minutes(5)))
    func anOrgsPostingTakesAnApplicationFromAnotherMachineSealedToTheOrg() async throws {
        try await withCluster { cluster in
            try await withMachines(cluster, 3) { machines in
                let (ann, bob, cat) = (machines[0], machines[1], machines[2])
                let org = try await ann.client.call(Orgs.Create.self, .init(name: "Acme Talent"))
                let code = try await ann.client.call(Orgs.Invite.self, .init(orgId: org.orgId, role: "recruiter")).code
                _ = try await bob.client.call(Orgs.Join.self, .init(code: code))
                let posting = try await ann.client.call(
                    Postings.Publish.self, .init(title: "iOS Engineer", company: "Acme", description: "Swift and SQLite, 5 years.", orgId: org.orgId))
                let carl = try await cat.connect()
                defer { Task { await carl.close() } }
                try await registerAndLogIn(carl, "carl", role: .candidate)
                let resume = try #require(
                    try await carl.call(
                        Resumes.Add.self, .init(text: "Carl Berg. Swift, iOS, SQLite, 7 years. \(ExchangeDaemonTests.privateMarker)", filename: "c.txt")
                    ).resumes.first)
                let sent = try await carl.call(
                    Applications.Submit.self,
                    .init(postingId: posting.id, resumeId: resume.id, coverLetter: "Dear Acme. \(ExchangeDaemonTests.privateMarker)"))
                try await eventually {
                    let listed = try await bob.client.call(Applications.List.self, .init(postingId: posting.id)).applications
                    guard listed.map(\.id) == [sent.id] else { throw Pending() }
                }
                let full = try await bob.client.call(Applications.Get.self, .init(applicationId: sent.id))
                #expect(full.coverLetter == "Dear Acme. \(ExchangeDaemonTests.privateMarker)")
                _ = try await bob.client.call(Applications.SetStatus.self, .init(applicationIds: [sent.id], status: .screening, note: "call him"))
                try await eventually {
                    let seen = try await ann.client.call(Applications.Get.self, .init(applicationId: sent.id))
                    guard seen.status == .screening, seen.history.last?.note == "call him" else { throw Pending() }
                }
                try await eventually {
                    let mine = try await carl.call(Applications.Mine.self, .init()).applications
                    guard mine.first?.status == .screening else { throw Pending() }
                    #expect(mine.first?.history.last?.note == nil)
                }
                try await cluster.psql("CHECKPOINT")
                #expect(!(try await cluster.dump()).contains(ExchangeDaemonTests.privateMarker))
                #expect(try filesContaining([ExchangeDaemonTests.privateMarker], under: cluster.dataDirectory).isEmpty)
            }
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func threeMachinesEditOneBoardConvergeAndARemovedMemberReadsNothingNew() async throws {
        try await withCluster { cluster in
            try await withMachines(cluster, 3) { machines in
                let (ann, bob, cat) = (machines[0], machines[1], machines[2])
                let org = try await ann.client.call(Orgs.Create.self, .init(name: "\(Self.nameMarker) Talent"))
                for member in [bob, cat] {
                    // The code reaches the other machine out of band (here: this test).
                    let code = try await ann.client.call(Orgs.Invite.self, .init(orgId: org.orgId, role: "recruiter")).code
                    let joined = try await member.client.call(Orgs.Join.self, .init(code: code))
                    #expect(joined.name == "\(Self.nameMarker) Talent")
                }
                // Everyone edits the same records at once: each column's last writer wins everywhere.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for machine in machines {
                        group.addTask {
                            for round in 0..<12 {
                                _ = try await machine.client.call(
                                    Orgs.Edit.self,
                                    .init(
                                        orgId: org.orgId, jobId: "J-\(round % 4)",
                                        set: ["company": "\(Self.boardMarker) \(machine.name) \(round)", "notes": "\(machine.name) \(round)"]))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let board = try await converged(machines, orgId: org.orgId)
                #expect(board.map(\.jobId) == ["J-0", "J-1", "J-2", "J-3"])
                #expect(try await ann.client.call(Orgs.Members.self, .init(orgId: org.orgId)).members.count == 3)

                // A resume Ann shares reaches Bob's machine.
                let resume = try #require(
                    try await ann.client.call(
                        Resumes.Add.self, .init(text: "Ana Ruiz\nSwift engineer. \(Self.resumeMarker)", filename: "ana.txt")
                    ).resumes.first)
                _ = try await ann.client.call(Resumes.Share.self, .init(resumeId: resume.id, orgId: org.orgId))
                try await eventually {
                    let shared = try await bob.client.call(Orgs.Resumes.self, .init(orgId: org.orgId, includeText: true)).resumes
                    guard shared.first?.text?.contains(Self.resumeMarker) == true else { throw Pending() }
                }

                // Cat is removed; what Ann writes next reaches Bob and never Cat.
                let after = try await ann.client.call(Orgs.Remove.self, .init(orgId: org.orgId, userId: cat.userId))
                #expect(after.epoch == 2 && after.memberCount == 2)
                _ = try await ann.client.call(Orgs.Edit.self, .init(orgId: org.orgId, jobId: "J-after", set: ["company": "After removal"]))
                try await eventually {
                    guard try await bob.client.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs.contains(where: { $0.jobId == "J-after" })
                    else { throw Pending() }
                }
                _ = try await cat.client.call(Orgs.Status.self, .init(orgId: org.orgId))
                #expect(try await cat.client.call(Orgs.List.self, Empty()).orgs.first?.removed == true)
                #expect(try await cat.client.call(Orgs.Board.self, .init(orgId: org.orgId)).jobs == board)

                // The server holds ciphertext: the scan finds the public ad, and nothing of the org.
                _ = try await ann.client.call(
                    Postings.Publish.self, .init(title: "Driver", company: "Depot", description: ExchangeDaemonTests.publicMarker))
                try await cluster.psql("CHECKPOINT")
                let dump = try await cluster.dump()
                #expect(dump.contains(ExchangeDaemonTests.publicMarker))
                #expect(!dump.contains(Self.nameMarker) && !dump.contains(Self.boardMarker) && !dump.contains(Self.resumeMarker))
                #expect(try filesContaining([ExchangeDaemonTests.publicMarker], under: cluster.dataDirectory).count > 0)
                #expect(try filesContaining([Self.nameMarker, Self.boardMarker, Self.resumeMarker], under: cluster.dataDirectory).isEmpty)
            }
        }
    }

    /// Edits made while PostgreSQL is away wait in the vault (`orgs.status` counts them), and
    /// go out by themselves when it is back: the other machine's replica follows with no call.
    @Test(
        .timeLimit(.minutes(5)))
    func editsQueueWhilePostgreSQLIsDownAndConvergeAfter() async throws {
        try await withCluster { cluster in
            try await withMachines(cluster, 2) { machines in
                let (ann, bob) = (machines[0], machines[1])
                let orgId = try await sharedOrg("Down Co", admin: ann, members: [bob])
                // PostgreSQL stops while both push.
                let edits = Task {
                    for round in 0..<40 {
                        for machine in machines {
                            _ = try await machine.client.call(
                                Orgs.Edit.self, .init(orgId: orgId, jobId: "J-\(round)", set: ["company": "\(machine.name) \(round)"]))
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                try await cluster.stop()
                try await edits.value
                for machine in machines {
                    let status = try await machine.client.call(Orgs.Status.self, .init(orgId: orgId))
                    #expect(status.pendingChanges > 0 && status.syncError != nil, "\(machine.name): \(status)")
                }
                try await cluster.start()
                // orgs.board reads the replica without syncing: the reconnect's wake-up does it.
                try await eventually(timeout: .seconds(60)) {
                    let boards = [
                        try await ann.client.call(Orgs.Board.self, .init(orgId: orgId)).jobs,
                        try await bob.client.call(Orgs.Board.self, .init(orgId: orgId)).jobs,
                    ]
                    guard boards[0].count == 40, boards[0] == boards[1] else { throw Pending() }
                }
                _ = try await converged(machines, orgId: orgId)
            }
        }
    }

    /// kill -9 while a member's daemon catches up on the log: after a restart it has every
    /// entry, none applied twice (a second application would be rejected as a replay).
    @Test(.timeLimit(.minutes(5)))
    func aDaemonKilledDuringCatchUpConvergesAfterARestart() async throws {
        try await withCluster { cluster in
            try await withMachines(cluster, 2) { machines in
                let (ann, bob) = (machines[0], machines[1])
                let orgId = try await sharedOrg("Crash Co", admin: ann, members: [bob])
                try await bob.stop()
                let jobs = 300
                for index in 0..<jobs {
                    _ = try await ann.client.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-\(index)", set: ["company": "C\(index)"]))
                }
                for _ in 0..<3 {
                    // Bob's login starts his catch-up; the daemon dies at a moment of it.
                    try await bob.start()
                    let catchingUp = Task { try? await bob.logIn() }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 50...600)))
                    await bob.kill()
                    _ = await catchingUp.value
                }
                try await bob.start()
                try await bob.logIn()
                let board = try await converged(machines, orgId: orgId)
                #expect(board.count == jobs)
                #expect(board.allSatisfy { $0.columns["company"] == "C" + $0.jobId.dropFirst(2) })
            }
        }
    }

    /// Rows changed in PostgreSQL — a flipped byte, a replayed entry, a membership entry signed
    /// by someone outside the org — are refused by every replica, reported, and never applied.
    @Test(.timeLimit(.minutes(5)))
    func tamperedRowsAreRejectedReportedAndNeverApplied() async throws {
        try await withCluster { cluster in
            try await withMachines(cluster, 3) { machines in
                let (ann, bob, mallory) = (machines[0], machines[1], machines[2])
                let orgId = try await sharedOrg("Tamper Co", admin: ann, members: [bob])
                _ = try await ann.client.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-1", set: ["company": "Genuine"]))
                let before = try await converged([ann, bob], orgId: orgId)
                let replayed = try await lastSeq(cluster, orgId)
                // Mallory's own org: its first entry is a membership entry she signed.
                let otherOrg = try await mallory.client.call(Orgs.Create.self, .init(name: "Mallory's")).orgId

                // Bob's machine is off while the rows are changed.
                try await bob.stop()
                _ = try await ann.client.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-2", set: ["company": "Flipped"]))
                let flipped = try await lastSeq(cluster, orgId)
                try await cluster.psql(
                    """
                    UPDATE org_log SET body = set_byte(body, length(body) / 2, get_byte(body, length(body) / 2) # 1)
                    WHERE org_id = '\(orgId)' AND seq = \(flipped)
                    """)
                let replay = try await appendCopy(cluster, of: (orgId, replayed), to: orgId)
                let forged = try await appendCopy(cluster, of: (otherOrg, 1), to: orgId)
                _ = try await ann.client.call(Orgs.Edit.self, .init(orgId: orgId, jobId: "J-3", set: ["company": "Later"]))

                try await bob.start()
                try await bob.logIn()
                let status = try await eventually {
                    let status = try await bob.client.call(Orgs.Status.self, .init(orgId: orgId))
                    guard status.lagEntries == 0, status.rejected.count >= 3 else { throw Pending() }
                    return status
                }
                #expect(Set(status.rejected.map(\.seq)) == [flipped, replay, forged], "\(status.rejected)")
                let annStatus = try await ann.client.call(Orgs.Status.self, .init(orgId: orgId))
                #expect(Set(annStatus.rejected.map(\.seq)).isSuperset(of: [replay, forged]), "\(annStatus.rejected)")
                // Nothing of them applied: the flipped edit never reached Bob, the replay changed
                // nothing, Mallory is no member; the log goes on after them.
                let board = try await bob.client.call(Orgs.Board.self, .init(orgId: orgId)).jobs
                #expect(board.map(\.jobId) == ["J-1", "J-3"])
                #expect(board.first == before.first)
                let members = try await bob.client.call(Orgs.Members.self, .init(orgId: orgId)).members.map(\.userId)
                #expect(Set(members) == [ann.userId, bob.userId])
            }
        }
    }
}

/// A new org of `admin`'s, joined by `members` with codes passed to them out of band; its id.
private func sharedOrg(_ name: String, admin: Machine, members: [Machine]) async throws -> String {
    let orgId = try await admin.client.call(Orgs.Create.self, .init(name: name)).orgId
    for member in members {
        let code = try await admin.client.call(Orgs.Invite.self, .init(orgId: orgId, role: "recruiter")).code
        _ = try await member.client.call(Orgs.Join.self, .init(code: code))
    }
    return orgId
}

/// The last seq of `orgId`'s log.
private func lastSeq(_ cluster: PostgresCluster, _ orgId: String) async throws -> Int {
    try #require(Int(try await cluster.psql("SELECT last_seq FROM org_head WHERE org_id = '\(orgId)'").trimmingCharacters(in: .whitespacesAndNewlines)))
}

/// Appends a copy of the entry `source` to `orgId`'s log by hand, as whoever controls the
/// server could; returns its seq.
private func appendCopy(_ cluster: PostgresCluster, of source: (orgId: String, seq: Int), to orgId: String) async throws -> Int {
    try await cluster.psql(
        """
        WITH head AS (UPDATE org_head SET last_seq = last_seq + 1 WHERE org_id = '\(orgId)' RETURNING last_seq)
        INSERT INTO org_log (org_id, seq, body, appended_at)
        SELECT '\(orgId)', head.last_seq, entry.body, entry.appended_at FROM head, org_log entry
        WHERE entry.org_id = '\(source.orgId)' AND entry.seq = \(source.seq)
        """)
    return try await lastSeq(cluster, orgId)
}

/// Waits until every machine has pushed all its edits and applied the whole log (`orgs.status`
/// syncs first) and their boards are the same; returns that board.
private func converged(_ machines: [Machine], orgId: String) async throws -> [OrgBoardJob] {
    try await eventually(timeout: .seconds(90)) {
        var boards: [[OrgBoardJob]] = []
        for machine in machines {
            let status = try await machine.client.call(Orgs.Status.self, .init(orgId: orgId))
            guard status.pendingChanges == 0, status.lagEntries == 0, status.syncError == nil else { throw Pending() }
            boards.append(try await machine.client.call(Orgs.Board.self, .init(orgId: orgId)).jobs)
        }
        guard let first = boards.first, boards.allSatisfy({ $0 == first }) else { throw Pending() }
        return first
    }
}

/// Runs `body` with `count` machines on `cluster`, each a `hired` process with its own data dir
/// and one recruiter logged in (ann, bob, cat, …); stops them after.
private func withMachines<R: Sendable>(_ cluster: PostgresCluster, _ count: Int, _ body: ([Machine]) async throws -> R) async throws -> R {
    let directory = try makeTemporaryDirectory("om")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let machines = ["ann", "bob", "cat", "dan", "eve"].prefix(count).map { Machine($0, cluster: cluster, directory: directory) }
    let result: Result<R, any Error>
    do {
        for machine in machines {
            try await machine.start()
            try await machine.register()
        }
        result = .success(try await body(machines))
    } catch {
        result = .failure(error)
    }
    for machine in machines { await machine.kill() }
    return try result.get()
}

/// One machine of an agency: a `hired` process with a data dir of its own, its exchange the
/// test's cluster, and the one recruiter who uses it (named like the machine).
final class Machine: Sendable {
    let name: String
    private let socket: String
    private let arguments: [String]
    private let environment: [String: String]
    private let directory: String
    private struct Running {
        var process: ChildProcess?
        var client: RPCClient?
        var userId = ""
    }

    private let running = Mutex(Running())

    init(_ name: String, cluster: PostgresCluster, directory: String) {
        self.name = name
        self.directory = directory
        socket = "\(directory)/\(name).s"
        arguments = [
            "--socket", socket, "--data-dir", "\(directory)/\(name)", "--kdf-memory-mib", "8", "--log-level", "error",
            "--exchange", cluster.url(),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(cluster.environment) { $1 }
        environment["HIRED_EXCHANGE_URL"] = nil
        self.environment = environment
    }

    /// The logged-in client (after ``register()`` or ``logIn()``).
    var client: RPCClient { running.withLock { $0.client! } }

    /// Another connection to this machine's daemon (for another user of it).
    func connect() async throws -> RPCClient { try await RPCClient.connect(socketPath: socket) }
    var userId: String { running.withLock { $0.userId } }

    func start() async throws {
        let process = try ChildProcess(executable("hired"), arguments, environment: environment, outputDirectory: directory)
        running.withLock { $0.process = process }
        guard await waitForSocket(socket) else { throw MachineDidNotStart(description: "hired \(name): \(process.standardError)") }
    }

    func register() async throws {
        let client = try await RPCClient.connect(socketPath: socket)
        try await registerAndLogIn(client, name, role: .recruiter)
        let id = try await client.call(Auth.Whoami.self, Empty()).id
        running.withLock {
            $0.client = client
            $0.userId = id
        }
    }

    func logIn() async throws {
        let client = try await RPCClient.connect(socketPath: socket)
        _ = try await client.call(Auth.Login.self, .init(login: name, password: "a long test passphrase"))
        let previous = running.withLock { running in
            defer { running.client = client }
            return running.client
        }
        await previous?.close()
    }

    /// SIGTERM, and waits for the exit.
    func stop() async throws {
        let (process, client) = running.withLock { running in
            defer { running = Running(userId: running.userId) }
            return (running.process, running.client)
        }
        await client?.close()
        process?.signal(SIGTERM)
        #expect(await process?.waitForExit() == 0)
    }

    /// SIGKILL: no chance to finish anything.
    func kill() async {
        let (process, client) = running.withLock { running in
            defer { running = Running(userId: running.userId) }
            return (running.process, running.client)
        }
        await client?.close()
        process?.signal(SIGKILL)
        _ = await process?.waitForExit()
    }
}

/// A `hired` that never listened; what it wrote says why.
struct MachineDidNotStart: Error, CustomStringConvertible {
    let description: String
}
