/// Unsigned LEB128: seven bits a byte, low bits first, the high bit set on every byte but the
/// last. Used where compact stored structures hold many small numbers.
public enum Varint {
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// The number at `at` (moved past it), or nil when the bytes end first or it runs past 64 bits.
    public static func read(_ bytes: [UInt8], at: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while at < bytes.count, shift < 64 {
            let byte = bytes[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
