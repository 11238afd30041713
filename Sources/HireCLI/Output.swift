import HireRPC

/// Renders results: JSON for programs, aligned text and tables for people.
struct Output {
    var json: Bool

    func render(_ value: JSONValue, method: String? = nil) -> String {
        if json { return value.jsonString }
        return Self.text(method.map { Presenters.present(value, method: $0) } ?? value)
    }

    /// Text for a terminal: `ok` for an empty object, aligned `key  value` lines for an
    /// object, a table for a list of objects (and a table for each such member).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .object(let members) where members.isEmpty:
            return "ok"
        case .object(let members):
            var lines: [String] = []
            var tables: [String] = []
            let width = members.keys.map(\.count).max() ?? 0
            for key in members.keys.sorted() {
                let member = members[key]!
                if case .array(let items) = member, items.contains(where: { if case .object = $0 { true } else { false } }) {
                    tables.append("\(key):\n" + table(items))
                } else {
                    lines.append(key + String(repeating: " ", count: width - key.count + 2) + scalar(member))
                }
            }
            return (lines + tables).joined(separator: "\n")
        case .array(let items):
            return table(items)
        default:
            return scalar(value)
        }
    }

    /// A table with one column per key seen, in first-seen order.
    static func table(_ rows: [JSONValue]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        var columns: [String] = []
        for case .object(let members) in rows {
            for key in members.keys.sorted() where !columns.contains(key) { columns.append(key) }
        }
        let cells = rows.map { row in columns.map { row[$0].map(scalar) ?? "" } }
        let widths = columns.indices.map { i in max(columns[i].count, cells.map { $0[i].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(columns.map { $0.uppercased() })] + cells.map(line)).joined(separator: "\n")
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

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
