/// A first test for a small fixed set of words, looked for among every token of a text: a word
/// whose UTF-8 length none of the set's words has, or whose first byte starts none of them, is
/// surely not in the set. Most tokens are refused on two reads, where a `Set<String>` lookup
/// hashes each one with SipHash (most of what counting degrees and years cost on a long text).
struct WordFilter: Sendable {
    /// One bit per first byte of a word of the set.
    private var firstBytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// One bit per UTF-8 length of a word of the set (63: any length from 63 on).
    private var lengths: UInt64 = 0

    init(_ words: some Sequence<String>) {
        for word in words {
            lengths |= 1 << UInt64(min(word.utf8.count, 63))
            if let first = word.utf8.first { setFirst(first) }
        }
    }

    /// False only when `word` is surely none of the set's words.
    func mayContain(_ word: String) -> Bool {
        let utf8 = word.utf8
        guard lengths & (1 << UInt64(min(utf8.count, 63))) != 0 else { return false }
        guard let first = utf8.first else { return true }
        let bits: UInt64
        switch first >> 6 {
        case 0: bits = firstBytes.0
        case 1: bits = firstBytes.1
        case 2: bits = firstBytes.2
        default: bits = firstBytes.3
        }
        return bits & (1 << UInt64(first & 63)) != 0
    }

    private mutating func setFirst(_ byte: UInt8) {
        let bit: UInt64 = 1 << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: firstBytes.0 |= bit
        case 1: firstBytes.1 |= bit
        case 2: firstBytes.2 |= bit
        default: firstBytes.3 |= bit
        }
    }
}

/// A map from 64-bit keys to non-negative 32-bit values by open addressing with a multiplicative
/// hash, built once: the taxonomy's trie edges are looked up for every known word of every
/// text, and `Dictionary`'s seeded SipHash was most of that.
struct IntKeyTable: Sendable {
    /// Per bucket: the key, and the value + 1 (0: empty).
    private let keys: [UInt64]
    private let values: [UInt32]
    private let shift: UInt64

    init(_ entries: [UInt64: Int32]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        shift = 64 - bits
        var keys = [UInt64](repeating: 0, count: 1 << bits)
        var values = [UInt32](repeating: 0, count: 1 << bits)
        let mask = (1 << Int(bits)) - 1
        for (key, value) in entries {
            precondition(value >= 0)
            var index = Self.bucket(key, shift)
            while values[index] != 0 { index = (index + 1) & mask }
            keys[index] = key
            values[index] = UInt32(value) + 1
        }
        self.keys = keys
        self.values = values
    }

    /// The value of `key`, or nil.
    subscript(key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var index = Self.bucket(key, shift)
        while true {
            let value = values[index]
            if value == 0 { return nil }
            if keys[index] == key { return Int32(value - 1) }
            index = (index + 1) & mask
        }
    }

    private static func bucket(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
