/// Builds the JSON text of replies and notifications.
///
/// Results arrive already encoded; the envelope is written around them so that a reply
/// costs one buffer and no intermediate tree.
public enum RPCResponse {
    private static let prefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let resultKey = Array(#","result":"#.utf8)
    private static let errorKey = Array(#","error":{"code":"#.utf8)
    private static let messageKey = Array(#","message":"#.utf8)
    private static let dataKey = Array(#","data":"#.utf8)
    private static let notificationPrefix = Array(#"{"jsonrpc":"2.0","method":"#.utf8)
    private static let paramsKey = Array(#","params":"#.utf8)

    /// `{"jsonrpc":"2.0","id":…,"result":…}`.
    public static func result(id: RawJSON, result: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(prefix.count + id.bytes.count + resultKey.count + result.count + 1)
        out.append(contentsOf: prefix)
        out.append(contentsOf: id.bytes)
        out.append(contentsOf: resultKey)
        out.append(contentsOf: result)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `{"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…,"data":…}}`; id null when unknown.
    public static func error(id: RawJSON?, _ error: RPCError) -> [UInt8] {
        var out = prefix
        out.append(contentsOf: (id ?? .null).bytes)
        out.append(contentsOf: errorKey)
        out.append(contentsOf: String(error.code.rawValue).utf8)
        out.append(contentsOf: messageKey)
        JSONText.appendString(error.message, to: &out)
        if let data = error.data {
            out.append(contentsOf: dataKey)
            out.append(contentsOf: data.jsonBytes)
        }
        out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "}")])
        return out
    }

    /// A notification `{"jsonrpc":"2.0","method":…,"params":…}`.
    public static func notification(method: String, params: [UInt8]) -> [UInt8] {
        var out = notificationPrefix
        JSONText.appendString(method, to: &out)
        out.append(contentsOf: paramsKey)
        out.append(contentsOf: params)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Joins replies into a batch reply `[…,…]`.
    public static func batch(_ replies: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, reply) in replies.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: reply)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

/// One reply as a client reads it.
public struct RPCReply: Sendable {
    public var id: RawJSON?
    public var outcome: Result<RawJSON, RPCError>
}

/// One message as a client reads it: replies (one, or a batch) or a notification.
public enum RPCClientIncoming: Sendable {
    case replies([RPCReply])
    case notification(method: String, params: JSONValue?)

    /// Parses a message from the daemon.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> RPCClientIncoming {
        let value = try JSONValue(parsing: bytes)
        if case .array(let items) = value { return .replies(try items.map(reply)) }
        if let method = value["method"]?.stringValue, value["id"] == nil {
            return .notification(method: method, params: value["params"])
        }
        return .replies([try reply(value)])
    }

    private static func reply(_ value: JSONValue) throws(JSONSyntaxError) -> RPCReply {
        guard case .object = value else { throw JSONSyntaxError(message: "a reply must be an object", offset: 0) }
        let id = value["id"].map { RawJSON($0) }
        if let error = value["error"] {
            let code = RPCErrorCode(rawValue: error["code"]?.intValue ?? RPCErrorCode.internalError.rawValue)
            return RPCReply(
                id: id,
                outcome: .failure(RPCError(code, error["message"]?.stringValue ?? "", data: error["data"])))
        }
        return RPCReply(id: id, outcome: .success(RawJSON(value["result"] ?? .null)))
    }
}
