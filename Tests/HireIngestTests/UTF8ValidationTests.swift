import Testing

@testable import HireIngest

@Suite struct UTF8ValidationTests {
    /// The validator agrees with the standard library on every string tried: ASCII runs of
    /// every length around the eight-byte steps, with valid, truncated and invalid sequences
    /// at every offset.
    @Test func agreesWithTheStandardLibrary() {
        let pieces: [[UInt8]] = [
            Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("İ".utf8),
            [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80], [0xBF], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE0, 0x80, 0x80], [0xC2, 0x41],
        ]
        var generator = SystemRandomNumberGenerator()
        var tried = 0
        for piece in pieces {
            for before in 0..<20 {
                for after in [0, 1, 7, 8, 9] {
                    let bytes = Array(repeating: UInt8(ascii: "a"), count: before) + piece + Array(repeating: UInt8(ascii: "z"), count: after)
                    #expect(bytes.withUnsafeBufferPointer(isValidUTF8) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                    tried += 1
                }
            }
        }
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20..<0x7F, using: &generator) : UInt8.random(in: 0..<255, using: &generator)
            }
            #expect(bytes.withUnsafeBufferPointer(isValidUTF8) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            tried += 1
        }
        #expect(tried > 3000)
    }
}
