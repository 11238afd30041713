/// Decoding of XML character references and the five predefined entities.
enum XMLEntities {
    /// Appends `text` to `output` with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NNN;`
    /// and `&#xHHH;` replaced by their characters. An unknown or malformed reference is kept
    /// as written; a reference to a code point that is not a Unicode scalar becomes U+FFFD.
    static func decode(_ text: ArraySlice<UInt8>, into output: inout [UInt8]) {
        guard text.contains(UInt8(ascii: "&")) else {
            output.append(contentsOf: text)
            return
        }
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard byte == UInt8(ascii: "&"),
                let semicolon = text[index..<min(text.endIndex, index + 12)].firstIndex(of: UInt8(ascii: ";")),
                let scalar = scalar(for: text[(index + 1)..<semicolon])
            else {
                output.append(byte)
                index += 1
                continue
            }
            output.append(contentsOf: String(Character(scalar)).utf8)
            index = semicolon + 1
        }
    }

    private static func scalar(for name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard let first = name.first else { return nil }
        if first == UInt8(ascii: "#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if let x = digits.first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
                value = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
            } else {
                value = UInt32(String(decoding: digits, as: UTF8.self), radix: 10)
            }
            guard let value else { return nil }
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default: return nil
        }
    }
}
