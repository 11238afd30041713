extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text: a plain byte search, without the
    /// Unicode equivalence (and the cost) of `contains`; for lowercased texts and cue phrases.
    func includes(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pattern in
            if let found = utf8.withContiguousStorageIfAvailable({ byteSearch($0, pattern) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { byteSearch($0, pattern) }
        }
    }
}

private func byteSearch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = pattern.count
    guard count > 0 else { return true }
    guard text.count >= count else { return false }
    let first = pattern[0]
    var index = 0
    let last = text.count - count
    while index <= last {
        if text[index] == first {
            var offset = 1
            while offset < count, text[index + offset] == pattern[offset] { offset += 1 }
            if offset == count { return true }
        }
        index += 1
    }
    return false
}
