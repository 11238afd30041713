import HireClient
import HireRPC
import HireTestSupport
import Testing

/// What third-party clients do that `hire` does not (issue 13 item 0): close their sending
/// side after the last request, pipeline a login with the calls that need it, send
/// `"params": null`, send large batches of slow calls. Each on a raw socket, as they send it.
@Suite struct ClientCompatibilityTests {
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
}
