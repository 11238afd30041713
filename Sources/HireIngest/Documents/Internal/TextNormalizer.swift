/// Whitespace clean-up shared by every format, keeping the line structure the profilers read.
enum TextNormalizer {
    /// - Line breaks (CRLF, CR, form feed, Unicode separators) become `\n`.
    /// - Within a line, a run of spaces becomes one space, and a run holding a tab one tab;
    ///   Unicode spaces (no-break, thin…) count as spaces. Lines are trimmed.
    /// - Invisible characters (zero-width spaces, soft hyphens, a stray byte order mark) and
    ///   control characters are dropped.
    /// - At most one blank line in a row, none at the start or the end.
    ///
    /// The result is built as UTF-8 bytes and made a string once: appending each line to a
    /// growing `String.UnicodeScalarView` copied the whole result again (0.3 s of a 1 MB text).
    static func normalize(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var line: [UInt8] = []
        var gap: Gap = .none
        var blankLinePending = false
        var previousWasCR = false

        func endLine() {
            gap = .none
            guard !line.isEmpty else {
                if !output.isEmpty { blankLinePending = true }
                return
            }
            if !output.isEmpty {
                output.append(UInt8(ascii: "\n"))
                if blankLinePending { output.append(UInt8(ascii: "\n")) }
            }
            output.append(contentsOf: line)
            line.removeAll(keepingCapacity: true)
            blankLinePending = false
        }

        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n":
                if !previousWasCR { endLine() }
            case "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
                endLine()
            case "\t":
                gap = .tab
            case "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{AD}":
                continue
            default:
                if scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F {
                    // Printable ASCII, most of any text: no Unicode property to look up.
                } else if scalar.isSpace {
                    if gap == .none { gap = .space }
                    continue
                } else if scalar.properties.generalCategory == .control {
                    continue
                }
                if gap != .none, !line.isEmpty { line.append(gap == .tab ? UInt8(ascii: "\t") : UInt8(ascii: " ")) }
                gap = .none
                UTF8.encode(scalar) { line.append($0) }
            }
        }
        endLine()
        return String(decoding: output, as: UTF8.self)
    }

    private enum Gap { case none, space, tab }
}
