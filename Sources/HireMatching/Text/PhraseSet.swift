/// Cue phrases looked for in many short texts (every line of a document): one pass over a
/// text finds which of them it holds, where searching for each phrase in turn cost a pass per
/// phrase. A phrase can start only where the text's next two bytes start one (a bitmap of the
/// phrases' first byte pairs answers most positions without a lookup). Matching is bytewise,
/// as ``StringProtocol/includes(_:)`` is: for lowercased texts and lowercase phrases.
struct PhraseSet: Sendable {
    /// The phrases' bytes, in the order given.
    private let phrases: [[UInt8]]
    /// For each pair of first bytes, the phrases that start with it, in order.
    private let byStart: [UInt16: [Int]]
    /// One bit per pair of first bytes.
    private let starts: [UInt64]
    /// Phrases of a single byte, in order.
    private let singles: [Int]

    init(_ phrases: [String]) {
        self.phrases = phrases.map { Array($0.utf8) }
        var byStart: [UInt16: [Int]] = [:]
        var starts = [UInt64](repeating: 0, count: 1024)
        var singles: [Int] = []
        for (index, bytes) in self.phrases.enumerated() {
            guard bytes.count >= 2 else {
                if bytes.count == 1 { singles.append(index) }
                continue
            }
            let pair = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            byStart[pair, default: []].append(index)
            starts[Int(pair >> 6)] |= 1 << UInt64(pair & 63)
        }
        self.byStart = byStart
        self.starts = starts
        self.singles = singles
    }

    /// The index of the first phrase (in the order given) that `text` holds; nil when none.
    func first(in text: some StringProtocol) -> Int? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ first(inBytes: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { first(inBytes: $0) }
    }

    /// Whether `text` holds any of the phrases.
    func any(in text: some StringProtocol) -> Bool { first(in: text) != nil }

    /// ``first(in:)`` on UTF-8 bytes.
    func first(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var best = Int.max
        for index in singles where index < best && bytes.contains(phrases[index][0]) { best = index }
        guard bytes.count >= 2 else { return best == .max ? nil : best }
        for at in 0..<(bytes.count - 1) {
            let pair = UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
            guard starts[Int(pair >> 6)] & (1 << UInt64(pair & 63)) != 0, let candidates = byStart[pair] else { continue }
            for index in candidates where index < best {
                let phrase = phrases[index]
                guard phrase.count <= bytes.count - at else { continue }
                var offset = 2
                while offset < phrase.count, bytes[at + offset] == phrase[offset] { offset += 1 }
                if offset == phrase.count {
                    best = index
                    break  // the candidates are in order: the rest come later
                }
            }
        }
        return best == .max ? nil : best
    }
}
