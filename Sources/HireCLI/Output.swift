import HireRPC

/// Renders results: JSON for programs, aligned text and tables for people.
struct Output {
    var json: Bool
    /// The terminal's width in columns; tables are fit to it (nil: as wide as they come).
    var width: Int? = nil

    /// `params`: what the method was called with (a sorted list shows its sort column).
    func render(_ value: JSONValue, method: String? = nil, params: JSONValue? = nil) -> String {
        if json { return value.jsonString }
        if let method, let text = Presenters.text(value, method: method, width: width, params: params) { return text }
        return Self.text(method.map { Presenters.present(value, method: $0) } ?? value, width: width)
    }

    /// Text for a terminal: `ok` for an empty object, aligned `key  value` lines for an
    /// object, a table for a list of objects (and a table for each such member).
    static func text(_ value: JSONValue, width: Int? = nil) -> String {
        switch value {
        case .object(let members) where members.isEmpty:
            return "ok"
        case .object(let members):
            var pairs: [(String, String)] = []
            var tables: [String] = []
            for key in members.keys.sorted() {
                let member = members[key]!
                if case .array(let items) = member, items.contains(where: { if case .object = $0 { true } else { false } }) {
                    tables.append("\(key):\n" + table(items, width: width))
                } else {
                    pairs.append((key, scalar(member)))
                }
            }
            return ((pairs.isEmpty ? [] : [Presenters.aligned(pairs)]) + tables).joined(separator: "\n")
        case .array(let items):
            return table(items, width: width)
        default:
            return scalar(value)
        }
    }

    /// A table with one column per key seen (each row's keys in name order, first seen first).
    static func table(_ rows: [JSONValue], width: Int? = nil) -> String {
        var columns: [String] = []
        for case .object(let members) in rows {
            for key in members.keys.sorted() where !columns.contains(key) { columns.append(key) }
        }
        return TextTable(columns: columns, rows: rows.map { row in columns.map { row[$0].map(scalar) ?? "" } }).render(width: width)
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "-"
        case .string(let text): return text
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .double(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(format3(number))
        case .array(let items): return items.map(scalar).joined(separator: ", ")
        case .object: return value.jsonString
        }
    }

    private static func format3(_ number: Double) -> String {
        let scaled = (number * 1000).rounded() / 1000
        return String(scaled)
    }
}

/// A table whose columns come in a given order, one line per row, fit to a width: the
/// leading columns that fit at their natural width are shown (at least the first four,
/// narrowed with cells cut by "…" when they do not fit), and a last line names the columns
/// left out.
struct TextTable {
    var columns: [String]
    var rows: [[String]]
    /// How many columns are shown however narrow the terminal (narrowed as needed).
    var kept = Self.alwaysShown
    /// Columns never narrowed (ids a person copies).
    var whole: Set<Int> = []
    /// No column wider than this on a terminal: long notes and skill lists are cut.
    static let maximumWidth = 40
    /// Columns shown however narrow the terminal, narrowed as needed.
    static let alwaysShown = 4
    /// Never narrower than this (or the column's header), when narrowing.
    static let minimumWidth = 6

    func render(width: Int? = nil) -> String {
        guard !rows.isEmpty else { return "(none)" }
        let cells = rows.map { row in row.map(Self.oneLine) }
        var widths = columns.indices.map { i in max(columns[i].count, cells.map { $0[i].count }.max() ?? 0) }
        var shown = columns.count
        if let width {
            widths = widths.enumerated().map { i, natural in min(natural, max(Self.maximumWidth, columns[i].count)) }
            shown = min(columns.count, kept)
            while shown < columns.count, widths[...shown].reduce(0, +) + 2 * shown <= width { shown += 1 }
            widths = Array(widths.prefix(shown))
            let minimums = widths.enumerated().map { i, natural in whole.contains(i) ? natural : min(natural, max(columns[i].count, Self.minimumWidth)) }
            // Narrow the widest column, one character at a time, until a line fits.
            while widths.reduce(0, +) + 2 * (shown - 1) > width,
                let widest = widths.indices.filter({ widths[$0] > minimums[$0] }).max(by: { widths[$0] < widths[$1] })
            {
                widths[widest] -= 1
            }
        }
        func line(_ values: [String]) -> String {
            zip(values.prefix(shown), widths).map { value, width in
                Self.cut(value, to: width) + String(repeating: " ", count: max(width - value.count, 0))
            }
            .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(columns.map { $0.uppercased() })] + cells.map(line)
        if shown < columns.count, let width {
            let left = columns[shown...]
            lines.append(Self.cut("(\(left.count) more: \(left.joined(separator: ", ")); --json shows every field)", to: width))
        }
        return lines.joined(separator: "\n")
    }

    private static func cut(_ text: String, to width: Int) -> String {
        text.count > width ? String(text.prefix(max(width - 1, 0))) + "…" : text
    }

    /// A cell on one line: line breaks and tabs become spaces.
    private static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
