import Foundation
import HireClient
import HireCore
import HireDaemon
import HireRPC
import HireTestSupport
import Logging
import Synchronization
import Testing

/// What a stream has delivered so far, gathered by a task of its own.
final class Collected: Sendable {
    private let items = Mutex<[JSONValue]>([])

    init(_ stream: AsyncStream<JSONValue>) {
        Task { [self] in for await item in stream { items.withLock { $0.append(item) } } }
    }

    var all: [JSONValue] { items.withLock { $0 } }
}

/// True once `condition` holds, checked every 20 ms; false if it does not within `timeout`.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A test daemon with a logged-in user on one connection.
func withUser<R: Sendable>(
    limits: Limits = Limits(), gracePeriod: Duration = .seconds(5), directory: String? = nil, username: String = "eve",
    register registering: Bool = true, logger: Logger = .silent,
    configure: @escaping @Sendable (inout DaemonConfiguration) -> Void = { _ in },
    _ body: @Sendable (RPCClient, TestDaemon, TestUser) async throws -> R
) async throws -> R {
    try await withTestDaemon(limits: limits, gracePeriod: gracePeriod, logger: logger, directory: directory, configure: configure) {
        daemon in
        try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
            let user =
                registering
                ? try await register(client, username)
                : TestUser(username: username, password: "a long test passphrase", recoveryKey: "", role: .recruiter)
            _ = try await login(client, user)
            return try await body(client, daemon, user)
        }
    }
}

/// Starts a `test.run` in the background; returns its id.
func startRun(_ client: RPCClient, milliseconds: Int, fail: Bool = false) async throws -> String {
    let reply = try await client.call("test.run", params: ["milliseconds": .int(milliseconds), "fail": .bool(fail), "background": true])
    return try #require(reply["runId"]?.stringValue)
}

