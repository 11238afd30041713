import Foundation

/// Draws charts as SVG (the web desk) and as Unicode bars (`hire stats --chart`).
public enum ChartDrawing {
    /// Text for element content and double-quoted attributes.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A horizontal bar chart: each bar labelled with its name and its number (readable without
    /// colour), a `<title>` on each for hover, and `data-value` for scripts and tests.
    public static func svg(_ chart: Chart) -> String {
        let labelWidth = 190, barWidth = 320, row = 22, top = 28
        let height = top + max(chart.bars.count, 1) * row + 8
        let largest = chart.bars.map(\.value).max() ?? 0
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" id="\(escape(chart.id))" role="img" aria-labelledby="\(escape(chart.id))-title" \
            width="\(labelWidth + barWidth + 70)" height="\(height)" viewBox="0 0 \(labelWidth + barWidth + 70) \(height)">\
            <title id="\(escape(chart.id))-title">\(escape(chart.title))</title>\
            <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="3"/></pattern></defs>\
            <text x="4" y="18" font-weight="bold">\(escape(chart.title))</text>
            """
        if chart.bars.isEmpty { out += "<text x=\"4\" y=\"\(top + 14)\">No data yet</text>" }
        for (index, bar) in chart.bars.enumerated() {
            let y = top + index * row
            let width = largest > 0 ? Int((bar.value / largest * Double(barWidth)).rounded()) : 0
            let label = bar.label.count > 28 ? String(bar.label.prefix(27)) + "…" : bar.label
            let value = Chart.format(bar.value)
            out += """
                <g class="bar-row" data-label="\(escape(bar.label))" data-value="\(value)"><title>\(escape(bar.label)): \(value) \(escape(chart.unit))</title>\
                <text x="\(labelWidth - 6)" y="\(y + 15)" text-anchor="end">\(escape(label))</text>\
                <rect class="bar\(index % 2 == 1 ? " alt" : "")" x="\(labelWidth)" y="\(y + 3)" width="\(max(width, 1))" height="\(row - 6)"/>\
                <text x="\(labelWidth + max(width, 1) + 5)" y="\(y + 15)">\(value)</text></g>
                """
        }
        out += "<line class=\"axis\" x1=\"\(labelWidth)\" y1=\"\(top)\" x2=\"\(labelWidth)\" y2=\"\(height - 6)\"/></svg>"
        return out
    }

    /// The chart as lines of text: title, then one line per bar with a Unicode bar scaled to `width` cells.
    public static func terminal(_ chart: Chart, width: Int = 40) -> [String] {
        var lines = ["\(chart.title) (\(chart.unit))"]
        if chart.bars.isEmpty { return lines + ["  no data yet"] }
        let largest = chart.bars.map(\.value).max() ?? 0
        let labelWidth = min(chart.bars.map(\.label.count).max() ?? 0, 28)
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for bar in chart.bars {
            let cells = largest > 0 ? bar.value / largest * Double(width) : 0
            let whole = Int(cells), part = Int(((cells - Double(whole)) * 8).rounded(.down))
            var drawn = String(repeating: "█", count: whole) + eighths[part]
            if drawn.isEmpty, bar.value > 0 { drawn = "▏" }
            let label = bar.label.count > labelWidth ? String(bar.label.prefix(labelWidth - 1)) + "…" : bar.label
            lines.append("  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " " + drawn + " " + Chart.format(bar.value))
        }
        return lines
    }
}
