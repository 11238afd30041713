#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// A plain scan in a short text (a line); in a long one a `memchr` (vectorised) for the
/// pattern's rarest byte, then a `memcmp` of the whole pattern there: scanning byte by byte made
/// every cue phrase a slow pass over a megabyte-sized text.
private func byteSearch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = pattern.count
    guard count > 0 else { return true }
    guard count <= text.count, let textBase = text.baseAddress, let patternBase = pattern.baseAddress else { return false }
    let last = text.count - count
    guard text.count >= 4096 else {
        let first = pattern[0]
        var index = 0
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
    var key = 0
    for offset in 1..<count where rarity(pattern[offset]) > rarity(pattern[key]) { key = offset }
    var start = 0
    while start <= last {
        guard let found = memchr(textBase + start + key, Int32(pattern[key]), last - start + 1) else { return false }
        start = UnsafeRawPointer(textBase).distance(to: found) - key
        if memcmp(textBase + start, patternBase, count) == 0 { return true }
        start += 1
    }
    return false
}

/// Bytes by how often they occur in English text, commonest first; any other byte is rarer.
private let commonBytes = Array(" etaoinsrhldcumfpgwybvkxjqz".utf8)

private func rarity(_ byte: UInt8) -> Int { commonBytes.firstIndex(of: byte) ?? commonBytes.count }
