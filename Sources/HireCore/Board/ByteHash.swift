/// A fast non-cryptographic 64-bit hash of bytes, eight at a time: what the board index's
/// hash tables spread values with, and what an import remembers each file record by (see
/// ``KnownRows``). Not a defence against chosen collisions: every use checks the bytes, or
/// a key, that a collision would have to match too. Inlinable: it is in the inner loop of
/// every hash table lookup of an import.
public enum ByteHash {
    @inlinable
    public static func hash(_ raw: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hash = (seed ^ UInt64(truncatingIfNeeded: raw.count)) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
            offset += 8
        }
        // The last 1–7 bytes in at most two loads, which together read each of them (the
        // length is in the hash already, so no two tails of one length give the same word).
        let rest = raw.count - offset
        if rest > 0 {
            let tail: UInt64
            let bytes = raw.baseAddress! + offset
            if rest >= 4 {
                tail = UInt64(bytes.loadUnaligned(as: UInt32.self)) << 32 | UInt64((bytes + rest - 4).loadUnaligned(as: UInt32.self))
            } else {
                let at = { (index: Int) in UInt64(bytes.load(fromByteOffset: index, as: UInt8.self)) }
                tail = at(0) << 16 | at(rest / 2) << 8 | at(rest - 1)
            }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        hash ^= hash >> 32
        hash &*= 0x9E37_79B9_7F4A_7C15
        return hash ^ (hash >> 32)
    }
}
