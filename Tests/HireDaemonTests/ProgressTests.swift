import HireRPC
import HireTestSupport
import Testing

@Suite struct ProgressTests {
    @Test(arguments: [false, true])
    func progressTokenGetsThrottledNotifications(framed: Bool) async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            let request = #"{"jsonrpc":"2.0","id":1,"method":"test.progress","params":{"steps":50,"milliseconds":5,"_meta":{"progressToken":"tok"}}}"#
            let start = ContinuousClock.now
            try await send(connection, request, framed: framed)
            var updates: [JSONValue] = []
            var reply: JSONValue?
            while reply == nil {
                let message = try #require(try await connection.readJSON(framed: framed))
                if message["method"] == "$/progress" {
                    #expect(message["params"]?["token"] == "tok")
                    updates.append(try #require(message["params"]?["value"]))
                } else {
                    reply = message
                }
            }
            let elapsed = ContinuousClock.now - start
            #expect(reply?["result"] == 50)
            // A 100 ms throttle lets through the first, the last and at most one per 100 ms in
            // between, however slow the machine makes the 50 steps of 5 ms (at least 250 ms:
            // a handful of updates, not 50, on a machine that keeps up).
            #expect(updates.count >= 2)
            #expect(updates.count <= Int(elapsed / .milliseconds(100)) + 2, "\(updates.count) updates in \(elapsed)")
            if elapsed < .seconds(2) { #expect(updates.count < 50) }
            #expect(updates.last?["done"] == 50)
            #expect(updates.last?["total"] == 50)
            #expect(updates.first?["stage"] == "testing")
        }
    }

    @Test func noTokenMeansNoNotifications() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"test.progress","params":{"steps":3}}"# + "\n")
            let first = try #require(try await connection.readJSON())
            #expect(first["id"] == 1)
            #expect(first["result"] == 3)
        }
    }
}
