import Foundation
import Glibc
import HireClient
import HireCore
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// Background runs: accepted at once, going on without their connection, at most N at once with
/// the rest queued in order, cancelled, waited for, and never left running by a stopped daemon.
@Suite struct BackgroundRunTests {
    @Test func aRunAnswersAtOnceAndGoesOnAfterItsConnectionCloses() async throws {
        try await withUser { client, daemon, user in
            let asker = try await RPCClient.connect(socketPath: daemon.socketPath)
            _ = try await login(asker, user)
            let runId = try await startRun(asker, milliseconds: 2000)
            await asker.close()
            let running = try await client.call(Runs.Get.self, .init(runId: runId))
            #expect([.queued, .running].contains(running.status))
            #expect(running.finishedAt == nil)
            let done = try await client.call(Runs.Wait.self, .init(runId: runId))
            #expect(done.status == .completed)
            #expect(done.results?["slept"] == 2000)
            #expect(done.finishedAt != nil)
            #expect(done.progress == nil)
            #expect(try await client.call(Runs.List.self, .init(kind: "test.run")).runs.map(\.id) == [runId])
            #expect(try await client.call(History.Get.self, .init(runId: runId)).status == .completed)
        }
    }

    @Test func theVaultStaysOpenForARunAfterLogout() async throws {
        try await withUser { client, _, user in
            let runId = try await startRun(client, milliseconds: 200)
            _ = try await client.call(Auth.Logout.self, .init())
            #expect(await errorCode { _ = try await client.call(Runs.Get.self, .init(runId: runId)) } == .notAuthenticated)
            try await Task.sleep(for: .milliseconds(1500))
            _ = try await login(client, user)
            let run = try await client.call(Runs.Wait.self, .init(runId: runId))
            #expect(run.status == .completed)
            #expect(run.results?["blobs"] == 0)
        }
    }

    /// One stream of `$/progress` and `events.event` keeps the daemon's order: an import's last
    /// report comes before the event of its end (the web desk shows reports until that event).
    @Test func aRunsReportsComeBeforeTheEventOfItsEndInOneStream() async throws {
        try await withUser { client, _, _ in
            let heard = client.notifications(of: ["$/progress", Events.notification])
            _ = try await client.call(Events.Subscribe.self, .init(topics: [.runCompleted]))
            let csv = ([header] + (0..<12_000).map { row("J-\($0)") }).joined(separator: "\n")
            let reply = try await client.call(
                "mtb.import", params: ["csv": .string(csv), "background": true, "_meta": ["progressToken": "board"]])
            let runId = try #require(reply["runId"]?.stringValue)
            var reports: [JSONValue] = []
            for await notification in heard {
                if notification.method == Events.notification {
                    guard notification.params["data"]?["runId"]?.stringValue == runId else { continue }
                    break
                }
                #expect(notification.method == "$/progress")
                if notification.params["token"] == "board" { reports.append(notification.params["value"] ?? .null) }
            }
            #expect(reports.count >= 2, "the first report (5,000 rows) and the last")
            #expect(reports.last?["message"] == "done")
            #expect(reports.last?["done"] == 12_000)
        }
    }

    @Test func theLongMethodsRunInTheBackground() async throws {
        try await withUser { client, _, _ in
            func finished(_ reply: JSONValue) async throws -> RunProgressView {
                let runId = try #require(reply["runId"]?.stringValue)
                #expect(reply == .object(["runId": .string(runId)]), "a background call answers only its run's id")
                return try await client.call(Runs.Wait.self, .init(runId: runId, timeoutSeconds: 60))
            }
            let csv = [header, row("J-1"), row("J-2")].joined(separator: "\n")
            let imported = try await finished(try await client.call("mtb.import", params: ["csv": .string(csv), "background": true]))
            #expect(imported.status == .completed)
            #expect(imported.kind == "mtb.import")
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-2")).jobId == "J-2")
            let processed = try await finished(try await client.call("jobs.process", params: ["background": true]))
            #expect(processed.status == .completed)
            #expect(processed.summary["processed"] == 2)
            let resume = "Ana Lopez\nSenior Engineer\nSkills: Swift, Go, PostgreSQL\n8 years of experience"
            let added = try await finished(
                try await client.call("resumes.add", params: ["text": .string(resume), "filename": "ana.txt", "background": true]))
            #expect(added.status == .completed)
            #expect(added.kind == "resumes.add")
            guard case .array(let resumes)? = added.results?["resumes"] else { throw TestFailure("no resumes in \(added)") }
            #expect(resumes.count == 1)
            let matched = try await finished(try await client.call("match.run", params: ["background": true]))
            #expect(matched.status == .completed)
            #expect(try await client.call(Match.Get.self, .init(runId: matched.id)).matches.count == 2)
            guard case .array(let matches)? = matched.results?["matches"] else { throw TestFailure("no matches in \(matched)") }
            #expect(matches.count == 2)
        }
    }

