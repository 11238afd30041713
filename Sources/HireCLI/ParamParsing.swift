import Foundation
import HireCore
import HireRPC

/// A mistake in how `hire` was called; exit code 3.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Turns command-line words into JSON params, typed by the method's schema — never guessed.
///
/// `key=value` takes the value as the schema says (a string stays a string, `01` included);
/// `key:=json` takes raw JSON whatever the schema; a repeated key builds an array.
public struct ParamParser {
    public let method: MethodInfo?
    public let methodName: String

    public init(methodName: String, method: MethodInfo?) {
        self.methodName = methodName
        self.method = method
    }

    /// Parses `key=value` / `key:=json` pairs (as `hire call` takes them).
    public func parse(pairs: [String], into members: inout [String: JSONValue]) throws(UsageError) {
        for pair in pairs {
            if let range = pair.range(of: ":="), !pair[..<range.lowerBound].contains("=") {
                let key = String(pair[..<range.lowerBound])
                let text = String(pair[range.upperBound...])
                guard let value = try? JSONValue(parsing: text) else {
                    throw UsageError("\(key):= needs valid JSON, got \(text)")
                }
                try set(key, value, in: &members)
            } else if let equals = pair.firstIndex(of: "=") {
                let key = String(pair[..<equals])
                try add(key, String(pair[pair.index(after: equals)...]), to: &members)
            } else {
                throw UsageError("expected key=value or key:=json, got '\(pair)'")
            }
        }
    }

    /// Adds one textual value for `key`, converted by the schema.
    public func add(_ key: String, _ text: String, to members: inout [String: JSONValue]) throws(UsageError) {
        guard !key.isEmpty else { throw UsageError("empty param name in '\(key)=\(text)'") }
        guard let method else {
            // Unknown to this hire: no schema to type by, so the value stays the string it is.
            members[key] = .string(text)
            return
        }
        guard let property = method.params.property(key) else { throw unknownParam(key, of: method) }
        if case .array(let items) = property.schema.shape {
            var list: [JSONValue]
            if case .array(let existing) = members[key] { list = existing } else { list = [] }
            if text.hasPrefix("["), let parsed = try? JSONValue(parsing: text), case .array(let values) = parsed {
                list += values
            } else {
                for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                    list.append(try convert(String(part), items, key: key))
                }
            }
            members[key] = .array(list)
        } else {
            members[key] = try convert(text, property.schema, key: key)
        }
    }

    private func set(_ key: String, _ value: JSONValue, in members: inout [String: JSONValue]) throws(UsageError) {
        if let method, method.params.property(key) == nil { throw unknownParam(key, of: method) }
        members[key] = value
    }

    private func unknownParam(_ key: String, of method: MethodInfo) -> UsageError {
        let known = method.paramNames.isEmpty ? "it takes none" : "known: " + method.paramNames.joined(separator: ", ")
        return UsageError("\(methodName) has no param '\(key)'; \(known)")
    }

    func convert(_ text: String, _ schema: JSONSchema, key: String) throws(UsageError) -> JSONValue {
        switch schema.shape {
        case .string(let values):
            if let values, !values.contains(text) {
                throw UsageError("param '\(key)' must be one of \(values.joined(separator: ", ")); got '\(text)'")
            }
            return .string(text)
        case .integer:
            guard let value = Int(text) else { throw UsageError("param '\(key)' must be an integer; got '\(text)'") }
            return .int(value)
        case .number:
            guard let value = Double(text) else { throw UsageError("param '\(key)' must be a number; got '\(text)'") }
            return .double(value)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "on": return .bool(true)
            case "false", "no", "0", "off": return .bool(false)
            default: throw UsageError("param '\(key)' must be true or false; got '\(text)'")
            }
        case .array(let items):
            return .array(try text.split(separator: ",", omittingEmptySubsequences: false).map { part throws(UsageError) in try convert(String(part), items, key: key) })
        case .object where schema.property("by") != nil && schema.property("order") != nil && !text.hasPrefix("{"):
            // A sort: `--sort received`, `--sort received:desc` or `--sort -received`.
            var by = Substring(text)
            var order = "asc"
            if by.hasPrefix("-") {
                by = by.dropFirst()
                order = "desc"
            } else if let colon = by.lastIndex(of: ":") {
                order = String(by[by.index(after: colon)...]).lowercased()
                by = by[..<colon]
                guard order == "asc" || order == "desc" else {
                    throw UsageError("param '\(key)': the order after ':' must be asc or desc; got '\(order)'")
                }
            }
            guard !by.isEmpty else { throw UsageError("param '\(key)' needs a column, e.g. received or received:desc") }
            return .object(["by": .string(String(by)), "order": .string(order)])
        case .object, .map, .any:
            guard let value = try? JSONValue(parsing: text) else {
                throw UsageError("param '\(key)' must be JSON; got '\(text)'")
            }
            return value
        }
    }

    /// `--job-id` for `jobId`; a run of capitals is one word (`--base-url` for `baseURL`).
    public static func flagName(_ param: String) -> String {
        var out = ""
        var afterCapital = false
        for character in param {
            if character.isUppercase {
                out += (afterCapital ? "" : "-") + character.lowercased()
            } else {
                out.append(character)
            }
            afterCapital = character.isUppercase
        }
        return out
    }
}

/// What a method's `filters` param takes on the command line: the board's filters take one
/// flag per board column (`--state TX`); filters with named fields (`postings.list`) take one
/// flag per field (`--remote hybrid`).
enum FilterFlags {
    case none
    case boardColumns
    case fields([JSONSchema.Property])

    init(_ method: MethodInfo) {
        guard let schema = method.params.property("filters")?.schema else {
            self = .none
            return
        }
        if case .object(let fields) = schema.shape { self = .fields(fields) } else { self = .boardColumns }
    }

    /// The flags, with `--`.
    var names: [String] {
        switch self {
        case .none: []
        case .boardColumns: BoardColumn.allCases.map { "--" + ParamParser.flagName($0.rawValue) }
        case .fields(let fields): fields.map { "--" + ParamParser.flagName($0.name) }
        }
    }

    /// The value of a named field's flag, typed by its schema.
    static func value(_ text: String, for field: JSONSchema.Property) throws(UsageError) -> JSONValue {
        let flag = "--" + ParamParser.flagName(field.name)
        switch field.schema.shape {
        case .number:
            guard let number = Double(text) else { throw UsageError("\(flag) needs a number; got '\(text)'") }
            return .double(number)
        case .integer:
            guard let number = Int(text) else { throw UsageError("\(flag) needs a whole number; got '\(text)'") }
            return .int(number)
        case .string(let values?) where !values.contains(text):
            throw UsageError("\(flag) must be one of \(values.joined(separator: ", ")); got '\(text)'")
        default:
            return .string(text)
        }
    }
}
