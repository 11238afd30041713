import HireDaemon
import HireRPC
import HireTestSupport
import Testing

@Suite struct CancellationTests {
    @Test(arguments: [false, true])
    func cancelRequestStopsTheWorkAndStillReplies(framed: Bool) async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await send(connection, #"{"jsonrpc":"2.0","id":"slow-1","method":"test.slow","params":{"tag":"a"}}"#, framed: framed)
            // The slow request does not hold up others on the same connection.
            try await send(connection, ping(2), framed: framed)
            #expect(try await connection.readJSON(framed: framed)?["id"] == 2)
            #expect(await probe.started("a"))
            try await send(connection, #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"slow-1"}}"#, framed: framed)
            let reply = try #require(try await connection.readJSON(framed: framed))
            #expect(reply["id"] == "slow-1")
            #expect(reply["error"]?["code"] == -32800)
            #expect(await probe.next() == "cancelled:a")
        }
    }

    @Test func closingTheConnectionCancelsItsRequests() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"test.slow","params":{"tag":"b"}}"# + "\n")
            try await connection.send(ping(2) + "\n")
            #expect(try await connection.readJSON()?["id"] == 2)
            await connection.close()
            #expect(await probe.next() == "cancelled:b")
        }
    }

    @Test func repliesAreWrittenAsRequestsComplete() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(
                #"{"jsonrpc":"2.0","id":"long","method":"test.slow","params":{"milliseconds":300}}"# + "\n"
                    + #"{"jsonrpc":"2.0","id":"short","method":"test.slow","params":{"milliseconds":1}}"# + "\n")
            #expect(try await connection.readJSON()?["id"] == "short")
            #expect(try await connection.readJSON()?["id"] == "long")
        }
    }

    @Test func batchWithAsyncItemsIsAnsweredOnceAllFinish() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(
                "[" + #"{"jsonrpc":"2.0","id":1,"method":"test.slow","params":{"milliseconds":50}}"# + ","
                    + ping(2) + "," + #"{"jsonrpc":"2.0","method":"test.slow","params":{"milliseconds":1}}"# + "]\n")
            guard case .array(let items) = try #require(try await connection.readJSON()) else {
                Issue.record("expected a batch reply")
                return
            }
            #expect(Set(items.compactMap { $0["id"]?.intValue }) == [1, 2])
        }
    }

    @Test func gracefulShutdownLetsInFlightRequestsFinish() async throws {
        let probe = CancellationProbe()
        let connection = try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send(#"{"jsonrpc":"2.0","id":7,"method":"test.slow","params":{"milliseconds":2000,"tag":"c"}}"# + "\n")
            try await connection.send(ping(1) + "\n")
            #expect(try await connection.readJSON()?["id"] == 1)
            return connection
            // Leaving the closure shuts the daemon down while test.slow still runs.
        }
        #expect(await probe.next() == "finished:c")
        let reply = try await connection.readJSON()
        #expect(reply?["id"] == 7)
        #expect(reply?["result"] == .object([:]))
    }

    @Test func shutdownCancelsWhatOutlastsTheGracePeriod() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(gracePeriod: .milliseconds(100), extraMethods: { TestMethods.register(&$0, probe: probe) }) {
            daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send(#"{"jsonrpc":"2.0","id":7,"method":"test.slow","params":{"tag":"d"}}"# + "\n")
            try await connection.send(ping(1) + "\n")
            #expect(try await connection.readJSON()?["id"] == 1)
        }
        #expect(await probe.next() == "cancelled:d")
    }
}

@Suite struct CancelRequestFormTests {
    @Test func cancelRequestSentWithAnIdIsAnsweredToo() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"test.slow"}"# + "\n")
            try await connection.send(#"{"jsonrpc":"2.0","id":2,"method":"$/cancelRequest","params":{"id":1}}"# + "\n")
            var replies: [JSONValue] = []
            for _ in 0..<2 { replies.append(try #require(try await connection.readJSON())) }
            #expect(replies.contains { $0["id"] == 2 && $0["result"] == .object([:]) })
            #expect(replies.contains { $0["id"] == 1 && $0["error"]?["code"] == -32800 })
            // Unknown `$/` notifications are ignored; as requests they are unknown methods.
            try await connection.send(#"{"jsonrpc":"2.0","method":"$/setTrace","params":{}}"# + "\n")
            try await connection.send(#"{"jsonrpc":"2.0","id":3,"method":"$/setTrace"}"# + "\n")
            #expect(try await connection.readJSON()?["error"]?["code"] == -32601)
        }
    }
}
