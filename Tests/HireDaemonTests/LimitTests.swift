@testable import HireDaemon
import HireClient
import Logging
import HireRPC
import HireTestSupport
import Testing

@Suite struct LimitTests {
    @Test func batchOverTheLimitIsOneError() async throws {
        var limits = Limits()
        limits.maxBatchItems = 3
        try await withTestDaemon(limits: limits) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send("[" + (1...4).map(ping).joined(separator: ",") + "]\n")
            let reply = try #require(try await connection.readJSON())
            #expect(reply["error"]?["code"] == .int(RPCErrorCode.batchTooLarge.rawValue))
            #expect(reply["error"]?["data"]?["limit"] == 3)
            try await connection.send("[" + (1...3).map(ping).joined(separator: ",") + "]\n")
            guard case .array(let items) = try #require(try await connection.readJSON()) else {
                Issue.record("expected a batch reply")
                return
            }
            #expect(items.count == 3)
        }
    }

    @Test func defaultBatchLimitIsAHundred() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send("[" + (1...101).map(ping).joined(separator: ",") + "]\n")
            #expect(try await connection.readJSON()?["error"]?["code"] == .int(RPCErrorCode.batchTooLarge.rawValue))
            try await connection.send("[" + (1...100).map(ping).joined(separator: ",") + "]\n")
            guard case .array(let items) = try #require(try await connection.readJSON()) else {
                Issue.record("expected a batch reply")
                return
            }
            #expect(items.count == 100)
        }
    }

    @Test func requestsInFlightOverTheLimitAreRefused() async throws {
        var limits = Limits()
        limits.maxInFlightPerConnection = 2
        try await withTestDaemon(limits: limits) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            for id in 1...3 {
                try await connection.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"test.slow"}"# + "\n")
            }
            let refused = try #require(try await connection.readJSON())
            #expect(refused["id"] == 3)
            #expect(refused["error"]?["code"] == .int(RPCErrorCode.tooManyRequests.rawValue))
            // Inline methods still answer while the slots are full.
            try await connection.send(ping(4) + "\n")
            #expect(try await connection.readJSON()?["id"] == 4)
        }
    }

    /// Two connections answered, then a third refused with `tooManyConnections` and closed;
    /// returns the two and the refusal.
    private func thirdConnectionIsRefused(_ daemon: TestDaemon) async throws -> (RawConnection, RawConnection, JSONValue) {
        let first = try await RawConnection.connect(daemon.socketPath)
        let second = try await RawConnection.connect(daemon.socketPath)
        try await first.send(ping(1) + "\n")
        try await second.send(ping(2) + "\n")
        #expect(try await first.readJSON()?["id"] == 1)
        #expect(try await second.readJSON()?["id"] == 2)
        let third = try await RawConnection.connect(daemon.socketPath)
        let reply = try #require(try await third.readJSON())
        #expect(reply["error"]?["code"] == .int(RPCErrorCode.tooManyConnections.rawValue))
        #expect(try await third.isClosedByPeer())
        return (first, second, reply)
    }

    @Test func connectionsOverTheLimitAreRefusedWithAReply() async throws {
        var limits = Limits()
        limits.maxConnections = 2
        try await withTestDaemon(limits: limits) { daemon in
            let (first, second, _) = try await thirdConnectionIsRefused(daemon)
            // Closing one makes room again.
            await first.close()
            // The daemon notices the close asynchronously: retry for a while.
            var admitted = false
            let deadline = ContinuousClock.now + .seconds(10)
            while !admitted, ContinuousClock.now < deadline {
                let retry = try await RawConnection.connect(daemon.socketPath)
                try? await retry.send(ping(3) + "\n")
                admitted = (try? await retry.readJSON())??["id"] == 3
                await retry.close()
                if !admitted { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(admitted)
            await second.close()
        }
    }

    @Test func connectionsOverThePerUidLimitAreRefusedNamingIt() async throws {
        var limits = Limits()
        limits.maxConnectionsPerUid = 2
        let log = LogRecorder()
        try await withTestDaemon(limits: limits, logger: log.logger()) { daemon in
            let (first, second, reply) = try await thirdConnectionIsRefused(daemon)
            #expect(reply["error"]?["message"]?.stringValue?.contains("per-uid limit") == true)
            #expect(reply["error"]?["data"]?["limit"] == 2)
            // A client is told why, not that the daemon closed the connection.
            let refused = await rpcError {
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                    _ = try await client.call("daemon.ping", params: nil as JSONValue?)
                }
            }
            #expect(refused?.code == .tooManyConnections)
            #expect(refused?.message.contains("per-uid limit") == true)
            // A client retrying in a loop does not flood the log: one line a minute per uid.
            for _ in 0..<20 {
                let again = try await RawConnection.connect(daemon.socketPath)
                _ = try? await again.readJSON()
                await again.close()
            }
            #expect(log.messages(atLeast: .warning).filter { $0.hasPrefix("refused a connection") }.count == 1)
            await first.close()
            await second.close()
        }
    }

    @Test func idleConnectionsAreClosedButNotWhileARequestRuns() async throws {
        var limits = Limits()
        // (Waits are generous, and the busy connection sends everything in its first write: on
        // a machine loaded with other suites, the test's own tasks have waited more than the
        // idle timeout between two steps.)
        limits.idleTimeout = .seconds(4)
        try await withTestDaemon(limits: limits) { daemon in
            let idle = try await RawConnection.connect(daemon.socketPath)
            try await idle.send(ping(1) + "\n")
            #expect(try await idle.readJSON(timeout: .seconds(30))?["id"] == 1)
            let busy = try await RawConnection.connect(daemon.socketPath)
            try await busy.send(ping(3) + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"test.slow","params":{"milliseconds":9000}}"# + "\n")
            let start = ContinuousClock.now
            #expect(try await idle.isClosedByPeer(timeout: .seconds(30)))
            #expect(ContinuousClock.now - start < .seconds(20))
            // The request outlives the idle timeout: its connection stays until it is answered.
            #expect(try await busy.readJSON(timeout: .seconds(30))?["id"] == 3)
            #expect(try await busy.readJSON(timeout: .seconds(30))?["id"] == 2)
            #expect(try await busy.isClosedByPeer(timeout: .seconds(30)))
        }
    }
}

/// Who may take the last connection slots (machine mode keeps some for uids that hold none).
@Suite struct ConnectionAdmissionTests {
    private var limits: Limits {
        var limits = Limits()
        limits.maxConnections = 10
        limits.maxConnectionsPerUid = 6
        return limits
    }

    @Test func aUidThatHoldsConnectionsCannotTakeTheReserve() {
        // 7 open, 3 slots left, 3 reserved: only a uid with no connection gets in.
        #expect(DaemonState.refusal(total: 7, held: 5, limits: limits, reserve: 3)?.data?["scope"] == "reserve")
        #expect(DaemonState.refusal(total: 7, held: 0, limits: limits, reserve: 3) == nil)
        #expect(DaemonState.refusal(total: 9, held: 0, limits: limits, reserve: 3) == nil)
        #expect(DaemonState.refusal(total: 6, held: 5, limits: limits, reserve: 3) == nil)
    }

    @Test func thePerUidAndTheDaemonLimitsHold() {
        #expect(DaemonState.refusal(total: 6, held: 6, limits: limits, reserve: 0)?.data?["scope"] == "uid")
        #expect(DaemonState.refusal(total: 10, held: 0, limits: limits, reserve: 3)?.data?["limit"] == 10)
        #expect(DaemonState.refusal(total: 9, held: 5, limits: limits, reserve: 0) == nil)
    }
}
