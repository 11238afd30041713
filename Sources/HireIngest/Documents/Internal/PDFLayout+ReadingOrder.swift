/// Reading order that keeps the columns of a page apart.
///
/// poppler's own order follows the text's flows, and on a two-column resume whose narrow
/// column holds headings spaced above their blocks ("Skills", "Education") it can put such a
/// heading between blocks of the other column. So each page is looked at first: when a
/// vertical gutter splits its blocks into a left and a right column (``columns(of:)``), the
/// left column is read top to bottom, then the right one (each split again the same way, for a
/// third column); a page without columns keeps poppler's order, so it reads exactly as
/// `pdftotext` without `-bbox-layout` reads it.
extension PDFLayout {
    /// The text of every page, lines ending in `\n`, a blank line between blocks far apart.
    var text: String {
        var output = ""
        for page in pages {
            if let split = Self.columns(of: page.blocks, pageWidth: page.width) {
                output += Self.text(of: split.reading(pageWidth: page.width))
            } else {
                output += Self.text(ofFlows: page.blocks)
            }
        }
        return output
    }

    /// Blocks cut in two by a vertical gutter, with the blocks that span it above or below.
    struct ColumnSplit {
        var above: [Block]
        var left: [Block]
        var right: [Block]
        var below: [Block]

        /// The blocks in reading order: what is above, the left column, the right column,
        /// what is below; each column split again when it has columns of its own.
        func reading(pageWidth: Double) -> [Block] {
            func ordered(_ blocks: [Block]) -> [Block] {
                guard let split = PDFLayout.columns(of: blocks, pageWidth: pageWidth) else { return topToBottom(blocks) }
                return split.reading(pageWidth: pageWidth)
            }
            return topToBottom(above) + ordered(left) + ordered(right) + topToBottom(below)
        }

        private func topToBottom(_ blocks: [Block]) -> [Block] {
            blocks.enumerated().sorted { ($0.element.box.yMin, $0.offset) < ($1.element.box.yMin, $1.offset) }
                .map(\.element)
        }
    }

    /// The narrowest gutter counted as one between columns, in points: wider than any space
    /// between words.
    static let minimumGutter = 12.0
    /// The share of the columns' height that each column's blocks must cover: a column of
    /// dates beside a single column of text covers little of it.
    static let minimumColumnCover = 0.3
    /// Pages with more blocks than this (tables of figures) keep poppler's order.
    static let maximumBlocks = 1000

    /// The split of `blocks` at the widest vertical gutter that qualifies, or nil.
    ///
    /// A gutter is an x range at least ``minimumGutter`` wide that starts at the right edge of
    /// a block; the blocks left of it and the blocks right of it are the two columns. Blocks
    /// that cross it are allowed only above both columns (a name spanning the page) or below
    /// them (a footer). Each column's blocks must cover ``minimumColumnCover`` of the height
    /// from the columns' top to their bottom.
    static func columns(of blocks: [Block], pageWidth: Double) -> ColumnSplit? {
        guard blocks.count >= 2, blocks.count <= maximumBlocks else { return nil }
        let gutter = max(minimumGutter, pageWidth * 0.02)
        var best: (width: Double, split: ColumnSplit)?
        for start in Set(blocks.map(\.box.xMax)).sorted() {
            let right = blocks.filter { $0.box.xMin > start }
            guard let end = right.map(\.box.xMin).min(), end - start >= gutter, end - start > best?.width ?? 0 else {
                continue
            }
            let left = blocks.filter { $0.box.xMax <= start }
            guard !left.isEmpty else { continue }
            let columns = left + right
            let top = columns.map(\.box.yMin).min() ?? 0
            let bottom = columns.map(\.box.yMax).max() ?? 0
            let crossing = blocks.filter { $0.box.xMin <= start && $0.box.xMax > start }
            let above = crossing.filter { $0.box.yMax <= top + 1 }
            let below = crossing.filter { $0.box.yMin >= bottom - 1 }
            guard above.count + below.count == crossing.count else { continue }
            let height = bottom - top
            guard height > 0, cover(left) >= minimumColumnCover * height, cover(right) >= minimumColumnCover * height
            else { continue }
            best = (end - start, ColumnSplit(above: above, left: left, right: right, below: below))
        }
        return best?.split
    }

    /// How much of the vertical axis the blocks cover (the length of the union of their
    /// y ranges).
    static func cover(_ blocks: [Block]) -> Double {
        var total = 0.0
        var current: (start: Double, end: Double)?
        for box in blocks.map(\.box).sorted(by: { $0.yMin < $1.yMin }) {
            if let open = current, box.yMin <= open.end {
                current = (open.start, max(open.end, box.yMax))
            } else {
                if let open = current { total += open.end - open.start }
                current = (box.yMin, box.yMax)
            }
        }
        if let open = current { total += open.end - open.start }
        return total
    }

    // MARK: - Text

    /// Blocks in poppler's order, read as `pdftotext` reads them: the lines of a flow one after
    /// the other, a blank line after each flow.
    private static func text(ofFlows blocks: [Block]) -> String {
        var output = ""
        var index = blocks.startIndex
        while index < blocks.endIndex {
            let flow = blocks[index].flow
            var end = index
            while end < blocks.endIndex, blocks[end].flow == flow { end += 1 }
            output += text(ofLines: blocks[index..<end].flatMap(\.lines)) + "\n\n"
            index = end
        }
        return output
    }

    /// Blocks in the order given: a blank line between two blocks far apart (or when the next
    /// one starts higher up, in another column), a line break otherwise.
    private static func text(of blocks: [Block]) -> String {
        var output = ""
        var previous: Block?
        for block in blocks {
            if let previous {
                let lineHeight = max(previous.lines.last?.box.height ?? 0, block.lines.first?.box.height ?? 0)
                let gap = block.box.yMin - previous.box.yMax
                output += gap > 0.6 * lineHeight || block.box.yMin < previous.box.yMin ? "\n\n" : "\n"
            }
            output += text(ofLines: block.lines)
            previous = block
        }
        return output + "\n\n"
    }

    /// Lines joined by line breaks, except that a line ending in a hyphen runs on into the next
    /// without it (as `pdftotext` joins a word hyphenated across lines).
    private static func text(ofLines lines: [Line]) -> String {
        var output = ""
        for (index, line) in lines.enumerated() {
            let text = text(of: line)
            if text.hasSuffix("-"), index + 1 < lines.count {
                output += text.dropLast()
            } else {
                output += text
                if index + 1 < lines.count { output += "\n" }
            }
        }
        return output
    }

    /// The words of a line, a space between two words unless they (nearly) touch.
    private static func text(of line: Line) -> String {
        var output = ""
        var previous: Word?
        for word in line.words {
            if let previous, word.box.xMin - previous.box.xMax > 0.1 * word.box.height { output += " " }
            output += word.text
            previous = word
        }
        return output
    }
}
