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
    /// The state lives in a struct, not in variables a nested function captures: captured
    /// variables are boxed, and every access in the loop paid a dynamic exclusivity check.
    static func normalize(_ text: String) -> String {
        var state = State()
        state.output.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\n":
                if !previousWasCR { state.endLine() }
            case "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
                state.endLine()
            case "\t":
                state.gap = .tab
            case "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{AD}":
                continue
            default:
                if scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F {
                    // Printable ASCII, most of any text: no Unicode property to look up.
                } else if scalar.isSpace {
                    if state.gap == .none { state.gap = .space }
                    continue
                } else if scalar.properties.generalCategory == .control {
                    continue
                }
                if state.gap != .none, !state.line.isEmpty { state.line.append(state.gap == .tab ? UInt8(ascii: "\t") : UInt8(ascii: " ")) }
                state.gap = .none
                UTF8.encode(scalar) { state.line.append($0) }
            }
        }
        state.endLine()
        return String(decoding: state.output, as: UTF8.self)
    }

    private enum Gap { case none, space, tab }

    private struct State {
        var output: [UInt8] = []
        var line: [UInt8] = []
        var gap: Gap = .none
        var blankLinePending = false

        mutating func endLine() {
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
    }
}
