/// A JSON-RPC error as sent on the wire: a code, a message for people, structured data.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: RPCErrorCode
    public var message: String
    public var data: JSONValue?

    public init(_ code: RPCErrorCode, _ message: String? = nil, data: JSONValue? = nil) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.data = data
    }

    public var description: String { "\(message) (\(code.rawValue))" }
}
