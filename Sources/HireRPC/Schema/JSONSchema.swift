/// The JSON Schema of a param or result, as published in `rpc.discover`.
public struct JSONSchema: Sendable, Equatable {
    /// What kind of JSON value the schema allows.
    public indirect enum Shape: Sendable, Equatable {
        case string(enumValues: [String]?)
        case integer
        case number
        case boolean
        case any
        case array(JSONSchema)
        /// An object with known members, in declaration order.
        case object([Property])
        /// An object whose keys are free and whose values share one schema.
        case map(JSONSchema)
    }

    /// One member of an object schema.
    public struct Property: Sendable, Equatable {
        public var name: String
        public var schema: JSONSchema
        public var required: Bool
    }

    public var shape: Shape
    public var description: String?
    public var format: String?

    public init(_ shape: Shape, description: String? = nil, format: String? = nil) {
        self.shape = shape
        self.description = description
        self.format = format
    }

    /// The members of an object schema (empty for other shapes).
    public var properties: [Property] {
        if case .object(let properties) = shape { return properties }
        return []
    }

    /// The member named `name`, if this is an object schema that has it.
    public func property(_ name: String) -> Property? { properties.first { $0.name == name } }

    /// A short name of the type for help texts: `string`, `integer`, `[string]`, `object`.
    public var typeName: String {
        switch shape {
        case .string(let values): values.map { $0.joined(separator: "|") } ?? "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .any: "json"
        case .array(let items): "[\(items.typeName)]"
        case .object, .map: "object"
        }
    }

    /// The schema as JSON Schema (draft 2020-12 vocabulary).
    public var json: JSONValue {
        var out: [String: JSONValue] = [:]
        switch shape {
        case .string(let values):
            out["type"] = "string"
            if let values { out["enum"] = .array(values.map { .string($0) }) }
        case .integer: out["type"] = "integer"
        case .number: out["type"] = "number"
        case .boolean: out["type"] = "boolean"
        case .any: break
        case .array(let items):
            out["type"] = "array"
            out["items"] = items.json
        case .object(let properties):
            out["type"] = "object"
            out["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.json) }))
            let required = properties.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { out["required"] = .array(required) }
            out["additionalProperties"] = false
        case .map(let values):
            out["type"] = "object"
            out["additionalProperties"] = values.json
        }
        if let description { out["description"] = .string(description) }
        if let format { out["format"] = .string(format) }
        return .object(out)
    }
}

/// A type that states its own schema instead of having it inferred from `Codable`
/// (free-form JSON, string enums, formatted strings).
public protocol SchemaProviding: Decodable {
    static var jsonSchema: JSONSchema { get }
    /// Any valid value, returned while the schema of an enclosing type is inferred.
    static var schemaPlaceholder: Self { get }
}

/// A type that describes its fields for `rpc.discover`, the man page and `hire help`.
public protocol SchemaDocumented {
    static var fieldDocs: [String: String] { get }
}

/// String enums describe themselves: their cases become the schema's `enum`.
public protocol SchemaStringEnum: SchemaProviding, CaseIterable, RawRepresentable where RawValue == String {}

extension SchemaStringEnum {
    public static var jsonSchema: JSONSchema { JSONSchema(.string(enumValues: allCases.map(\.rawValue))) }
    public static var schemaPlaceholder: Self { allCases.first! }
}

extension JSONValue: SchemaProviding {
    public static var jsonSchema: JSONSchema { JSONSchema(.any) }
    public static var schemaPlaceholder: JSONValue { .null }
}
