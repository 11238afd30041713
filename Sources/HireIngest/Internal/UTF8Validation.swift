/// Whether `bytes` are well-formed UTF-8 (The Unicode Standard, table 3-7): no overlong
/// forms, no surrogates, nothing above U+10FFFF, no truncated sequences.
///
/// Used instead of the standard library's generic `String(validating:as:)`, which is several
/// times slower per call on this toolchain.
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let count = bytes.count
    guard let base = bytes.baseAddress else { return true }
    while i < count {
        // ASCII eight bytes at a time (a record's names and notes are mostly ASCII around the
        // odd accented letter).
        while i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        guard i < count else { break }
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
            continue
        }
        let length: Int
        var low: UInt8 = 0x80  // the range of the second byte
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return false
        }
        guard i + length <= count, (low...high).contains(bytes[i + 1]) else { return false }
        for j in (i + 2)..<(i + length) where !(0x80...0xBF).contains(bytes[j]) { return false }
        i += length
    }
    return true
}
