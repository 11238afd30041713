import Foundation
import HireCore
import HireTestSupport
import Logging
import PostgresNIO
import Testing

@testable import HireExchange

/// A call lent a connection ends when that connection does, or when the server does not
/// answer in time, whatever it awaits: the caller (an org's sync, and the `orgs.*` call behind
/// it) is never left waiting on a connection that is gone.
@Suite(.serialized)
struct ConnectionsTests {
    private func connections(_ cluster: PostgresCluster, callTimeout: Duration = .seconds(60)) throws -> Connections {
        let address = try ExchangeAddress(url: cluster.url(), defaultUser: cluster.user)
        let password = try ExchangePassword.lookup(for: address, environment: cluster.environment, home: nil)
        return try Connections(address: address, password: password, logger: .silent, callTimeout: callTimeout) { _ in }
    }

    @Test(.timeLimit(.minutes(1)))
    func aCallEndsWhenTheServerClosesItsConnection() async throws {
        try await withCluster { cluster in
            let connections = try connections(cluster)
            let (connected, connectedSignal) = AsyncStream<Void>.makeStream()
            let call = Task {
                try await connections.with { connection in
                    try await connection.query("SELECT 1", logger: .silent)
                    connectedSignal.yield()
                    // Something that outlives the connection (what a query postgres-nio queued as
                    // the server hung up did: it never answered).
                    try await Task.sleep(for: .seconds(300))
                }
            }
            // The server hangs up only once the call holds its connection: under CI's load the
            // connection was not yet made 300 ms in, nothing was terminated, and the call slept on.
            for await _ in connected { break }
            let started = ContinuousClock.now
            try await cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '\(cluster.user)' AND pid <> pg_backend_pid()")
            await #expect(throws: ExchangeUnreachable.self) { try await call.value }
            #expect(ContinuousClock.now - started < .seconds(20))
            // The next call gets a new connection and works.
            _ = try await eventually(timeout: .seconds(10)) {
                try await connections.with { connection in try await connection.query("SELECT 1", logger: .silent) }
            }
            await connections.closeAll()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aCallTheServerDoesNotAnswerInTimeIsUnreachable() async throws {
        try await withCluster { cluster in
            let connections = try connections(cluster, callTimeout: .seconds(1))
            let started = ContinuousClock.now
            let error = await #expect(throws: ExchangeUnreachable.self) {
                try await connections.with { connection in try await connection.query("SELECT pg_sleep(30)", logger: .silent) }
            }
            #expect(error?.reason.contains("no answer within") == true)
            #expect(ContinuousClock.now - started < .seconds(15))
            await connections.closeAll()
        }
    }
}
