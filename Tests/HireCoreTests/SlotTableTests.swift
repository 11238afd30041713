import HireCore
import Testing

@Suite struct SlotTableTests {
    /// A generator of well-spread hashes, the same on every run.
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func findsEveryKeyItHoldsAndAsksAboutOthersOnlyWhenTheirTagsAgree() {
        var mix = Mix(state: 1)
        let keys = (0..<100_000).map { _ in mix.next() }
        var table = SlotTable(size: 1 << 18)
        for (id, key) in keys.enumerated() {
            let (slot, found) = table.probe(hash: key) { keys[$0] == key }
            #expect(found == nil)
            table.insert(id: id, hash: key, at: slot)
        }
        var asked = 0
        for (id, key) in keys.enumerated() {
            #expect(table.probe(hash: key) { asked += 1; return keys[$0] == key }.id == id)
        }
        // Each key is asked about once, and a wrong one only when its 14-bit tag agrees too.
        #expect(asked < keys.count + keys.count / 100)
        asked = 0
        for _ in 0..<100_000 {
            let absent = mix.next()
            #expect(table.probe(hash: absent) { asked += 1; return keys[$0] == absent }.id == nil)
        }
        // Without tags every occupied slot passed would be asked about: tens of thousands here.
        #expect(asked < 1_000)
    }

    @Test func keysWhoseHashesAgreeInTheirSlotAndTagBitsAreTold() {
        // The same slot and the same tag: only `matches` tells them apart.
        let hash: UInt64 = 0xABCD_0000_0000_0005
        var table = SlotTable(size: 16)
        for id in 0..<5 { table.insert(id: id, hash: hash, at: table.probe(hash: hash) { _ in false }.slot) }
        for id in 0..<5 { #expect(table.probe(hash: hash) { $0 == id }.id == id) }
        let rebuilt = SlotTable(size: 32, count: 5) { _ in hash }
        for id in 0..<5 { #expect(rebuilt.probe(hash: hash) { $0 == id }.id == id) }
        #expect(rebuilt.probe(hash: hash) { _ in false }.id == nil)
    }
}

@Suite struct ByteHashTests {
    /// Every byte counts: strings of every length up to 40 that differ in one byte, at any
    /// place (the eight-byte steps and the tail's overlapping loads alike), or only in length,
    /// hash differently.
    @Test func everyByteAndTheLengthCount() {
        var seen: [UInt64: [UInt8]] = [:]
        func add(_ bytes: [UInt8]) {
            let hash = bytes.withUnsafeBytes { ByteHash.hash($0) }
            #expect(seen[hash] == nil || seen[hash] == bytes, "\(bytes) and \(seen[hash]!) share a hash")
            seen[hash] = bytes
        }
        for length in 0...40 {
            let base = (0..<length).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
            add(base)
            add(Array(repeating: 0, count: length))
            for place in 0..<length {
                for change: UInt8 in [1, 0x80] {
                    var changed = base
                    changed[place] ^= change
                    add(changed)
                }
            }
        }
        #expect(seen.count > 1600)
    }
}
