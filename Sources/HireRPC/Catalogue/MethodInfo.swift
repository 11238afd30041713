import Foundation
import HireCore

/// A method's declaration together with what is derived from its types: the schemas of its
/// params and result and the declared order of its params.
public struct MethodInfo: Sendable {
    public let descriptor: MethodDescriptor
    public let params: JSONSchema
    public let result: JSONSchema
    /// The example params, encoded.
    public let example: JSONValue

    public init<M: RPCMethod>(_ method: M.Type) {
        descriptor = M.descriptor
        params = SchemaInference.schema(of: M.Params.self)
        result = SchemaInference.schema(of: M.Result.self)
        example = (try? JSONValue(parsing: RPCCoding.encode(M.example))) ?? .object([:])
    }

    public var name: String { descriptor.name }
    /// Param names in declared order: how positional params are matched.
    public var paramNames: [String] { params.properties.map(\.name) }
}

/// Encoding and decoding of params and results, shared by the daemon and the client.
public enum RPCCoding {
    /// JSON for a param or result. `Empty` and `JSONValue` skip the general encoder.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if value is Empty { return [UInt8(ascii: "{"), UInt8(ascii: "}")] }
        if let json = value as? JSONValue { return json.jsonBytes }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return Array(try encoder.encode(value))
    }

    /// Decodes params for `method`, accepting named or positional params and rejecting
    /// unknown names. The error names the param that is wrong.
    public static func decodeParams<P: Decodable>(
        _ type: P.Type, for method: MethodInfo, from raw: RawJSON?, positional: Bool
    ) throws(RPCError) -> P {
        // Named params, as nearly every client sends them: their names are read from the text
        // (values skipped, not built) and the text goes to the decoder as it came, so a long
        // resume's text is not parsed to a tree and written out again first. Duplicate names
        // take the general path, which keeps the last.
        if !positional, let raw, let names = memberNames(raw.bytes), Set(names).count == names.count {
            let given = names.filter { $0 != "_meta" }
            if P.self == Empty.self, given.isEmpty { return Empty() as! P }
            try refuseUnknown(given, for: method)
            return try naming(method) { () throws(RPCError) in try decode(type, from: raw.bytes, what: "param") }
        }
        let value: JSONValue
        do {
            value = try raw?.parsed() ?? .object([:])
        } catch {
            throw RPCError(.invalidParams, "params are not valid JSON: \(error)")
        }
        var members: [String: JSONValue]
        switch value {
        case .array(let items):
            let names = method.paramNames
            guard items.count <= names.count else {
                let list = names.isEmpty ? "none" : names.joined(separator: ", ")
                throw RPCError(
                    .invalidParams, "\(method.name) takes at most \(names.count) positional params (\(list)), got \(items.count)")
            }
            members = Dictionary(uniqueKeysWithValues: zip(names, items).filter { $0.1 != .null })
        case .object(let object):
            members = object
            members["_meta"] = nil
        default:
            throw RPCError(.invalidParams, "params must be an object or an array")
        }
        if P.self == Empty.self, members.isEmpty { return Empty() as! P }
        try refuseUnknown(Array(members.keys), for: method)
        return try naming(method) { () throws(RPCError) in try decode(type, from: JSONValue.object(members).jsonBytes, what: "param") }
    }

    /// Runs a decode; a value a param of a fixed list does not take is answered with the list.
    private static func naming<T>(_ method: MethodInfo, _ decode: () throws(RPCError) -> T) throws(RPCError) -> T {
        do {
            return try decode()
        } catch {
            guard error.message.hasSuffix(": it is not one of its values"), let path = error.data?["param"]?.stringValue else { throw error }
            var schema: JSONSchema? = method.params
            for part in path.split(separator: ".") {
                let name = String(part.prefix { $0 != "[" })
                schema = schema?.property(name)?.schema
                if part.contains("["), case .array(let items)? = schema?.shape { schema = items }
            }
            guard case .string(let values?)? = schema?.shape else { throw error }
            throw RPCError(error.code, error.message.replacingOccurrences(of: ": it is not one of its values", with: ": use one of \(values.joined(separator: ", "))"), data: error.data)
        }
    }

    /// Refuses the first (by name) of `names` that `method` does not take.
    private static func refuseUnknown(_ names: [String], for method: MethodInfo) throws(RPCError) {
        let known = Set(method.paramNames)
        if let unknown = names.sorted().first(where: { !known.contains($0) }) {
            let list = known.isEmpty ? "it takes none" : "known: " + method.paramNames.joined(separator: ", ")
            throw RPCError(.invalidParams, "unknown param '\(unknown)' for \(method.name); \(list)", data: ["param": .string(unknown)])
        }
    }

    /// The member names of a JSON object's text, its values skipped; nil when the text is not
    /// one object.
    private static func memberNames(_ bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { buffer -> [String]? in
            var scanner = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                guard scanner.consume(UInt8(ascii: "{")) else { return nil }
                var names: [String] = []
                if !scanner.consume(UInt8(ascii: "}")) {
                    repeat {
                        scanner.skipWhitespace()
                        guard scanner.peek == UInt8(ascii: "\"") else { return nil }
                        let key = try scanner.scanString()
                        names.append(try scanner.decodeString(key.content, escaped: key.escaped))
                        try scanner.expect(UInt8(ascii: ":"))
                        _ = try scanner.scanValue(depth: 1)
                    } while scanner.consume(UInt8(ascii: ","))
                    try scanner.expect(UInt8(ascii: "}"))
                }
                scanner.skipWhitespace()
                return scanner.atEnd ? names : nil
            } catch {
                return nil
            }
        }
    }

    /// Decodes a result (or any value), naming the field that does not fit.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String = "field") throws(RPCError) -> T {
        if T.self == JSONValue.self, let value = try? JSONValue(parsing: bytes) { return value as! T }
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw RPCError(.invalidParams, describe(error, what: what), data: path(of: error).map { ["param": .string($0)] })
        } catch {
            throw RPCError(.invalidParams, "\(what)s could not be decoded")
        }
    }

    private static func path(of error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            return nil
        }
        guard !path.isEmpty else { return nil }
        return path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func describe(_ error: DecodingError, what: String) -> String {
        let name = path(of: error).map { "\(what) '\($0)'" } ?? "\(what)s"
        switch error {
        case .keyNotFound: return "missing \(name)"
        case .typeMismatch(let type, _): return "\(name) must be \(typeName(type))"
        case .valueNotFound(let type, _): return "\(name) must be \(typeName(type)), not null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty && context.underlyingError == nil:
            // The text was checked as JSON already: what Foundation calls "not valid JSON" here is
            // a number the param's type cannot hold, and it does not say which param.
            return "a \(what) holds a number its type cannot: a fraction where a whole number is expected, or one out of range"
        case .dataCorrupted(let context):
            // "Cannot initialize PostingOrder from invalid String value bogus": the type's name is
            // not the user's business, the value is.
            if let range = context.debugDescription.range(of: "from invalid String value ") {
                return "\(name) cannot be '\(context.debugDescription[range.upperBound...])': it is not one of its values"
            }
            return "\(name) is invalid: \(context.debugDescription)"
        @unknown default: return "\(name) is invalid"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is any SchemaArray.Type: "an array"
        case is FilterValues.Type: "a string or an array of strings"
        // What the decoder names when it wanted a list (an unkeyed container).
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
