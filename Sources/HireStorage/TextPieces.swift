/// Cuts a long text into the pieces the resumes' full-text index holds as rows of their own
/// (see `VaultStore.registerResumePieceMigrations`). A text of at most `size` bytes is one
/// piece, itself. A longer one is cut at a line break (else a space, else between characters)
/// at most `size` bytes from the piece's start, and the next piece starts up to `overlap` bytes
/// before the cut, at a line break or space: a phrase shorter than that, across the cut, is
/// whole in the next piece. The same text always gives the same pieces.
enum TextPieces {
    static func split(_ text: String, size: Int = 128 << 10, overlap: Int = 512) -> [String] {
        precondition(size > 4 * overlap && overlap > 0)
        guard text.utf8.count > size else { return [text] }
        var text = text
        return text.withUTF8 { bytes in
            func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x20 || byte == 0x09 || byte == 0x0D }
            var pieces: [String] = []
            var start = 0
            while true {
                var end = min(start + size, bytes.count)
                if end < bytes.count {
                    // The last line break of the piece's second half, else its last space, else
                    // the start of the character at the limit.
                    let floor = start + size / 2
                    if let lineBreak = (floor..<end).last(where: { bytes[$0] == 0x0A }) {
                        end = lineBreak + 1
                    } else if let space = (floor..<end).last(where: { isBreak(bytes[$0]) }) {
                        end = space + 1
                    } else {
                        while end > floor, bytes[end] & 0xC0 == 0x80 { end -= 1 }
                    }
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                guard end < bytes.count else { return pieces }
                // The next piece repeats the words just before the cut.
                let back = max(start + 1, end - overlap)
                start = (back..<end).first(where: { isBreak(bytes[$0]) }).map { $0 + 1 } ?? end
            }
        }
    }
}