    @Test func runsBeyondTheLimitWaitInOrder() async throws {
        try await withUser(configure: { $0.maxBackgroundRuns = 2 }) { client, _, _ in
            let first = try await startRun(client, milliseconds: 60_000)
            let second = try await startRun(client, milliseconds: 60_000)
            let third = try await startRun(client, milliseconds: 100)
            let fourth = try await startRun(client, milliseconds: 100)
            let waiting = try await client.call(Runs.Get.self, .init(runId: third))
            #expect(waiting.status == .queued)
            #expect(waiting.queuePosition == 1)
            #expect(try await client.call(Runs.Get.self, .init(runId: fourth)).queuePosition == 2)
            #expect(try await eventually { try await client.call(Runs.Get.self, .init(runId: first)).status == .running })
            #expect(try await eventually { try await client.call(Runs.Get.self, .init(runId: first)).progress != nil })
            #expect(try await client.call(Runs.Get.self, .init(runId: third)).status == .queued)
            // One slot frees: the queued runs take it one after the other, in order.
            _ = try await client.call(Runs.Cancel.self, .init(runId: first))
            let thirdRun = try await client.call(Runs.Wait.self, .init(runId: third))
            let fourthRun = try await client.call(Runs.Wait.self, .init(runId: fourth))
            #expect(thirdRun.status == .completed)
            #expect(fourthRun.status == .completed)
            let ends = try [thirdRun, fourthRun].map { try #require($0.finishedAt.flatMap { try? Date($0, strategy: .iso8601) }) }
            #expect(ends[0] <= ends[1])
            #expect([.queued, .running].contains(try await client.call(Runs.Get.self, .init(runId: second)).status))
            _ = try await client.call(Runs.Cancel.self, .init(runId: second))
        }
    }

    @Test func cancellingAQueuedOrRunningRun() async throws {
        try await withUser(configure: { $0.maxBackgroundRuns = 1 }) { client, daemon, _ in
            let running = try await startRun(client, milliseconds: 60_000)
            let queued = try await startRun(client, milliseconds: 60_000)
            #expect(try await eventually { try await client.call(Runs.Get.self, .init(runId: running)).status == .running })
            // Someone else cannot see or cancel them.
            let stranger = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await stranger.close() } }
            _ = try await login(stranger, try await register(stranger, "mallory"))
            #expect(await errorCode { _ = try await stranger.call(Runs.Cancel.self, .init(runId: running)) } == .runNotFound)
            #expect(await errorCode { _ = try await stranger.call(Runs.Get.self, .init(runId: queued)) } == .runNotFound)

            let start = ContinuousClock.now
            #expect(try await client.call(Runs.Cancel.self, .init(runId: queued)).status == .cancelled)
            let cancelled = try await client.call(Runs.Cancel.self, .init(runId: running))
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.finishedAt != nil)
            #expect(ContinuousClock.now - start < .seconds(30), "the runs go on for a minute: they stopped when cancelled")
            // Cancelling again shows the run as it is.
            #expect(try await client.call(Runs.Cancel.self, .init(runId: running)).status == .cancelled)
            #expect(await errorCode { _ = try await client.call(Runs.Cancel.self, .init(runId: "no-such-run")) } == .runNotFound)
            #expect(try await eventually { try await client.call(Events.List.self, .init()).events.count == 2 })
            let events = try await client.call(Events.List.self, .init()).events
            #expect(events.map(\.topic) == [.runFailed, .runFailed])
            #expect(events.map { $0.data["status"] } == ["cancelled", "cancelled"])
            #expect(Set(events.compactMap { $0.data["runId"]?.stringValue }) == [running, queued])
        }
    }

    @Test func waitingGivesUpAtItsTimeout() async throws {
        try await withUser { client, _, _ in
            let runId = try await startRun(client, milliseconds: 60_000)
            let start = ContinuousClock.now
            let run = try await client.call(Runs.Wait.self, .init(runId: runId, timeoutSeconds: 0.3))
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(300))
            #expect(waited < .seconds(20), "the run goes on for a minute: the wait gave up at its timeout")
            #expect([.queued, .running].contains(run.status))
            #expect(await errorCode { _ = try await client.call(Runs.Wait.self, .init(runId: runId, timeoutSeconds: -1)) } == .invalidParams)
            _ = try await client.call(Runs.Cancel.self, .init(runId: runId))
        }
    }

    @Test func aStoppedDaemonFailsItsRunsWithinItsGracePeriod() async throws {
        let directory = try makeTemporaryDirectory("bs")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The daemon stops (gracefully, as at SIGTERM) when the body returns; the runs would go
        // on for a minute, and a daemon that waited for them would stop after its grace period.
        let (ids, stopping) = try await withUser(gracePeriod: .seconds(20), directory: directory, configure: { $0.maxBackgroundRuns = 1 }) {
            client, _, _ in
            let ids = [try await startRun(client, milliseconds: 60_000), try await startRun(client, milliseconds: 60_000)]
            #expect(try await eventually { try await client.call(Runs.Get.self, .init(runId: ids[0])).status == .running })
            return (ids, ContinuousClock.now)
        }
        let stoppedAfter = ContinuousClock.now - stopping
        // Well under the grace period (a loaded machine running the whole suite took 10.4 s once).
        #expect(stoppedAfter < .seconds(15), "the daemon took \(stoppedAfter) to stop (its grace period is 20 s)")
        try await withUser(directory: directory, register: false) { client, _, _ in
            for runId in ids {
                let run = try await client.call(Runs.Get.self, .init(runId: runId))
                #expect(run.status == .failed)
                #expect(run.summary["reason"] == "the daemon stopped before the run ended")
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aRunLeftRunningByAKilledOrStoppedDaemonIsFailed() async throws {
        let directory = try makeTemporaryDirectory("bk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s"
        let arguments = ["--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8", "--log-level", "error"]
        let board = directory + "/board.csv"
        // Enough rows that the import is still going when the daemon is stopped, cheap to write.
        var csv = "JobID,Company,Position,City\n"
        for index in 0..<200_000 { csv += "K-\(index),Acme,Engineer,Austin\n" }
        try csv.write(toFile: board, atomically: true, encoding: .utf8)
        let user = TestUser(username: "kim", password: "a long test passphrase", recoveryKey: "", role: .recruiter)

        let first = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket), "the daemon did not start: \(first.standardError)")
        let runId = try await RPCClient.withConnection(socketPath: socket) { client in
            try await register(client, user.username)
            _ = try await login(client, user)
            let reply = try await client.call("mtb.import", params: ["path": .string(board), "background": true])
            first.signal(SIGKILL)
            return try #require(reply["runId"]?.stringValue)
        }
        #expect(await first.waitForExit() == -SIGKILL)

        let second = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket), "the daemon did not restart: \(second.standardError)")
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await login(client, user)
            let run = try await client.call(Runs.Get.self, .init(runId: runId))
            #expect(run.status == .failed)
            #expect(run.summary["reason"] == "the daemon stopped before the run ended")
            #expect(try await client.call(Runs.List.self, .init(status: .running)).runs.isEmpty)
            let events = try await client.call(Events.List.self, .init(topics: [.runFailed])).events
            #expect(events.map { $0.data["runId"]?.stringValue } == [runId])
        }
        // SIGTERM with a run in flight: the daemon stops within its grace period, and the run
        // is failed as it stops.
        let inFlight = try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await login(client, user)
            let reply = try await client.call("mtb.import", params: ["path": .string(board), "background": true])
            second.signal(SIGTERM)
            return try #require(reply["runId"]?.stringValue)
        }
        let stopping = ContinuousClock.now
        #expect(await second.waitForExit() == 0)
        #expect(ContinuousClock.now - stopping < .seconds(10), "hired's grace period is 10 s")

        let third = try ChildProcess(executable("hired"), arguments, outputDirectory: directory)
        #expect(await waitForSocket(socket), "the daemon did not restart: \(third.standardError)")
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await login(client, user)
            let run = try await client.call(Runs.Get.self, .init(runId: inFlight))
            #expect(run.status == .failed)
            #expect(run.summary["reason"] == "the daemon stopped before the run ended")
        }
        third.signal(SIGTERM)
        #expect(await third.waitForExit() == 0)
    }
}

