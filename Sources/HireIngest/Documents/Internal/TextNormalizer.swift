/// Whitespace clean-up shared by every format, keeping the line structure the profilers read.
enum TextNormalizer {
    /// - Line breaks (CRLF, CR, form feed, Unicode separators) become `\n`.
    /// - Within a line, a run of spaces becomes one space, and a run holding a tab one tab;
    ///   Unicode spaces (no-break, thin…) count as spaces. Lines are trimmed.
    /// - Invisible characters (zero-width spaces, soft hyphens, a stray byte order mark) and
    ///   control characters are dropped.
    /// - At most one blank line in a row, none at the start or the end.
    static func normalize(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var line = String.UnicodeScalarView()
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
                output.append("\n")
                if blankLinePending { output.append("\n") }
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
                if scalar.isSpace {
                    if gap == .none { gap = .space }
                } else if scalar.properties.generalCategory == .control {
                    continue
                } else {
                    if gap != .none, !line.isEmpty { line.append(gap == .tab ? "\t" : " ") }
                    gap = .none
                    line.append(scalar)
                }
            }
        }
        endLine()
        return String(output)
    }

    private enum Gap { case none, space, tab }
}
