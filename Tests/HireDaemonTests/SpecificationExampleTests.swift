import HireRPC
import HireTestSupport
import Testing

/// The JSON-RPC 2.0 specification's own examples (section 7), replayed over a real socket
/// in both framings.
@Suite struct SpecificationExampleTests {
    /// Request text and the normalized reply the specification gives (nil: no reply).
    static let examples: [(String, String?)] = [
        (#"{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}"#, #"{"id":1,"result":19}"#),
        (#"{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}"#, #"{"id":2,"result":-19}"#),
        (#"{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}"#,
         #"{"id":3,"result":19}"#),
        (#"{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}"#,
         #"{"id":4,"result":19}"#),
        (#"{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}"#, nil),
        (#"{"jsonrpc": "2.0", "method": "foobar"}"#, nil),
        (#"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#, #"{"id":"1","code":-32601}"#),
        (#"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#, #"{"id":null,"code":-32700}"#),
        (#"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#, #"{"id":null,"code":-32600}"#),
        (#"[ {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"}, {"jsonrpc": "2.0", "method" ]"#,
         #"{"id":null,"code":-32700}"#),
        ("[]", #"{"id":null,"code":-32600}"#),
        ("[1]", #"[{"id":null,"code":-32600}]"#),
        ("[1,2,3]", #"[{"id":null,"code":-32600},{"id":null,"code":-32600},{"id":null,"code":-32600}]"#),
        (
            #"""
            [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"}, {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}, {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"}, {"foo": "boo"}, {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"}, {"jsonrpc": "2.0", "method": "get_data", "id": "9"}]
            """#,
            #"""
            [{"id":"1","result":7},{"id":"2","result":19},{"id":null,"code":-32600},{"id":"5","code":-32601},{"id":"9","result":["hello",5]}]
            """#
        ),
        (#"[{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]}, {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]"#,
         nil),
    ]

    @Test(arguments: [false, true])
    func specificationExamples(framed: Bool) async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            for (request, expected) in Self.examples {
                try await send(connection, request, framed: framed)
                if let expected {
                    let reply = try await connection.readJSON(framed: framed)
                    #expect(normalized(reply) == normalized(try JSONValue(parsing: expected)), "request: \(request)")
                    #expect(isVersioned(reply), "request: \(request)")
                } else {
                    try await expectNoReply(connection, framed: framed)
                }
            }
        }
    }

    @Test func idsAreEchoedExactly() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            for id in [#""abc""#, "1.0", "-0", "1e3", "null", #""\u00e9""#, "12345678901234567890"] {
                try await connection.send(#"{"jsonrpc":"2.0","method":"daemon.ping","id":\#(id)}"# + "\n")
                let line = try #require(try await connection.readLine())
                #expect(line == #"{"jsonrpc":"2.0","id":\#(id),"result":{}}"#)
            }
        }
    }

    @Test func reservedAndInvalidRequestsAreErrors() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            let cases: [(String, Int)] = [
                (#"{"jsonrpc":"2.0","method":"rpc.nothing","id":1}"#, -32601),
                (#"{"jsonrpc":"1.0","method":"daemon.ping","id":1}"#, -32600),
                (#"{"method":"daemon.ping","id":1}"#, -32600),
                (#"{"jsonrpc":"2.0","method":"daemon.ping","id":{"a":1}}"#, -32600),
                (#"{"jsonrpc":"2.0","method":"daemon.ping","params":3,"id":1}"#, -32600),
                (#"{"jsonrpc":"2.0","method":"daemon.ping","params":{"x":1},"id":1}"#, -32602),
                (#"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":"a","subtrahend":1},"id":1}"#, -32602),
                (#"{"jsonrpc":"2.0","method":"subtract","params":[1,2,3],"id":1}"#, -32602),
                (#"{"jsonrpc":"2.0","method":"test.fail","id":1}"#, -32603),
            ]
            for (request, code) in cases {
                try await connection.send(request + "\n")
                let reply = try #require(try await connection.readJSON())
                #expect(reply["error"]?["code"] == .int(code), "request: \(request)")
            }
        }
    }

    @Test func invalidParamsNameTheField() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(#"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":"a","subtrahend":1},"id":1}"# + "\n")
            let typeError = try #require(try await connection.readJSON())
            #expect(typeError["error"]?["message"]?.stringValue?.contains("'minuend'") == true)
            try await connection.send(#"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1},"id":2}"# + "\n")
            let missing = try #require(try await connection.readJSON())
            #expect(missing["error"]?["message"]?.stringValue?.contains("missing param 'subtrahend'") == true)
            try await connection.send(#"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahned":2},"id":3}"# + "\n")
            let unknown = try #require(try await connection.readJSON())
            #expect(unknown["error"]?["data"]?["param"] == "subtrahned")
        }
    }

    @Test func internalErrorsRevealNothing() async throws {
        try await withTestDaemon { daemon in
            let connection = try await RawConnection.connect(daemon.socketPath)
            defer { Task { await connection.close() } }
            try await connection.send(#"{"jsonrpc":"2.0","method":"test.fail","id":1}"# + "\n")
            let line = try #require(try await connection.readLine())
            #expect(line == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"Internal error"}}"#)
        }
    }
}
