/// A validating, allocation-free JSON scanner over UTF-8 bytes.
///
/// It checks RFC 8259 syntax while skipping values and reports where each value starts and
/// ends, so the envelope parser can keep the exact text of `id` and `params` without building
/// a tree. Strings are checked for escapes, control characters and UTF-8 validity (bytes
/// above 0x7F are only allowed in strings), so a text that scans is valid UTF-8 JSON and any
/// part of it can be echoed as it is.
struct JSONScanner: ~Copyable {
    /// The kinds of JSON value.
    enum Kind: Equatable { case object, array, string, number, bool, null }

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    /// Deeper nesting than this is rejected rather than risking the stack.
    static let maxDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) {
        self.bytes = bytes
        self.index = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var atEnd: Bool { index >= end }

    var peek: UInt8? { index < end ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < end, bytes[index] == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Consumes `byte` (after whitespace) when it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < end, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: index)
    }

    /// Skips one value after optional whitespace and returns its kind and exact range.
    mutating func scanValue(depth: Int = 0) throws(JSONSyntaxError) -> (kind: Kind, range: Range<Int>) {
        skipWhitespace()
        let start = index
        guard index < end else { throw error("unexpected end of input") }
        let kind: Kind
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
            index += 1
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
                    _ = try scanString()
                    try expect(UInt8(ascii: ":"))
                    _ = try scanValue(depth: depth + 1)
                } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
            }
            kind = .object
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
            index += 1
            if !consume(UInt8(ascii: "]")) {
                repeat { _ = try scanValue(depth: depth + 1) } while consume(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
            }
            kind = .array
        case UInt8(ascii: "\""):
            _ = try scanString()
            kind = .string
        case UInt8(ascii: "t"):
            try literal("true")
            kind = .bool
        case UInt8(ascii: "f"):
            try literal("false")
            kind = .bool
        case UInt8(ascii: "n"):
            try literal("null")
            kind = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            kind = .number
        default:
            throw error("unexpected character")
        }
        return (kind, start..<index)
    }

    /// Scans a string at `index` (which must be a quote). Returns the range of its content
    /// (without quotes) and whether it contains escapes.
    mutating func scanString() throws(JSONSyntaxError) -> (content: Range<Int>, escaped: Bool) {
        index += 1
        let start = index
        var escaped = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start..<(index - 1), escaped)
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < end else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    // Text, not UTF-16: a surrogate escape must come as a high and low pair.
                    func unit(at start: Int) -> UInt32? {
                        guard start + 3 < end else { return nil }
                        var value: UInt32 = 0
                        for offset in 0..<4 {
                            guard let digit = Self.hexValue(bytes[start + offset]) else { return nil }
                            value = value << 4 | digit
                        }
                        return value
                    }
                    guard let first = unit(at: index + 1) else { throw error("bad \\u escape") }
                    index += 5
                    if (0xD800...0xDBFF).contains(first) {
                        guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                            let second = unit(at: index + 2), (0xDC00...0xDFFF).contains(second)
                        else { throw error("unpaired surrogate in \\u escape") }
                        index += 6
                    } else if (0xDC00...0xDFFF).contains(first) {
                        throw error("unpaired surrogate in \\u escape")
                    }
                default:
                    throw error("bad escape")
                }
            } else if byte < 0x20 {
                throw error("control character in string")
            } else if byte >= 0x80 {
                try scanMultibyte()
            } else {
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// Moves past the UTF-8 sequence of one scalar at `index` (a byte above 0x7F), refusing
    /// what is not UTF-8 (stray continuation bytes, overlong forms, surrogates, truncation).
    private mutating func scanMultibyte() throws(JSONSyntaxError) {
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        let count: Int
        switch bytes[index] {
        case 0xC2...0xDF: count = 2
        case 0xE0: (count, lower) = (3, 0xA0)
        case 0xED: (count, upper) = (3, 0x9F)
        case 0xE1...0xEF: count = 3
        case 0xF0: (count, lower) = (4, 0x90)
        case 0xF4: (count, upper) = (4, 0x8F)
        case 0xF1...0xF3: count = 4
        default: throw error("invalid UTF-8")
        }
        guard index + count <= end, (lower...upper).contains(bytes[index + 1]) else { throw error("invalid UTF-8") }
        for offset in 2..<count where bytes[index + offset] & 0xC0 != 0x80 {
            throw error("invalid UTF-8")
        }
        index += count
    }

    private mutating func scanNumber() throws(JSONSyntaxError) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, Self.isDigit(bytes[index]) else { throw error("bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < end, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, Self.isDigit(bytes[index]) else { throw error("bad number") }
            while index < end, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, Self.isDigit(bytes[index]) else { throw error("bad number") }
            while index < end, Self.isDigit(bytes[index]) { index += 1 }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { throw error("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("unexpected character")
        }
        index += count
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Decodes the content of a string scanned by `scanString`.
    func decodeString(_ content: Range<Int>, escaped: Bool) throws(JSONSyntaxError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[content])
        guard escaped else {
            guard let string = String(validating: slice, as: UTF8.self) else {
                throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: content.lowerBound)
            }
            return string
        }
        var out = [UInt8]()
        out.reserveCapacity(content.count)
        var i = content.lowerBound
        while i < content.upperBound {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let code = bytes[i + 1]
            i += 2
            switch code {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 5 < content.upperBound,
                    bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(at: i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(value)).utf8))
            default: out.append(code)
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else {
            throw JSONSyntaxError(message: "invalid UTF-8 in string", offset: content.lowerBound)
        }
        return string
    }

    private func hex4(at i: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 4 | (Self.hexValue(bytes[i + $1]) ?? 0) }
    }
}

/// Why a text is not JSON, and where.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}