@Suite struct EventTests {
    @Test func eventsArePushedToSubscribersAndListedByCursor() async throws {
        try await withUser { client, daemon, user in
            // A second connection of the same user subscribes; a third, of another user, too.
            let watcher = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await watcher.close() } }
            _ = try await login(watcher, user)
            let pushed = Collected(watcher.notifications(of: Events.notification))
            #expect(try await watcher.call(Events.Subscribe.self, .init()).subscribed == EventTopic.allCases)
            let stranger = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await stranger.close() } }
            _ = try await login(stranger, try await register(stranger, "mallory"))
            let overheard = Collected(stranger.notifications(of: Events.notification))
            _ = try await stranger.call(Events.Subscribe.self, .init())

            let first = try await startRun(client, milliseconds: 10)
            let second = try await startRun(client, milliseconds: 10, fail: true)
            #expect(await eventually { pushed.all.count == 2 })
            let events = pushed.all.sorted { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }
            let byRun = Dictionary(uniqueKeysWithValues: events.map { ($0["data"]?["runId"]?.stringValue ?? "", $0) })
            #expect(byRun[first]?["topic"] == "run.completed")
            #expect(byRun[first]?["data"]?["status"] == "completed")
            #expect(byRun[first]?["data"]?["kind"] == "test.run")
            #expect(byRun[second]?["topic"] == "run.failed")
            #expect(byRun[second]?["data"]?["status"] == "failed")
            #expect(events.allSatisfy { $0["at"]?.stringValue?.hasSuffix("Z") == true })
            #expect(overheard.all.isEmpty, "another user's subscription hears nothing of this user's events")

            // By cursor: everything, then what follows the first, then nothing after the last.
            let all = try await client.call(Events.List.self, .init())
            #expect(all.events.map(\.id) == events.compactMap { $0["id"]?.intValue }.map(Int64.init))
            #expect(all.nextCursor == all.events.last?.id)
            let after = try await client.call(Events.List.self, .init(since: all.events[0].id))
            #expect(after.events.map(\.id) == [all.events[1].id])
            let none = try await client.call(Events.List.self, .init(since: all.events[1].id))
            #expect(none.events.isEmpty)
            #expect(none.nextCursor == nil)
            #expect(try await client.call(Events.List.self, .init(limit: 1)).events.map(\.id) == [all.events[0].id])
            #expect(try await stranger.call(Events.List.self, .init()).events.isEmpty)

            // Unsubscribed, the watcher hears no more (a ping after the next event proves it).
            _ = try await watcher.call(Events.Unsubscribe.self, Empty())
            let third = try await startRun(client, milliseconds: 10)
            _ = try await client.call(Runs.Wait.self, .init(runId: third))
            #expect(try await eventually { try await client.call(Events.List.self, .init()).events.count == 3 })
            _ = try await watcher.call(Daemon.Ping.self, Empty())
            #expect(pushed.all.count == 2)
        }
    }

    @Test func topicsFilterSubscriptionsAndLists() async throws {
        try await withUser { client, daemon, user in
            let watcher = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await watcher.close() } }
            _ = try await login(watcher, user)
            let pushed = Collected(watcher.notifications(of: Events.notification))
            #expect(try await watcher.call(Events.Subscribe.self, .init(topics: [.runFailed])).subscribed == [.runFailed])
            let completed = try await startRun(client, milliseconds: 10)
            let failed = try await startRun(client, milliseconds: 10, fail: true)
            _ = try await client.call(Runs.Wait.self, .init(runId: completed))
            _ = try await client.call(Runs.Wait.self, .init(runId: failed))
            #expect(await eventually { !pushed.all.isEmpty })
            _ = try await watcher.call(Daemon.Ping.self, Empty())
            #expect(pushed.all.map { $0["topic"] } == ["run.failed"])
            #expect(pushed.all.first?["data"]?["runId"]?.stringValue == failed)
            #expect(try await eventually { try await client.call(Events.List.self, .init()).events.count == 2 })
            let listed = try await client.call(Events.List.self, .init(topics: [.runCompleted]))
            #expect(listed.events.map(\.topic) == [.runCompleted])
            #expect(listed.events.first?.data["runId"]?.stringValue == completed)
            // An unknown topic names the param.
            do {
                _ = try await client.call("events.list", params: ["topics": ["run.finished"]])
                Issue.record("an unknown topic must be refused")
            } catch let error as RPCError {
                #expect(error.code == .invalidParams)
                #expect(error.data?["param"] == "topics[0]")
            }
        }
    }

    @Test func aSubscribedConnectionIsNotClosedForBeingIdle() async throws {
        var limits = Limits()
        limits.idleTimeout = .seconds(4)
        try await withUser(limits: limits) { client, daemon, user in
            let watcher = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await watcher.close() } }
            _ = try await login(watcher, user)
            let pushed = Collected(watcher.notifications(of: Events.notification))
            _ = try await watcher.call(Events.Subscribe.self, .init())
            try await Task.sleep(for: .seconds(9))
            // The other connection, idle as long without a subscription, was closed.
            await #expect(throws: ClientError.self) { _ = try await client.call(Daemon.Ping.self, Empty()) }
            let asker = try await RPCClient.connect(socketPath: daemon.socketPath)
            defer { Task { await asker.close() } }
            _ = try await login(asker, user)
            _ = try await startRun(asker, milliseconds: 10)
            #expect(await eventually { pushed.all.count == 1 })
            _ = try await watcher.call(Daemon.Ping.self, Empty())
        }
    }

    @Test func theLogOutlivesARestart() async throws {
        let directory = try makeTemporaryDirectory("ev")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try await withUser(directory: directory) { client, _, _ in
            let runId = try await startRun(client, milliseconds: 10)
            _ = try await client.call(Runs.Wait.self, .init(runId: runId))
            #expect(try await eventually { try await client.call(Events.List.self, .init()).events.count == 1 })
            return try await client.call(Events.List.self, .init()).events
        }
        try await withUser(directory: directory, register: false) { client, _, _ in
            #expect(try await client.call(Events.List.self, .init()).events == before)
            let runId = try await startRun(client, milliseconds: 10)
            _ = try await client.call(Runs.Wait.self, .init(runId: runId))
            #expect(try await eventually { try await client.call(Events.List.self, .init(since: before[0].id)).events.count == 1 })
            let after = try await client.call(Events.List.self, .init(since: before[0].id)).events
            #expect(after[0].id > before[0].id)
            #expect(after[0].data["runId"]?.stringValue == runId)
        }
    }

    @Test func hooksGetTheEventOnStandardInputAndAreKilledAtTheirTimeout() async throws {
        let directory = try makeTemporaryDirectory("hk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let done = directory + "/done.jsonl"
        let late = directory + "/late"
        let logs = LogCapture()
        let hooks: @Sendable (inout DaemonConfiguration) -> Void = { configuration in
            configuration.eventHooks = [.runCompleted: "cat >> \(done); echo >> \(done)", .runFailed: "sleep 2; echo late > \(late)"]
            configuration.hookTimeout = .milliseconds(300)
        }
        try await withUser(logger: logs.logger, configure: hooks) { client, _, _ in
            let runId = try await startRun(client, milliseconds: 10)
            #expect(await eventually { (try? String(contentsOfFile: done, encoding: .utf8))?.hasSuffix("\n") == true })
            let line = try #require(try String(contentsOfFile: done, encoding: .utf8).split(separator: "\n").first)
            let event = try JSONValue(parsing: String(line))
            #expect(event["topic"] == "run.completed")
            #expect(event["data"]?["runId"]?.stringValue == runId)
            #expect(event["id"]?.intValue == 1)
            #expect(event["userId"]?.stringValue?.isEmpty == false)

            _ = try await startRun(client, milliseconds: 10, fail: true)
            #expect(await eventually { logs.messages.contains("event hook timed out and was killed") })
            // Killed after 0.3 s: the shell never gets to write, and the hook is not run again.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(!FileManager.default.fileExists(atPath: late))
            #expect(logs.messages.filter { $0 == "event hook timed out and was killed" }.count == 1)
            #expect(try String(contentsOfFile: done, encoding: .utf8).split(separator: "\n").count == 1)
            // The log names the topic, never what the event says.
            #expect(logs.all.allSatisfy { !$0.contains(runId) })
        }
    }
}

/// Keeps what a daemon logs, for tests that look at it.
final class LogCapture: Sendable {
    private let lines = Mutex<[(message: String, rendered: String)]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    var messages: [String] { lines.withLock { $0.map(\.message) } }
    /// Each message with its metadata.
    var all: [String] { lines.withLock { $0.map(\.rendered) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.lines.withLock { $0.append((event.message.description, "\(event.message) \(merged)")) }
        }
    }
}
