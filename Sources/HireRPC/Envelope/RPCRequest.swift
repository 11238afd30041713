/// The exact text of one JSON value as it arrived (an id, params, a progress token).
///
/// Ids are echoed byte for byte, so `1.0`, `"1"` and `null` come back exactly as sent.
public struct RawJSON: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ value: JSONValue) { self.bytes = value.jsonBytes }
    public static let null = RawJSON(Array("null".utf8))
    public var description: String { String(decoding: bytes, as: UTF8.self) }
    /// The value parsed into a tree.
    public func parsed() throws(JSONSyntaxError) -> JSONValue { try JSONValue(parsing: bytes) }
}

/// One well-formed JSON-RPC 2.0 request or notification.
public struct RPCRequest: Sendable {
    public var method: String
    /// The id as written; nil for a notification.
    public var id: RawJSON?
    /// The params text: an object or an array; nil when absent or `null`.
    public var params: RawJSON?
    public var paramsAreArray: Bool
    /// `params._meta.progressToken`, when the caller asked for progress.
    public var progressToken: RawJSON?

    public var isNotification: Bool { id == nil }
}

/// What one element of a message turned out to be.
public enum RPCIncomingItem: Sendable {
    case request(RPCRequest)
    /// Not a valid request object; always answered, with the id when it could be read.
    case invalid(id: RawJSON?, reason: String)
}

/// A whole incoming message: one item, a batch, or text that is not JSON.
public enum RPCIncoming: Sendable {
    case single(RPCIncomingItem)
    case batch([RPCIncomingItem])
    case parseError(String)

    private static let jsonrpcKey = Array("jsonrpc".utf8)
    private static let methodKey = Array("method".utf8)
    private static let idKey = Array("id".utf8)
    private static let paramsKey = Array("params".utf8)
    private static let metaKey = Array("_meta".utf8)
    private static let progressTokenKey = Array("progressToken".utf8)
    private static let version = Array("2.0".utf8)

