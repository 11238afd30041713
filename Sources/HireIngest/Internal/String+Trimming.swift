extension String {
    /// The string without leading and trailing Unicode whitespace (spaces, tabs, line breaks,
    /// no-break spaces…). Returns `self` untouched in the common case of nothing to trim.
    var trimmingWhitespace: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, last < 0x80, !Self.isASCIIWhitespace(first), !Self.isASCIIWhitespace(last) { return self }
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isSpace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isSpace { end = scalars.index(before: end) }
        if start == scalars.startIndex, end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }

    /// True when the string is empty or only whitespace.
    var isBlank: Bool { trimmingWhitespace.isEmpty }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
