/// Bytes of a text file to a string, whatever encoding it is likely to be in.
enum TextDecoding {
    /// UTF-8 (a byte order mark is dropped), UTF-16 when a byte order mark says so, and
    /// otherwise Windows-1252: text saved by an old Windows editor is read, never refused.
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decodeUTF8OrLegacy(bytes[3...]) }
        if bytes.starts(with: [0xFF, 0xFE]) { return decodeUTF16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return decodeUTF16(bytes.dropFirst(2), bigEndian: true) }
        return decodeUTF8OrLegacy(bytes[...])
    }

    /// Whether bytes of unknown kind are text: a UTF-16 byte order mark, or no NUL byte in
    /// the first 8 KiB.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        return !bytes.prefix(8192).contains(0)
    }

    private static func decodeUTF8OrLegacy(_ bytes: ArraySlice<UInt8>) -> String {
        let valid = bytes.withUnsafeBufferPointer(isValidUTF8)
        if valid { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes { scalars.append(windows1252(byte)) }
        return String(scalars)
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252: Latin-1 except for 0x80–0x9F, which hold typographic marks (curly quotes,
    /// dashes, €). The five bytes Windows leaves undefined keep their Latin-1 (C1) meaning.
    private static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        let value = high1252[Int(byte - 0x80)]
        return Unicode.Scalar(value == 0 ? UInt16(byte) : value) ?? Unicode.Scalar(byte)
    }

    /// 0x80…0x9F in Windows-1252; 0 marks the undefined bytes.
    private static let high1252: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // € ‚ ƒ „ … † ‡
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,  // ˆ ‰ Š ‹ Œ Ž
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // ‘ ’ “ ” • – —
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,  // ˜ ™ š › œ ž Ÿ
    ]
}
