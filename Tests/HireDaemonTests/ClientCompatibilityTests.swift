import HireClient
import HireRPC
import HireTestSupport
import Logging
import Testing

/// What third-party clients do that `hire` does not (issue 13 item 0): close their sending
/// side after the last request, pipeline a login with the calls that need it, send
/// `"params": null`, send large batches of slow calls. Each on a raw socket, as they send it.
@Suite struct ClientCompatibilityTests {
    /// Registers `dana` (password "a long test passphrase") on a connection of its own.
    private func registerDana(_ daemon: TestDaemon) async throws {
        try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
            _ = try await register(client, "dana")
        }
    }

    private let login = #"{"jsonrpc":"2.0","id":"login","method":"auth.login","params":{"login":"dana","password":"a long test passphrase"}}"#

    @Test func aHalfClosedConnectionGetsEveryReplyThenCloses() async throws {
        let log = LogRecorder()
        try await withTestDaemon(logger: log.logger()) { daemon in
            try await registerDana(daemon)
            // `printf … | nc -N`, `sock.shutdown(SHUT_WR)`: the requests, then the end of input
            // while the login (Argon2id) and a slow call still run.
            let connection = try await RawConnection.connect(daemon.socketPath)
            let slow = #"{"jsonrpc":"2.0","id":2,"method":"test.slow","params":{"milliseconds":300}}"#
            try await connection.send(ping(1) + "\n" + login + "\n" + slow + "\n")
            try await connection.closeOutput()
            var replies: [JSONValue] = []
            while let reply = try await connection.readJSON(timeout: .seconds(30)) { replies.append(reply) }
            #expect(replies.count == 3)
            #expect(replies.allSatisfy { $0["result"] != nil }, "\(replies)")
            #expect(Set(replies.compactMap { $0["id"] }) == [1, 2, "login"])
        }
        // The end of the input is not a failure of the daemon's.
        #expect(log.messages(atLeast: .warning) == [])
    }

    @Test func callsPipelinedAfterALoginWaitForIt() async throws {
        try await withTestDaemon { daemon in
            try await registerDana(daemon)
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            let whoami = { (id: String) in #"{"jsonrpc":"2.0","id":"\#(id)","method":"auth.whoami"}"# }
            let logout = #"{"jsonrpc":"2.0","id":"out","method":"auth.logout"}"#
            // One write: the login, a call that needs it, the logout, and a call after that.
            try await connection.send([login, whoami("me"), logout, whoami("gone")].joined(separator: "\n") + "\n")
            var replies: [JSONValue: JSONValue] = [:]
            for _ in 0..<4 {
                let reply = try #require(try await connection.readJSON(timeout: .seconds(30)))
                replies[reply["id"] ?? .null] = reply
            }
            #expect(replies["login"]?["result"]?["token"] != nil)
            #expect(replies["me"]?["result"]?["username"] == "dana", "\(String(describing: replies["me"]))")
            #expect(replies["out"]?["result"] == .object([:]))
            #expect(replies["gone"]?["error"]?["code"] == .int(RPCErrorCode.notAuthenticated.rawValue))
        }
    }

    @Test func nullParamsAreNoParams() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            // What Emacs's jsonrpc.el sends for a call without params.
            try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"daemon.ping","params":null}"# + "\n")
            #expect(try await connection.readLine() == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
            try await connection.send(#"{"jsonrpc":"2.0","id":2,"method":"test.slow","params":null}"# + "\n")
            try await connection.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"# + "\n")
            #expect(try await connection.readJSON()?["error"]?["code"] == .int(RPCErrorCode.requestCancelled.rawValue))
            // Any other kind is still refused.
            try await connection.send(#"{"jsonrpc":"2.0","id":3,"method":"daemon.ping","params":1}"# + "\n")
            #expect(try await connection.readJSON()?["error"]?["code"] == .int(RPCErrorCode.invalidRequest.rawValue))
        }
    }

    @Test(arguments: [100, 60])
    func aBatchWithinTheLimitIsAnsweredWhole(entries: Int) async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            // More handlers than may run at once on a connection (32): the rest wait their turn.
            let slow = (1...entries).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"test.slow","params":{"milliseconds":20}}"# }
            try await connection.send("[" + slow.joined(separator: ",") + "]\n")
            guard case .array(let replies) = try #require(try await connection.readJSON(timeout: .seconds(30))) else {
                Issue.record("expected a batch reply")
                return
            }
            #expect(replies.count == entries)
            #expect(replies.allSatisfy { $0["result"] == .object([:]) }, "\(replies.filter { $0["error"] != nil }.prefix(3))")
            // A batch of inline calls, and the connection goes on.
            try await connection.send("[" + (1...100).map(ping).joined(separator: ",") + "]\n")
            guard case .array(let pings) = try #require(try await connection.readJSON()) else {
                Issue.record("expected a batch reply")
                return
            }
            #expect(pings.count == 100)
            #expect(pings.allSatisfy { $0["result"] == .object([:]) })
        }
    }
}
