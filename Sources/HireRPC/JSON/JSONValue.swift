/// Any JSON value: for free-form fields (error data, run summaries, the OpenRPC document).
///
/// Numbers keep integers exact (`.int`) and fall back to `.double` otherwise. Objects are
/// written with sorted keys so that generated files are stable.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

// MARK: - Parsing

extension JSONValue {
    /// Parses one complete JSON text.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONSyntaxError) {
        let array = Array(bytes)
        let result: Result<JSONValue, JSONSyntaxError> = array.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONSyntaxError) {
                let value = try Self.read(&scanner, depth: 0)
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.error("trailing characters") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses one complete JSON text given as a string.
    public init(parsing text: String) throws(JSONSyntaxError) {
        try self.init(parsing: Array(text.utf8))
    }

    static func read(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        scanner.skipWhitespace()
        guard let byte = scanner.peek else { throw scanner.error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < JSONScanner.maxDepth else { throw scanner.error("nesting too deep") }
            scanner.index += 1
            var object: [String: JSONValue] = [:]
            if !scanner.consume(UInt8(ascii: "}")) {
                repeat {
                    scanner.skipWhitespace()
                    guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.error("expected a string key") }
                    let key = try scanner.scanString()
                    let name = try scanner.decodeString(key.content, escaped: key.escaped)
                    try scanner.expect(UInt8(ascii: ":"))
                    object[name] = try read(&scanner, depth: depth + 1)
                } while scanner.consume(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "}"))
            }
            return .object(object)
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maxDepth else { throw scanner.error("nesting too deep") }
            scanner.index += 1
            var array: [JSONValue] = []
            if !scanner.consume(UInt8(ascii: "]")) {
                repeat { array.append(try read(&scanner, depth: depth + 1)) } while scanner.consume(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "]"))
            }
            return .array(array)
        case UInt8(ascii: "\""):
            let string = try scanner.scanString()
            return .string(try scanner.decodeString(string.content, escaped: string.escaped))
        default:
            let (kind, range) = try scanner.scanValue(depth: depth)
            switch kind {
            case .bool: return .bool(scanner.bytes[range.lowerBound] == UInt8(ascii: "t"))
            case .null: return .null
            default:
                let text = String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
                if let int = Int(text) { return .int(int) }
                return .double(Double(text) ?? .nan)
            }
        }
    }
}

// MARK: - Writing

extension JSONValue {
    /// The compact JSON text of this value.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// The compact JSON text as a string.
    public var jsonString: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Pretty-printed with two-space indentation and a final newline, for committed files.
    public var prettyString: String {
        var out: [UInt8] = []
        write(to: &out, indent: "  ", level: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8], indent: String?, level: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out.append(0x0A)
            for _ in 0..<level { out.append(contentsOf: indent.utf8) }
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value):
            if value.isFinite {
                out.append(contentsOf: (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)).utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let value): JSONText.appendString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                value.write(to: &out, indent: indent, level: level + 1)
            }
            if !values.isEmpty { newline(level) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                JSONText.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                members[key]!.write(to: &out, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(level) }
            out.append(UInt8(ascii: "}"))
        }
    }
}

// MARK: - Access

extension JSONValue {
    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, or nil.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an integer, when it is one.
    public var intValue: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value == value.rounded(): Int(exactly: value)
        default: nil
        }
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Helpers for writing JSON text by hand on the hot path.
public enum JSONText {
    /// Appends `value` as a JSON string literal (quoted and escaped).
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `value` as a JSON string literal.
    public static func quoted(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        appendString(value, to: &out)
        return out
    }
}
