import HireClient
import HireRPC
import Synchronization

/// A connection of its own that follows one run: attached to the browser's daemon session and
/// subscribed to the end of runs. When the desk started the run on it, the daemon's `$/progress`
/// reports for it arrive here too.
struct RunFollower: Sendable {
    /// The progress token the desk's runs are started with (one run per connection).
    static let token: JSONValue = "hire-web"

    let client: RPCClient
    /// `$/progress` (params `{token, value}`, for the run started on this connection) and
    /// `events.event` (`run.completed`, `run.failed`) in one stream, in the order they were
    /// sent: a run's last reports come before the event of its end.
    let notifications: AsyncStream<RPCNotification>
    let opened: ContinuousClock.Instant

    /// Opens a connection for the session `token`, subscribed before anything starts, so no
    /// report or event of a run started on it is missed.
    static func open(socket: String, token: String) async throws -> RunFollower {
        let client = try await RPCClient.connect(socketPath: socket)
        do {
            _ = try await client.call("auth.attach", params: ["token": .string(token)])
            let notifications = client.notifications(of: ["$/progress", "events.event"])
            _ = try await client.call("events.subscribe", params: ["topics": ["run.completed", "run.failed"]])
            return RunFollower(client: client, notifications: notifications, opened: .now)
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Runs the desk started, each on its follower's connection, until the page that follows the
/// run claims it (`/runs/ID/events`). A follower nobody claims (the browser ran no script) is
/// closed after `unclaimedFor`; its run goes on in the daemon.
final class RunFollowers: Sendable {
    private let waiting = Mutex<[String: RunFollower]>([:])
    private let unclaimedFor: Duration = .seconds(120)

    /// Starts `method` with `params` in the background for `session`, asking for its progress;
    /// returns the run's id.
    func start(_ method: String, _ params: [String: JSONValue], _ session: Session) async throws -> String {
        let follower = try await RunFollower.open(socket: session.link.socket, token: session.token)
        var params = params
        params["background"] = true
        params["_meta"] = ["progressToken": RunFollower.token]
        let runId: String
        do {
            let reply = try await follower.client.call(method, params: .object(params))
            guard let id = reply["runId"]?.stringValue else { throw RPCError(.internalError) }
            runId = id
        } catch {
            await follower.client.close()
            throw error
        }
        let now = ContinuousClock.now
        let stale: [RunFollower] = waiting.withLock { waiting in
            let old = waiting.filter { now - $0.value.opened > unclaimedFor }
            for id in old.keys { waiting[id] = nil }
            waiting[runId] = follower
            return Array(old.values)
        }
        for follower in stale { await follower.client.close() }
        return runId
    }

    /// The follower of `runId` when the desk started it and no page has claimed it yet.
    func claim(_ runId: String) -> RunFollower? {
        waiting.withLock { $0.removeValue(forKey: runId) }
    }
}
