import HireDaemon
import HireRPC
import HireTestSupport
import Testing

@Suite struct FramingTests {
    @Test func newlineFramingHandlesSplitAndCoalescedWrites() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            // One message a byte at a time.
            try await connection.send(pieces: (ping(1) + "\n").map { String($0) })
            #expect(try await connection.readJSON()?["id"] == 1)
            // Three messages in one write, with CRLF and a blank line between them.
            try await connection.send(ping(2) + "\r\n\n" + ping(3) + "\n" + ping(4) + "\n")
            for id in 2...4 { #expect(try await connection.readJSON()?["id"] == .int(id)) }
            // A message split across writes in the middle of a string.
            try await connection.send(pieces: [#"{"jsonrpc":"2.0","id":5,"met"#, #"hod":"daemon.ping"}"#, "\n"])
            #expect(try await connection.readJSON()?["id"] == 5)
        }
    }

    @Test func parseErrorOnNewlineFramingKeepsTheConnection() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send("this is not json\n")
            let error = try #require(try await connection.readJSON())
            #expect(error["error"]?["code"] == -32700)
            #expect(error["id"] == .null)
            try await connection.send(ping(2) + "\n")
            #expect(try await connection.readJSON()?["id"] == 2)
        }
    }

    @Test func contentLengthFramingHandlesHeadersSplitsAndCoalescing() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            let body = ping(1)
            try await connection.sendFramed(body, extraHeaders: "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n")
            #expect(try await connection.readJSON(framed: true)?["id"] == 1)
            // Header and body split at awkward places.
            let message = "content-length: \(ping(2).utf8.count)\r\n\r\n" + ping(2)
            try await connection.send(pieces: message.map { String($0) })
            #expect(try await connection.readJSON(framed: true)?["id"] == 2)
            // Two messages in one write; the reply uses the same framing.
            let two = "Content-Length: \(ping(3).utf8.count)\r\n\r\n\(ping(3))Content-Length: \(ping(4).utf8.count)\r\n\r\n\(ping(4))"
            try await connection.send(two)
            let reply = try #require(try await connection.readFramed())
            #expect(reply == #"{"jsonrpc":"2.0","id":3,"result":{}}"#)
            #expect(try await connection.readJSON(framed: true)?["id"] == 4)
        }
    }

    @Test(arguments: [
        "Content-Type: x\r\n\r\n{}",
        "Content-Length: abc\r\n\r\n{}",
        "Content-Length: -4\r\n\r\n{}",
        "Content-Length 12\r\n\r\n{}",
    ])
    func badContentLengthIsAnErrorAndClosesTheConnection(message: String) async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send(message)
            let reply = try #require(try await connection.readJSON(framed: true))
            #expect(reply["error"]?["code"] == .int(RPCErrorCode.badFraming.rawValue))
            #expect(try await connection.isClosedByPeer())
            // Everyone else is still served.
            let other = try await RawConnection.connect(daemon.socketPath)
            try await other.send(ping(9) + "\n")
            #expect(try await other.readJSON()?["id"] == 9)
            await other.close()
        }
    }

    @Test(arguments: [false, true])
    func oversizedMessageIsAnErrorAndClosesOnlyThatConnection(framed: Bool) async throws {
        var limits = Limits()
        limits.maxMessageBytes = 1024
        try await withTestDaemon(limits: limits) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            let big = #"{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"value":""# + String(repeating: "x", count: 2000) + #""}}"#
            try await send(connection, big, framed: framed)
            let reply = try #require(try await connection.readJSON(framed: framed))
            #expect(reply["error"]?["code"] == .int(RPCErrorCode.messageTooLarge.rawValue))
            #expect(reply["error"]?["data"]?["limit"] == 1024)
            #expect(try await connection.isClosedByPeer())
            // A message just under the limit passes on a new connection.
            let other = try await RawConnection.connect(daemon.socketPath)
            let fits = #"{"jsonrpc":"2.0","id":2,"method":"test.echo","params":{"value":""# + String(repeating: "y", count: 900) + #""}}"#
            try await send(other, fits, framed: framed)
            #expect(try await other.readJSON(framed: framed)?["result"]?.stringValue?.count == 900)
            await other.close()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aLargeLineIsAnsweredAndTheNextOneToo() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            // 15 MiB in one line (the limit is 16 MiB); ping refuses the unknown param, which is
            // an answer all the same.
            let pad = String(repeating: "x", count: 15 << 20)
            try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"daemon.ping","params":{"pad":""# + pad + "\"}}\n" + ping(2) + "\n")
            #expect(try await connection.readJSON(timeout: .seconds(30))?["id"] == 1)
            #expect(try await connection.readJSON()?["id"] == 2)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aLineOverTheDefaultLimitIsRefusedAsSoonAsItPassesIt() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            // One byte more than the limit, no newline, and the connection left open: the
            // refusal cannot wait for the line's end.
            let limit = Limits().maxMessageBytes
            try await connection.send("[" + String(repeating: "1", count: limit) )
            let reply = try #require(try await connection.readJSON(timeout: .seconds(20)))
            #expect(reply["error"]?["code"] == .int(RPCErrorCode.messageTooLarge.rawValue))
            #expect(reply["id"] == .null)
            #expect(try await connection.isClosedByPeer())
        }
    }

    @Test func invalidUTF8IsAParseErrorAndEveryReplyIsUTF8() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            let bad: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82]]
            for (index, bytes) in bad.enumerated() {
                let message = Array(#"{"jsonrpc":"2.0","id":"a"#.utf8) + bytes + Array(#"","method":"daemon.ping"}"#.utf8) + [0x0A]
                try await connection.send(bytes: message)
                let line = try #require(try await connection.readLineBytes(), "no reply to message \(index)")
                let text = try #require(String(validating: line, as: UTF8.self), "reply \(index) is not UTF-8")
                let reply = try JSONValue(parsing: text)
                #expect(reply["error"]?["code"] == -32700)
                #expect(reply["id"] == .null)
            }
            // The connection goes on, and valid UTF-8 ids come back as sent.
            try await connection.send(#"{"jsonrpc":"2.0","id":"é€𝄞","method":"daemon.ping"}"# + "\n")
            #expect(try await connection.readLine() == #"{"jsonrpc":"2.0","id":"é€𝄞","result":{}}"#)
        }
    }

    @Test func aLastLineWithoutNewlineIsAnsweredBeforeTheConnectionCloses() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send(ping(1) + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"test.slow","params":{"milliseconds":200}}"# + "\n" + ping(3))
            try await connection.closeOutput()
            var ids: [JSONValue] = []
            while let reply = try await connection.readJSON() { ids.append(reply["id"] ?? .null) }
            // Every request answered, the slow one and the last unterminated one included; then the daemon closes.
            #expect(ids.compactMap(\.intValue).sorted() == [1, 2, 3])
        }
    }

    @Test func oversizedLineWithoutNewlineIsRejectedBeforeItEnds() async throws {
        var limits = Limits()
        limits.maxMessageBytes = 1024
        try await withTestDaemon(limits: limits) { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await connection.send("[" + String(repeating: "1,", count: 1000))
            let reply = try #require(try await connection.readJSON())
            #expect(reply["error"]?["code"] == .int(RPCErrorCode.messageTooLarge.rawValue))
            #expect(try await connection.isClosedByPeer())
        }
    }
}
