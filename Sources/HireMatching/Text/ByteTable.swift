/// A map from short byte strings (words) to dense ids, by open addressing with FNV-1a: much
/// cheaper per lookup than `Dictionary<String, _>`'s seeded SipHash, which matters when every
/// word of every text is looked up. Ids are given in insertion order, from 0.
struct ByteTable: Sendable {
    /// Per bucket: the entry's hash in the high 32 bits and its id + 1 in the low ones (0:
    /// empty), so a probe reads one word; the bucket count is a power of two.
    private var buckets: [UInt64]
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var pool: [UInt8] = []

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        buckets = [UInt64](repeating: 0, count: size)
    }

    /// The number of entries.
    var count: Int { starts.count }

    /// The bytes of entry `id`.
    func key(_ id: Int32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(id)])
        return pool[start..<(start + Int(lengths[Int(id)]))]
    }

    /// The id of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let tag = hash >> 32
        return buckets.withUnsafeBufferPointer { buckets in
            let mask = buckets.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = buckets[index]
                if entry == 0 { return nil }
                if entry >> 32 == tag {
                    let id = Int(entry & 0xFFFF_FFFF) - 1
                    if equals(id, bytes) { return Int32(id) }
                }
                index = (index + 1) & mask
            }
        }
    }

    func find(_ text: String) -> Int32? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ find($0) }) { return found }
        var text = text
        return text.withUTF8 { find($0) }
    }

    /// The id of `bytes`, adding it when new.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let id = find(bytes) { return id }
        if (count + 1) * 2 > buckets.count { grow() }
        let id = Int32(count)
        hashes.append(Self.hash(bytes))
        starts.append(Int32(pool.count))
        lengths.append(Int32(bytes.count))
        pool.append(contentsOf: bytes)
        place(Int(id))
        return id
    }

    mutating func insert(_ text: String) -> Int32 {
        // One lookup: a new word is added from the same bytes (looking it up, then inserting it
        // from a copy, hashed it twice).
        if let id = text.utf8.withContiguousStorageIfAvailable({ insert($0) }) { return id }
        var text = text
        return text.withUTF8 { insert($0) }
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[id]) == bytes.count else { return false }
        let start = Int(starts[id])
        return pool.withUnsafeBufferPointer { pool in
            for offset in 0..<bytes.count where pool[start + offset] != bytes[offset] { return false }
            return true
        }
    }

    private mutating func place(_ id: Int) {
        let mask = buckets.count - 1
        var index = Int(truncatingIfNeeded: hashes[id]) & mask
        while buckets[index] != 0 { index = (index + 1) & mask }
        buckets[index] = (hashes[id] >> 32) << 32 | UInt64(id + 1)
    }

    private mutating func grow() {
        buckets = [UInt64](repeating: 0, count: buckets.count * 2)
        for id in 0..<count { place(id) }
    }

    /// FNV-1a, 64-bit, with a final mix so that low bits (the bucket) depend on every byte.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 32)
    }
}
