/// Character classes with an ASCII fast path: `Unicode.Scalar.Properties` looks each scalar
/// up in the Unicode tables, which dominated the field parsers' time.
extension Unicode.Scalar {
    /// `0`–`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    /// Unicode whitespace (space, tab, line breaks, no-break space…).
    var isSpace: Bool { isASCII ? self == " " || (0x09...0x0D).contains(value) : properties.isWhitespace }

    /// A letter of any script.
    var isLetter: Bool { isASCII ? ("a"..."z").contains(self) || ("A"..."Z").contains(self) : properties.isAlphabetic }
}
