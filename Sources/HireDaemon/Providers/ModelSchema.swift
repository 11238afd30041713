import HireRPC

/// The shape a model's answer must have: sent to the provider as JSON Schema (every member
/// required, no others allowed, so that servers with strict schema output accept it) and
/// checked against the answer before anything is used.
indirect enum ModelSchema: Sendable {
    case string(oneOf: [String]? = nil)
    case number(minimum: Double? = nil, maximum: Double? = nil)
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case boolean
    case array(ModelSchema, minItems: Int? = nil, maxItems: Int? = nil)
    /// Members in order; each must be present.
    case object([(String, ModelSchema)])
    /// The value or null.
    case nullable(ModelSchema)

    /// The schema as JSON Schema.
    var json: JSONValue {
        switch self {
        case .string(let values):
            var out: [String: JSONValue] = ["type": "string"]
            if let values { out["enum"] = .array(values.map { .string($0) }) }
            return .object(out)
        case .number(let minimum, let maximum):
            var out: [String: JSONValue] = ["type": "number"]
            if let minimum { out["minimum"] = .double(minimum) }
            if let maximum { out["maximum"] = .double(maximum) }
            return .object(out)
        case .integer(let minimum, let maximum):
            var out: [String: JSONValue] = ["type": "integer"]
            if let minimum { out["minimum"] = .int(minimum) }
            if let maximum { out["maximum"] = .int(maximum) }
            return .object(out)
        case .boolean: return ["type": "boolean"]
        case .array(let items, let minItems, let maxItems):
            var out: [String: JSONValue] = ["type": "array", "items": items.json]
            if let minItems { out["minItems"] = .int(minItems) }
            if let maxItems { out["maxItems"] = .int(maxItems) }
            return .object(out)
        case .object(let members):
            return [
                "type": "object", "properties": .object(Dictionary(uniqueKeysWithValues: members.map { ($0.0, $0.1.json) })),
                "required": .array(members.map { .string($0.0) }), "additionalProperties": false,
            ]
        case .nullable(let inner):
            return ["anyOf": [inner.json, ["type": "null"]]]
        }
    }

    /// Checks `value`; throws the first violation, naming where it is (`skills.required[2]`).
    func validate(_ value: JSONValue, at path: String = "") throws(SchemaViolation) {
        let here = path.isEmpty ? "the answer" : path
        switch (self, value) {
        case (.nullable, .null): return
        case (.nullable(let inner), _): try inner.validate(value, at: path)
        case (.string(let values), .string(let text)):
            if let values, !values.contains(text) {
                throw SchemaViolation("\(here) must be one of \(values.joined(separator: ", ")), not \"\(text.prefix(40))\"")
            }
        case (.number(let minimum, let maximum), .int), (.number(let minimum, let maximum), .double):
            let number: Double = if case .int(let whole) = value { Double(whole) } else if case .double(let real) = value { real } else { 0 }
            if let minimum, number < minimum { throw SchemaViolation("\(here) must be at least \(minimum)") }
            if let maximum, number > maximum { throw SchemaViolation("\(here) must be at most \(maximum)") }
        case (.integer(let minimum, let maximum), _) where value.intValue != nil:
            let number = value.intValue ?? 0
            if let minimum, number < minimum { throw SchemaViolation("\(here) must be at least \(minimum)") }
            if let maximum, number > maximum { throw SchemaViolation("\(here) must be at most \(maximum)") }
        case (.boolean, .bool): return
        case (.array(let items, let minItems, let maxItems), .array(let elements)):
            if let minItems, elements.count < minItems { throw SchemaViolation("\(here) must have at least \(minItems) items") }
            if let maxItems, elements.count > maxItems { throw SchemaViolation("\(here) must have at most \(maxItems) items") }
            for (index, element) in elements.enumerated() { try items.validate(element, at: "\(path)[\(index)]") }
        case (.object(let members), .object(let fields)):
            for (name, schema) in members {
                let inner = path.isEmpty ? name : "\(path).\(name)"
                guard let field = fields[name] else { throw SchemaViolation("\(inner) is missing") }
                try schema.validate(field, at: inner)
            }
            let known = Swift.Set(members.map(\.0))
            if let extra = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw SchemaViolation("\(path.isEmpty ? "" : path + ".")\(extra.prefix(40)) is not allowed")
            }
        default:
            throw SchemaViolation("\(here) must be \(typeName)")
        }
    }

    private var typeName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .integer: "an integer"
        case .boolean: "true or false"
        case .array: "an array"
        case .object: "an object"
        case .nullable(let inner): "null or \(inner.typeName)"
        }
    }
}

/// Where a model's answer departs from its schema: told to the model in the repair request,
/// and recorded when the item falls back.
struct SchemaViolation: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
