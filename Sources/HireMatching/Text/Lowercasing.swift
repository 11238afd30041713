extension String {
    /// Exactly `lowercased()`, faster on mostly-ASCII text: the standard library maps every
    /// scalar through the Unicode tables once a text holds a single non-ASCII one, while here
    /// ASCII bytes are lowercased in place and only the runs of non-ASCII scalars between them
    /// go through `lowercased()` (its mapping is per scalar, without context, so lowering runs
    /// separately gives the same text).
    func fastLowercased() -> String {
        var text = self
        return text.withUTF8 { bytes in
            // All ASCII (most lines): lowercased straight into the new string's storage.
            if !bytes.contains(where: { $0 >= 0x80 }) {
                return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                    for (index, byte) in bytes.enumerated() { buffer[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
                    return bytes.count
                }
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    result.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
                let run = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                result.append(contentsOf: run.lowercased().utf8)
                index = end
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}
