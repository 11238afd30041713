import Foundation

/// One value or several, as a filter takes them: `"TX"` or `["TX", "CA"]`.
public struct FilterValues: Codable, Sendable, Equatable {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            values = [one]
        } else if let several = try? container.decode([String].self) {
            values = several
        } else if (try? container.decode([AnyDecodable].self)) != nil {
            // An array: the element that is not a string is named.
            values = try container.decode([String].self)
        } else {
            throw DecodingError.typeMismatch(
                FilterValues.self, .init(codingPath: decoder.codingPath, debugDescription: "a string or an array of strings"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}

/// Decodes any JSON value, to tell an array from the rest.
private struct AnyDecodable: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// Exact-match filters: column key → value(s).
public typealias Filters = [String: FilterValues]

