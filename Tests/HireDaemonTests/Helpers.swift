import HireRPC
import HireTestSupport
import Testing

/// Sends one message in the chosen framing.
func send(_ connection: RawConnection, _ text: String, framed: Bool) async throws {
    if framed {
        try await connection.sendFramed(text)
    } else {
        try await connection.send(text + "\n")
    }
}

/// A reply reduced to what the specification fixes: the id and the result or error code.
func normalized(_ reply: JSONValue?) -> JSONValue? {
    guard let reply else { return nil }
    if case .array(let items) = reply {
        return .array(items.compactMap(normalized).sorted { $0.jsonString < $1.jsonString })
    }
    var out: [String: JSONValue] = ["id": reply["id"] ?? "missing"]
    if let result = reply["result"] { out["result"] = result }
    if let code = reply["error"]?["code"] ?? reply["code"] { out["code"] = code }
    if let version = reply["jsonrpc"], version != "2.0" { out["jsonrpc"] = version }
    return .object(out)
}

/// Asserts that nothing was answered: a following ping's reply is the next message.
func expectNoReply(_ connection: RawConnection, framed: Bool, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    try await send(connection, #"{"jsonrpc":"2.0","id":"sentinel","method":"daemon.ping"}"#, framed: framed)
    let next = try await connection.readJSON(framed: framed)
    #expect(next?["id"] == "sentinel", "expected no reply before the sentinel, got \(String(describing: next))",
        sourceLocation: sourceLocation)
}

/// True when every reply object in `reply` says `"jsonrpc":"2.0"`.
func isVersioned(_ reply: JSONValue?) -> Bool {
    if case .array(let items) = reply { return items.allSatisfy { isVersioned($0) } }
    return reply?["jsonrpc"] == "2.0"
}

func ping(_ id: Int) -> String { #"{"jsonrpc":"2.0","id":\#(id),"method":"daemon.ping"}"# }