    /// Parses a message. The whole text is validated first, so a syntax error anywhere is a
    /// parse error (-32700) for the whole message, as the specification requires.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> RPCIncoming {
        var scanner = JSONScanner(bytes)
        let top: (kind: JSONScanner.Kind, range: Range<Int>)
        do throws(JSONSyntaxError) {
            top = try scanner.scanValue()
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw scanner.error("trailing characters after the JSON value") }
        } catch {
            return .parseError(error.description)
        }
        guard top.kind == .array else { return .single(item(bytes, top.range, top.kind)) }
        var items: [RPCIncomingItem] = []
        var elements = JSONScanner(bytes, range: top.range)
        elements.index += 1
        if !elements.consume(UInt8(ascii: "]")) {
            repeat {
                // Already validated: scanning again cannot fail.
                guard let element = try? elements.scanValue() else { break }
                items.append(item(bytes, element.range, element.kind))
            } while elements.consume(UInt8(ascii: ","))
        }
        return .batch(items)
    }

    /// Parses a message held in an array.
    public static func parse(_ bytes: [UInt8]) -> RPCIncoming {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    private static func item(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ kind: JSONScanner.Kind)
        -> RPCIncomingItem
    {
        guard kind == .object else { return .invalid(id: nil, reason: "a request must be a JSON object") }
        var scanner = JSONScanner(bytes, range: range)
        scanner.index += 1
        var version: Range<Int>?
        var method: (kind: JSONScanner.Kind, range: Range<Int>)?
        var id: (kind: JSONScanner.Kind, range: Range<Int>)?
        var params: (kind: JSONScanner.Kind, range: Range<Int>)?
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                scanner.skipWhitespace()
                guard let key = try? scanner.scanString(), (try? scanner.expect(UInt8(ascii: ":"))) != nil,
                    let value = try? scanner.scanValue()
                else { break }
                let name = UnsafeBufferPointer(rebasing: bytes[key.content])
                // A member given twice is refused: readers differ on which one counts (a proxy
                // could check one method and the daemon run the other).
                var repeated: String?
                if name.elementsEqual(jsonrpcKey) {
                    if version != nil { repeated = "jsonrpc" }
                    version = value.range
                } else if name.elementsEqual(methodKey) {
                    if method != nil { repeated = "method" }
                    method = value
                } else if name.elementsEqual(idKey) {
                    if id != nil { repeated = "id" }
                    id = value
                } else if name.elementsEqual(paramsKey) {
                    if params != nil { repeated = "params" }
                    params = value
                }
                if let repeated { return .invalid(id: nil, reason: "\"\(repeated)\" appears more than once") }
            } while scanner.consume(UInt8(ascii: ","))
        }
        var rawId: RawJSON?
        if let id {
            guard id.kind == .string || id.kind == .number || id.kind == .null else {
                return .invalid(id: nil, reason: "\"id\" must be a string, a number or null")
            }
            // A number no reader can hold (1e400) would make the reply unreadable to strict clients.
            // (Only a long number or one with an exponent can be: plain ids cost no conversion.)
            if id.kind == .number, id.range.count > 15 || bytes[id.range].contains(where: { $0 == 0x65 || $0 == 0x45 }),
                Double(String(decoding: bytes[id.range], as: UTF8.self))?.isFinite != true
            {
                return .invalid(id: nil, reason: "\"id\" is a number out of range")
            }
            rawId = RawJSON(Array(bytes[id.range]))
        }
        guard let version, bytes[version].count == 5,
            bytes[(version.lowerBound + 1)..<(version.upperBound - 1)].elementsEqual(Self.version)
        else { return .invalid(id: rawId, reason: "\"jsonrpc\" must be exactly \"2.0\"") }
        guard let method, method.kind == .string else {
            return .invalid(id: rawId, reason: "\"method\" must be a string")
        }
        var methodScanner = JSONScanner(bytes, range: method.range)
        guard let methodString = try? methodScanner.scanString(),
            let name = try? methodScanner.decodeString(methodString.content, escaped: methodString.escaped)
        else { return .invalid(id: rawId, reason: "\"method\" is not valid UTF-8") }
        var request = RPCRequest(method: name, id: rawId, params: nil, paramsAreArray: false, progressToken: nil)
        if let params {
            switch params.kind {
            case .object:
                request.params = RawJSON(Array(bytes[params.range]))
                request.progressToken = progressToken(bytes, params.range)
            case .array:
                request.params = RawJSON(Array(bytes[params.range]))
                request.paramsAreArray = true
            case .null:
                break  // no params, as `jsonrpc.el` and other clients send for a call without any
            default:
                return .invalid(id: rawId, reason: "\"params\" must be an object or an array")
            }
        }
        return .request(request)
    }

    private static func progressToken(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> RawJSON? {
        guard let meta = member(metaKey, of: bytes, range), meta.kind == .object,
            let token = member(progressTokenKey, of: bytes, meta.range),
            token.kind == .string || token.kind == .number
        else { return nil }
        return RawJSON(Array(bytes[token.range]))
    }

    /// The value of member `key` of the (validated) object at `range`.
    static func member(_ key: [UInt8], of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> (kind: JSONScanner.Kind, range: Range<Int>)?
    {
        var scanner = JSONScanner(bytes, range: range)
        scanner.index += 1
        if scanner.consume(UInt8(ascii: "}")) { return nil }
        repeat {
            scanner.skipWhitespace()
            guard let name = try? scanner.scanString(), (try? scanner.expect(UInt8(ascii: ":"))) != nil,
                let value = try? scanner.scanValue()
            else { return nil }
            if UnsafeBufferPointer(rebasing: bytes[name.content]).elementsEqual(key) { return value }
        } while scanner.consume(UInt8(ascii: ","))
        return nil
    }
}