/// Alice's background runs and events are invisible and untouchable from Bob's session.
func runAndEventIsolation(alice: RPCClient, bob: RPCClient) async throws -> Set<String> {
    let pushed = Collected(bob.notifications(of: Events.notification))
    _ = try await bob.call(Events.Subscribe.self, .init())
    let runId = try await startRun(alice, milliseconds: 60_000)
    var covered: Set<String> = ["events.subscribe"]
    #expect(try await bob.call(Runs.List.self, .init()).runs.allSatisfy { $0.id != runId })
    covered.insert("runs.list")
    #expect(await errorCode { _ = try await bob.call(Runs.Get.self, .init(runId: runId)) } == .runNotFound)
    covered.insert("runs.get")
    #expect(await errorCode { _ = try await bob.call(Runs.Wait.self, .init(runId: runId, timeoutSeconds: 1)) } == .runNotFound)
    covered.insert("runs.wait")
    #expect(await errorCode { _ = try await bob.call(Runs.Cancel.self, .init(runId: runId)) } == .runNotFound)
    covered.insert("runs.cancel")
    #expect([.queued, .running].contains(try await alice.call(Runs.Get.self, .init(runId: runId)).status))
    // Alice's run ends with an event for her alone.
    #expect(try await alice.call(Runs.Cancel.self, .init(runId: runId)).status == .cancelled)
    #expect(
        try await eventually { try await alice.call(Events.List.self, .init()).events.contains { $0.data["runId"]?.stringValue == runId } })
    #expect(try await bob.call(Events.List.self, .init()).events.allSatisfy { $0.data["runId"]?.stringValue != runId })
    covered.insert("events.list")
    _ = try await bob.call(Events.Unsubscribe.self, Empty())
    covered.insert("events.unsubscribe")
    #expect(pushed.all.allSatisfy { $0["data"]?["runId"]?.stringValue != runId })
    return covered
}

/// A test that cannot go on.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
