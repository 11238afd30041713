import Foundation

/// The slots of an open-addressing hash table whose keys live elsewhere: each holds the id of
/// a key (0, 1, 2, … as the owner numbers them) and, in the bits the ids do not need, a tag
/// taken from the key's hash. A probe looks at a key only when the tag agrees, so a search
/// through a large table touches its slots and, once in about 2^(32 − log2 slots) wrong
/// slots, a wrong key: a lookup of a value a million-row column has never held costs one
/// cache miss, not one per slot it passes (the board index's three near-unique columns and
/// the file's JobID check were most of an import's probing).
///
/// The owner keeps the table less than full (each owner has its own load limit) and rebuilds
/// it, larger, from its keys' hashes before it fills: ids must stay below the slot count.
public struct SlotTable: Sendable {
    /// id + 1 in the low ``idBits`` bits (0: empty), the tag above.
    @usableFromInline var slots: [UInt32] = []
    @usableFromInline var idMask: UInt32 = 0

    public init() {}

    /// An empty table of `size` slots (a power of two, at least 2).
    public init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0 && size <= 1 << 31)
        slots = Array(repeating: 0, count: size)
        idMask = UInt32(truncatingIfNeeded: size - 1)
    }

    /// The table of `size` slots holding ids 0..<count, each key's hash given by `hash`.
    public init(size: Int, count: Int, hash: (Int) -> UInt64) {
        self.init(size: size)
        for id in 0..<count {
            let keyHash = hash(id)
            insert(id: id, hash: keyHash, at: probe(hash: keyHash) { _ in false }.slot)
        }
    }

    /// How many slots (0: no table).
    public var size: Int { slots.count }
    public var isEmpty: Bool { slots.isEmpty }

    /// The id of the key with this hash that `matches` accepts (asked only for ids whose tag
    /// agrees), else nil and the empty slot where it would go. The table must not be empty.
    @inlinable
    public func probe(hash: UInt64, _ matches: (Int) -> Bool) -> (slot: Int, id: Int?) {
        let mask = slots.count - 1
        let tag = Self.tag(hash) & ~idMask
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, nil) }
                if entry & ~idMask == tag {
                    let id = Int(entry & idMask) - 1
                    if matches(id) { return (slot, id) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Calls `body` with the address of the slot where a probe for `hash` starts (nothing when
    /// the table is empty): a caller that knows the next hashes can have it fetched ahead.
    @inlinable
    public func withFirstSlot(hash: UInt64, _ body: (UnsafeRawPointer) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            guard let base = slots.baseAddress else { return }
            body(UnsafeRawPointer(base + (Int(truncatingIfNeeded: hash) & (slots.count - 1))))
        }
    }

    /// Puts `id`, whose key has this hash, in the empty slot ``probe(hash:_:)`` found.
    @inlinable
    public mutating func insert(id: Int, hash: UInt64, at slot: Int) {
        precondition(id < Int(idMask), "a slot table filled up")
        slots[slot] = Self.tag(hash) & ~idMask | UInt32(truncatingIfNeeded: id + 1)
    }

    /// The tag bits come from the hash's top half; the slot from its bottom bits.
    @inlinable
    static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }
}

/// Distinct byte strings, numbered 0, 1, 2… in the order they were added, back to back in one
/// pool and found through a ``SlotTable`` (at most 60% full): what the file's JobID check and
/// the import's salary and date memo remember their keys in. Past 4 GiB of keys (far beyond
/// any file the daemon takes) nothing more is added.
public struct ByteKeys: Sendable {
    private var pool: [UInt8] = []
    /// Where each key ends in `pool`.
    private var ends: [UInt32] = []
    private var slots = SlotTable(size: 16)

    public init() {}

    public var count: Int { ends.count }

    /// Makes room for `keys` keys of about `bytesEach` bytes at once.
    public mutating func reserveCapacity(_ keys: Int, bytesEach: Int) {
        ends.reserveCapacity(keys)
        pool.reserveCapacity(keys * bytesEach)
        if slots.size * 3 < keys * 5 { rehash(minimum: keys * 5 / 3) }
    }

    /// The id of `key`, nil when it was never added.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        slots.probe(hash: ByteHash.hash(UnsafeRawBufferPointer(key))) { equals($0, key) }.id
    }

    /// The id of `key`, added when new (`isNew`); nil when the pool is full.
    public mutating func add(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool)? {
        if (ends.count + 1) * 5 > slots.size * 3 { rehash(minimum: slots.size * 2) }
        let hash = ByteHash.hash(UnsafeRawBufferPointer(key))
        let (slot, found) = slots.probe(hash: hash) { equals($0, key) }
        if let found { return (found, false) }
        guard pool.count + key.count <= Int(UInt32.max) else { return nil }
        pool.append(contentsOf: key)
        ends.append(UInt32(truncatingIfNeeded: pool.count))
        slots.insert(id: ends.count - 1, hash: hash, at: slot)
        return (ends.count - 1, true)
    }

    /// Every key with its id, in the order they were added.
    public func forEach(_ body: (_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Void) {
        pool.withUnsafeBufferPointer { pool in
            for id in 0..<ends.count { body(id, UnsafeBufferPointer(rebasing: pool[start(id)..<Int(ends[id])])) }
        }
    }

    private func start(_ id: Int) -> Int { id == 0 ? 0 : Int(ends[id - 1]) }

    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = start(id)
        guard Int(ends[id]) - start == key.count else { return false }
        return pool.withUnsafeBufferPointer { pool in key.count == 0 || memcmp(pool.baseAddress! + start, key.baseAddress!, key.count) == 0 }
    }

    private mutating func rehash(minimum: Int) {
        var size = 16
        while size < minimum { size *= 2 }
        slots = pool.withUnsafeBytes { pool in
            SlotTable(size: size, count: ends.count) { ByteHash.hash(UnsafeRawBufferPointer(rebasing: pool[start($0)..<Int(ends[$0])])) }
        }
    }
}
