import HireClient
import HireRPC
import HireTestSupport
import Testing

@Suite struct RPCClientTests {
    @Test func typedCallDecodesTheResult() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let status = try await client.call(Daemon.Status.self, Empty())
                #expect(status.socket == daemon.socketPath)
                #expect(status.dataDir == daemon.dataDir)
                #expect(status.mode == .user)
                #expect(status.connections >= 1)
                #expect(status.version == Catalogue.version)
            }
        }
    }

    @Test func overlappingCallsEachGetTheirOwnReply() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                async let slow = client.call("test.slow", params: ["milliseconds": 100])
                async let echoes = withThrowingTaskGroup(of: JSONValue.self) { group in
                    for i in 0..<20 { group.addTask { try await client.call("test.echo", params: ["value": .int(i)]) } }
                    return try await group.reduce(into: [JSONValue]()) { $0.append($1) }
                }
                let echoed = try await echoes
                let slept = try await slow
                #expect(Set(echoed) == Set((0..<20).map { JSONValue.int($0) }))
                #expect(slept == .object([:]))
            }
        }
    }

    @Test func cancellingTheCallingTaskCancelsOnTheDaemon() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let call = Task { try await client.call("test.slow", params: ["tag": "client"]) }
                #expect(await probe.started("client"))
                call.cancel()
                await #expect(throws: RPCError(.requestCancelled)) { try await call.value }
                #expect(await probe.next() == "cancelled:client")
            }
        }
    }

    @Test func aCallCancelledBeforeItIsSentIsNeverSent() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let call = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.call("test.slow", params: ["tag": "early"])
                }
                await #expect(throws: CancellationError.self) { try await call.value }
                // The connection is fine and the daemon never saw the request.
                let echoed = try await client.call("test.echo", params: ["value": 2])
                #expect(echoed == 2)
            }
        }
    }

    @Test func timeoutCancelsTheRequest() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                await #expect(throws: ClientError.timedOut(seconds: 0.1)) {
                    try await client.call("test.slow", params: RawJSON(["tag": "timeout"]), timeout: .milliseconds(100))
                }
                #expect(await probe.next() == "cancelled:timeout")
            }
        }
    }

    @Test func progressPushesTheDeadlineBack() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                // 32 steps 250 ms apart: 8 s in all, more than the 6 s deadline, but a report every
                // 250 ms (room for a machine busy with other suites: 2.5 s and 5 s once did not
                // suffice when the whole test process stalled).
                let result = try await client.call(
                    "test.progress", params: RawJSON(["steps": 32, "milliseconds": 250]), timeout: .seconds(6))
                #expect(try result.parsed() == 32)
                // Without reports a deadline ends the call.
                await #expect(throws: ClientError.timedOut(seconds: 1)) {
                    try await client.call("test.slow", params: RawJSON(["milliseconds": 8000]), timeout: .seconds(1))
                }
            }
        }
    }

    @Test func progressIsDeliveredToTheCallback() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let (stream, continuation) = AsyncStream.makeStream(of: JSONValue.self)
                let result = try await client.call(
                    "test.progress", params: ["steps": 5, "milliseconds": 1], onProgress: { continuation.yield($0) })
                continuation.finish()
                #expect(result == 5)
                var last: JSONValue?
                for await value in stream { last = value }
                #expect(last?["done"] == 5)
            }
        }
    }

    @Test func missingSocketIsCannotConnect() async throws {
        let directory = try makeTemporaryDirectory()
        await #expect {
            _ = try await RPCClient.connect(socketPath: directory + "/none.sock")
        } throws: { error in
            guard case .cannotConnect(let socket, let reason) = error as? ClientError else { return false }
            return socket == directory + "/none.sock" && reason.contains("no such socket")
        }
    }

    @Test func errorRepliesThrowTheWireError() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                await #expect(throws: RPCError.self) { try await client.call("nope.nothing", params: nil as JSONValue?) }
                let next = try await client.call("test.echo", params: ["value": "still works"])
                #expect(next == "still works")
            }
        }
    }
}
