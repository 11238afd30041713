import Foundation
import HireCore
import Logging
import PostgresNIO

/// The exchange on PostgreSQL (issue 17): ``SharedExchange`` for daemons on many machines.
/// Postings, the sealed inbox and the member directory (`Exchange`), and identities, org logs,
/// invitations and snapshots (`OrgLog`), in the tables of ``ExchangeSchema``. Local-first: built
/// without a connection, it connects in ``run()`` and again whenever the server comes back;
/// meanwhile calls fail with ``ExchangeUnreachable``.
public final class PostgresExchange: SharedExchange {
    /// The NOTIFY channel of org logs; each payload is the id of an org whose log grew.
    static let channel = "hired_org_log"

    public var location: String { connections.address.description }
    let connections: Connections
    let logger: Logger
    let wakeUps = WakeUps()

    /// Reads `url` (see ``ExchangeAddress``) and the password (``ExchangePassword``); connects
    /// later, in ``run()`` or at the first call. `maxBackoff` bounds the wait between attempts
    /// while the server is away.
    public init(url: String, environment: [String: String], logger: Logger, maxBackoff: Duration = .seconds(30)) throws(ExchangeAddressError) {
        let account = getpwuid(geteuid())
        let user = account.map { String(cString: $0.pointee.pw_name) } ?? "hired"
        let address = try ExchangeAddress(url: url, defaultUser: environment["PGUSER"] ?? user)
        let password = try ExchangePassword.lookup(
            for: address, environment: environment, home: environment["HOME"] ?? account.map { String(cString: $0.pointee.pw_dir) })
        do {
            connections = try Connections(address: address, password: password, logger: logger, maxBackoff: maxBackoff) { connection in
                try await ExchangeSchema.migrate(connection, logger: logger)
            }
        } catch {
            throw ExchangeAddressError("cannot set up TLS for \(address.description): \(error)")
        }
        self.logger = logger
    }

    /// Listens for org log wake-ups on a connection of its own until cancelled, reconnecting
    /// with backoff. After each reconnect every org read since start is woken: what was
    /// appended while the listener was away must still be pulled.
    public func run() async {
        while !Task.isCancelled {
            do {
                let connection = try await connections.dedicated()
                let ended: Result<Void, any Error>
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        wakeUps.wakeAllRead()
                        for try await notification in notifications {
                            wakeUps.wake(notification.payload)
                        }
                    }
                    ended = .success(())
                } catch {
                    ended = .failure(error)
                }
                try? await connection.close()
                if Task.isCancelled { break }
                // The notifications ended: the server went away.
                try ended.get()
                await connections.noteFailure(ExchangeUnreachable(location: location, reason: "the server closed the connection"))
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                await connections.noteFailure(error)
            }
        }
        wakeUps.finish()
        await connections.closeAll()
    }

    public func changes() -> AsyncStream<String> { wakeUps.subscribe() }

    /// Closes the idle connections: for a user of the exchange that never ran ``run()`` (which
    /// closes them when it ends).
    public func close() async { await connections.closeAll() }
}

extension PostgresConnection {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// (postgres-nio's `withTransaction` wraps every error; the callers here tell a lost
    /// connection from a refused statement by the error itself.)
    func transaction<Result: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await query("BEGIN", logger: logger)
        do {
            let result = try await body(self)
            try await query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
