import Testing

@testable import HireStorage

@Suite struct TextPiecesTests {
    @Test func aShortTextIsOnePiece() {
        #expect(TextPieces.split("Alpha engineer\nBeta") == ["Alpha engineer\nBeta"])
    }

    /// Pieces are at most `size` bytes, in order, cover every byte, overlap by a few bytes at
    /// most, and are the same every time. (The texts do not repeat themselves, so where a piece
    /// starts is not ambiguous.)
    @Test(arguments: ["lines", "one line", "no spaces", "multibyte"])
    func piecesCoverTheTextInOrder(shape: String) {
        let text: String
        switch shape {
        case "lines": text = (0..<5_000).map { "line \($0) of words" }.joined(separator: "\n")
        case "one line": text = (0..<5_000).map { "word\($0)" }.joined(separator: " ")
        case "no spaces": text = (0..<20_000).map { String($0, radix: 36) }.joined()
        default: text = (0..<5_000).map { "é€𝄞\($0) " }.joined()
        }
        let pieces = TextPieces.split(text, size: 4_096, overlap: 64)
        #expect(pieces.count > 10)
        #expect(pieces.allSatisfy { $0.utf8.count <= 4_096 && !$0.isEmpty })
        #expect(TextPieces.split(text, size: 4_096, overlap: 64) == pieces)
        // Each piece is the text's bytes from a start at most `overlap` before the previous
        // piece's end (and not after it), and the last one ends with the text.
        let bytes = Array(text.utf8)
        var end = 0
        for (number, piece) in pieces.enumerated() {
            let piece = Array(piece.utf8)
            let starts = number == 0 ? 0...0 : max(0, end - 64)...end
            let start = starts.reversed().first { start in
                start + piece.count <= bytes.count && bytes[start..<start + piece.count].elementsEqual(piece)
            }
            guard let start else {
                Issue.record("piece \(number) is not the text after the previous one")
                return
            }
            end = start + piece.count
        }
        #expect(end == bytes.count)
    }
}
