import Foundation
internal import ZIPFoundation

/// The text of a DOCX: the page headers, the main document, the footers.
enum DOCXText {
    static let documentPath = "word/document.xml"

    /// - Parameter maxXMLBytes: the most uncompressed XML read from the archive, all parts
    ///   together. Entries are counted as they are inflated, so a zip that lies about its sizes
    ///   is stopped too.
    static func extract(_ bytes: [UInt8], name: DocumentName, maxXMLBytes: Int) throws(DocumentError) -> String {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw .unreadable(name.sentence("is not a valid DOCX file: its zip archive is damaged"))
        }
        guard let document = archive[documentPath] else {
            throw .unreadable(name.sentence("is not a Word document: it has no \(documentPath)"))
        }
        var budget = XMLBudget(remaining: maxXMLBytes, limit: maxXMLBytes, name: name)
        var lines: [String] = []
        var seen: Set<String> = []
        // Headers and footers come in variants (first page, even pages) that repeat each other.
        func addOnce(_ part: [String]) {
            for line in part where seen.insert(line).inserted { lines.append(line) }
            if !part.isEmpty { lines.append("") }
        }
        for header in parts(named: "header", in: archive) {
            addOnce(WordXMLText.lines(of: try read(header, from: archive, budget: &budget)))
        }
        lines += WordXMLText.lines(of: try read(document, from: archive, budget: &budget))
        lines.append("")
        for footer in parts(named: "footer", in: archive) {
            addOnce(WordXMLText.lines(of: try read(footer, from: archive, budget: &budget)))
        }
        return lines.joined(separator: "\n")
    }

    /// `word/header1.xml`, `word/header2.xml`… in numeric order.
    private static func parts(named prefix: String, in archive: Archive) -> [Entry] {
        let start = "word/\(prefix)"
        func number(_ entry: Entry) -> Int? {
            let path = entry.path
            guard path.hasPrefix(start), path.hasSuffix(".xml") else { return nil }
            return Int(path.dropFirst(start.count).dropLast(4))
        }
        return archive.compactMap { entry in number(entry).map { (entry, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    private struct XMLBudget {
        var remaining: Int
        let limit: Int
        let name: DocumentName
        var exceeded: DocumentError {
            .tooLarge(name.sentence("holds more than \(DocumentReader.byteCount(limit)) of XML (a zip bomb?)"))
        }
    }

    private struct BudgetExceeded: Error {}

    private static func read(_ entry: Entry, from archive: Archive, budget: inout XMLBudget) throws(DocumentError)
        -> [UInt8]
    {
        guard entry.uncompressedSize <= UInt64(budget.remaining) else { throw budget.exceeded }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        var remaining = budget.remaining
        do {
            _ = try archive.extract(entry) { chunk in
                guard chunk.count <= remaining else { throw BudgetExceeded() }
                remaining -= chunk.count
                bytes.append(contentsOf: chunk)
            }
        } catch is BudgetExceeded {
            throw budget.exceeded
        } catch {
            throw .unreadable(budget.name.sentence("is not a valid DOCX file: \(entry.path) is damaged"))
        }
        budget.remaining = remaining
        return bytes
    }
}
