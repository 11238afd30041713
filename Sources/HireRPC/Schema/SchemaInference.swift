/// Infers the JSON Schema of a `Decodable` type by decoding it once from a recording decoder.
///
/// Synthesised `Codable` conformances ask for each field by name and type; the recorder
/// notes those requests (a field read with `decodeIfPresent` is optional) and hands back
/// placeholder values. Field names and types therefore come from the Swift declaration
/// itself and cannot drift from what the daemon actually decodes.
public enum SchemaInference {
    /// The schema of `type`.
    /// A type the recorder cannot see through (a `Date`, a `URL`, a custom `init(from:)`)
    /// stops the program here rather than publishing a wrong schema: declare
    /// `SchemaProviding` for it.
    public static func schema<T: Decodable>(of type: T.Type) -> JSONSchema {
        do {
            return try infer(type).schema
        } catch {
            preconditionFailure("cannot infer the JSON Schema of \(T.self): \(error); declare SchemaProviding for it")
        }
    }

    static func infer<T: Decodable>(_ type: T.Type) throws -> (schema: JSONSchema, value: T) {
        if let provider = type as? any SchemaProviding.Type {
            return (provider.jsonSchema, provider.schemaPlaceholder as! T)
        }
        if let marker = type as? any SchemaOptional.Type {
            return (try marker.wrappedSchema(), marker.absent as! T)
        }
        if let marker = type as? any SchemaArray.Type {
            return (JSONSchema(.array(try marker.elementSchema())), marker.empty as! T)
        }
        if let marker = type as? any SchemaMap.Type {
            return (JSONSchema(.map(try marker.valueSchema())), marker.empty as! T)
        }
        if type == String.self { return (JSONSchema(.string(enumValues: nil)), "" as! T) }
        if type == Bool.self { return (JSONSchema(.boolean), false as! T) }
        if let integer = type as? any BinaryInteger.Type { return (JSONSchema(.integer), integer.init(0) as! T) }
        if let floating = type as? any BinaryFloatingPoint.Type { return (JSONSchema(.number), floating.init(0) as! T) }
        let recorder = Recorder()
        let value = try T(from: RecordingDecoder(recorder: recorder))
        var properties = recorder.properties
        if let documented = type as? any SchemaDocumented.Type {
            for i in properties.indices {
                properties[i].schema.description = documented.fieldDocs[properties[i].name]
            }
        }
        return (JSONSchema(.object(properties)), value)
    }

    final class Recorder {
        var properties: [JSONSchema.Property] = []
        var optionalKeys: Set<String> = []

        func record<T: Decodable>(_ type: T.Type, key: String) throws -> T {
            let (schema, value) = try SchemaInference.infer(type)
            if let index = properties.firstIndex(where: { $0.name == key }) {
                properties[index].schema = schema
            } else {
                properties.append(.init(name: key, schema: schema, required: !optionalKeys.contains(key)))
            }
            return value
        }
    }

    struct RecordingDecoder: Decoder {
        let recorder: Recorder
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(KeyedRecorder<Key>(recorder: recorder))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "declare SchemaProviding for this type"))
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(
                Any.self, .init(codingPath: codingPath, debugDescription: "declare SchemaProviding for this type"))
        }
    }

    struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: Recorder
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }

        /// Only `decodeIfPresent` asks this before decoding: the field is optional.
        func decodeNil(forKey key: Key) -> Bool {
            recorder.optionalKeys.insert(key.stringValue)
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try recorder.record(type, key: key.stringValue)
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try recorder.record(type, key: key.stringValue) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try recorder.record(type, key: key.stringValue) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "nested containers are not inferred"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "nested containers are not inferred"))
        }
        func superDecoder() throws -> any Decoder { RecordingDecoder(recorder: recorder) }
        func superDecoder(forKey key: Key) throws -> any Decoder { RecordingDecoder(recorder: recorder) }
    }
}

// MARK: - Markers for the generic standard types

protocol SchemaOptional {
    static var absent: Self { get }
    static func wrappedSchema() throws -> JSONSchema
}

extension Optional: SchemaOptional where Wrapped: Decodable {
    static var absent: Self { nil }
    static func wrappedSchema() throws -> JSONSchema { try SchemaInference.infer(Wrapped.self).schema }
}

protocol SchemaArray {
    static var empty: Self { get }
    static func elementSchema() throws -> JSONSchema
}

extension Array: SchemaArray where Element: Decodable {
    static var empty: Self { [] }
    static func elementSchema() throws -> JSONSchema { try SchemaInference.infer(Element.self).schema }
}

protocol SchemaMap {
    static var empty: Self { get }
    static func valueSchema() throws -> JSONSchema
}

extension Dictionary: SchemaMap where Key == String, Value: Decodable {
    static var empty: Self { [:] }
    static func valueSchema() throws -> JSONSchema { try SchemaInference.infer(Value.self).schema }
}
