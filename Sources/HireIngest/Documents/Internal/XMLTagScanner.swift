/// A forward scanner over XML bytes that reports tags by name and the text between them.
///
/// It is not a validating parser: it trusts the input to be well-formed (Word writes it so)
/// and never fails; on malformed input it reports what it can and stops at the end. Comments,
/// processing instructions and declarations are skipped; attribute values are stepped over
/// with their quotes, so a `>` inside one does not end the tag.
struct XMLTagScanner {
    enum Event {
        /// A start tag (`<w:p …>`) or an empty-element tag (`<w:br/>`): the range of its name,
        /// and of what follows the name up to the closing `>` or `/>` (its attributes).
        case open(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        /// An end tag (`</w:p>`); the range is its name.
        case close(name: Range<Int>)
        /// Character data, entities not yet decoded.
        case text(Range<Int>)
        /// The content of a CDATA section, to be taken literally.
        case cdata(Range<Int>)
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> Event? {
        let count = bytes.count
        guard position < count else { return nil }
        if bytes[position] != UInt8(ascii: "<") {
            let start = position
            while position < count, bytes[position] != UInt8(ascii: "<") { position += 1 }
            return .text(start..<position)
        }
        // At "<".
        guard position + 1 < count else {
            position = count
            return nil
        }
        switch bytes[position + 1] {
        case UInt8(ascii: "?"):
            skip(past: Array("?>".utf8))
            return next()
        case UInt8(ascii: "!"):
            if starts(with: "<!--") {
                skip(past: Array("-->".utf8))
            } else if starts(with: "<![CDATA[") {
                let start = position + 9
                skip(past: Array("]]>".utf8))
                return .cdata(start..<max(start, position - 3))
            } else {
                skipTag()
            }
            return next()
        case UInt8(ascii: "/"):
            let name = readName(from: position + 2)
            skipTag()
            return .close(name: name)
        default:
            let name = readName(from: position + 1)
            let selfClosing = skipTag()
            let end = max(name.upperBound, position - (selfClosing ? 2 : 1))
            return .open(name: name, attributes: name.upperBound..<end, selfClosing: selfClosing)
        }
    }

    /// The value of attribute `name` within `attributes` (a range from an `.open` event),
    /// entities not decoded; nil when the tag has no such attribute.
    func attribute(_ name: String, in attributes: Range<Int>) -> ArraySlice<UInt8>? {
        let name = Array(name.utf8)
        var index = attributes.lowerBound
        while index < attributes.upperBound {
            // At the start of an attribute name, or at whitespace before one.
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < attributes.upperBound, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]) { index += 1 }
            let found = bytes[nameStart..<index].elementsEqual(name)
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            guard index < attributes.upperBound, bytes[index] == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            index += 1
            while index < attributes.upperBound, Self.isSpace(bytes[index]) { index += 1 }
            guard index < attributes.upperBound else { return nil }
            let quote = bytes[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            let valueStart = index + 1
            var valueEnd = valueStart
            while valueEnd < attributes.upperBound, bytes[valueEnd] != quote { valueEnd += 1 }
            if found { return bytes[valueStart..<valueEnd] }
            index = valueEnd + 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func starts(with prefix: String) -> Bool {
        let prefix = prefix.utf8
        guard position + prefix.count <= bytes.count else { return false }
        return bytes[position..<position + prefix.count].elementsEqual(prefix)
    }

    private func readName(from start: Int) -> Range<Int> {
        var end = start
        while end < bytes.count {
            switch bytes[end] {
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">"): return start..<end
            default: end += 1
            }
        }
        return start..<end
    }

    /// Moves past the `>` that ends the tag at `position`; returns whether the tag ended `/>`.
    @discardableResult
    private mutating func skipTag() -> Bool {
        var quote: UInt8?
        var previous: UInt8 = 0
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return previous == UInt8(ascii: "/")
            }
            previous = byte
        }
        return false
    }

    /// Moves past the next occurrence of `terminator`, or to the end.
    private mutating func skip(past terminator: [UInt8]) {
        var index = position
        while index + terminator.count <= bytes.count {
            if bytes[index] == terminator[0], bytes[index..<index + terminator.count].elementsEqual(terminator) {
                position = index + terminator.count
                return
            }
            index += 1
        }
        position = bytes.count
    }
}
