import HireClient
import HireRPC
import Synchronization

/// The web desk's connections to `hired`, one per signed-in browser session, each bound to
/// the daemon session whose token the browser's cookie holds (`auth.attach`). The web desk
/// keeps nothing else: every page is made of what the daemon answers.
public final class DaemonLink: Sendable {
    /// The daemon's socket.
    public let socket: String
    private let attached = Mutex<[String: RPCClient]>([:])
    /// At most this many sessions keep a connection open; older ones reconnect when used.
    private let maxOpen = 64

    public init(socket: String) { self.socket = socket }

    /// A connection that is not signed in (login, registration).
    public func anonymous<R: Sendable>(_ body: (RPCClient) async throws -> R) async throws -> R {
        try await RPCClient.withConnection(socketPath: socket, body)
    }

    /// The connection for the session `token` (attached when new); throws the daemon's error
    /// when the token is no longer valid.
    public func client(token: String) async throws -> RPCClient {
        if let client = attached.withLock({ $0[token] }) { return client }
        let client = try await RPCClient.connect(socketPath: socket)
        do {
            _ = try await client.call("auth.attach", params: ["token": .string(token)])
        } catch {
            await client.close()
            throw error
        }
        let evicted: [RPCClient] = attached.withLock { open in
            var evicted: [RPCClient] = []
            if open.count >= maxOpen, let victim = open.keys.first { evicted.append(open.removeValue(forKey: victim)!) }
            if let previous = open.updateValue(client, forKey: token) { evicted.append(previous) }
            return evicted
        }
        for old in evicted { await old.close() }
        return client
    }

    /// Calls `method` for the session `token`; a connection the daemon closed is opened again once.
    public func call(token: String, _ method: String, _ params: JSONValue = .object([:])) async throws -> JSONValue {
        do {
            return try await client(token: token).call(method, params: params)
        } catch ClientError.connectionClosed {
            await forget(token: token)
            return try await client(token: token).call(method, params: params)
        }
    }

    /// Drops the connection of `token` (after logout).
    public func forget(token: String) async {
        await attached.withLock { $0.removeValue(forKey: token) }?.close()
    }
}
