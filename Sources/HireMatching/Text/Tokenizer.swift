/// What stood between a token and the one before it, strongest last: phrase matching does not
/// cross anything stronger than a hyphen, and list separators tell a skills list.
enum Separator: UInt8, Comparable, Sendable {
    case space = 1, hyphen, bracket, list, sentence, line, start

    static func < (lhs: Separator, rhs: Separator) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One word of a text, lowercased, as written: `c++`, `c#`, `.net`, `node.js`, `ci/cd`, `p&l`
/// stay whole; other punctuation separates.
struct Token: Sendable, Equatable {
    /// The lowercased word (`ё` as `е`).
    var text: String
    /// Where the word starts, as a UTF-8 offset into the text.
    var offset: Int
    /// Where the word ends (the offset after its last byte, a contraction left out).
    var end = 0
    /// What came before it.
    var before: Separator
    /// The first letter was uppercase in the text.
    var capitalized: Bool
    /// Every letter was uppercase (and there were at least two).
    var allCaps: Bool
    /// Letters only, all of them in the Latin script (so English stemming applies).
    var latinWord: Bool
    /// At least one letter (not a bare number).
    var hasLetter: Bool
    /// The word's id in the lexicon the tokenizer was given; -1 when not in it, -2 when no
    /// lexicon was given.
    var known: Int32 = -2
}

/// Splits text into ``Token``s in one pass over its UTF-8 bytes. Any script: letters, marks and
/// digits of every script make words; ASCII, Latin-1 and Cyrillic are lowercased without a
/// table lookup, other scripts through Unicode's lowercase mapping.
enum Tokenizer {
    static func tokens(in text: String) -> [Token] {
        tokens(in: text, lexicon: nil)
    }

    /// The tokens, each looked up in `lexicon` on its bytes (``Token/known``).
    static func tokens(in text: String, lexicon: ByteTable?) -> [Token] {
        var text = text
        return text.withUTF8 { tokens(in: $0, lexicon: lexicon) }
    }

    /// The tokens of UTF-8 bytes (invalid sequences separate words). A long text is read in
    /// two halves on two cores, split after a line break near its middle: no word, joiner or
    /// look-ahead crosses a line break, so the halves give the same tokens as one pass.
    static func tokens(in bytes: UnsafeBufferPointer<UInt8>, lexicon: ByteTable?, splitFrom: Int = Concurrently.worthwhile) -> [Token] {
        guard bytes.count >= splitFrom, let split = lineStart(near: bytes.count / 2, in: bytes) else {
            var scanner = Scanner(bytes: bytes, range: 0..<bytes.count, after: .start, lexicon: lexicon)
            return scanner.run()
        }
        let shared = ReadOnlyBytes(bytes: bytes)
        var (first, second) = Concurrently.both(
            when: true,
            {
                var scanner = Scanner(bytes: shared.bytes, range: 0..<split, after: .start, lexicon: lexicon)
                return scanner.run()
            },
            {
                var scanner = Scanner(bytes: shared.bytes, range: split..<shared.bytes.count, after: .line, lexicon: lexicon)
                return scanner.run()
            })
        // Nothing before the break: its first word starts the text.
        if first.isEmpty {
            if !second.isEmpty { second[0].before = .start }
            return second
        }
        first.append(contentsOf: second)
        return first
    }

    /// Bytes both halves read and neither writes, alive until both are done (`Concurrently.both`
    /// returns only then).
    private struct ReadOnlyBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// The offset just after the line break closest to `middle` (nil when there is none).
    private static func lineStart(near middle: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let newline = UInt8(ascii: "\n")
        var after = middle, before = middle - 1
        while after < bytes.count || before >= 0 {
            if after < bytes.count {
                if bytes[after] == newline { return after + 1 }
                after += 1
            }
            if before >= 0 {
                if bytes[before] == newline { return before + 1 }
                before -= 1
            }
        }
        return nil
    }
}

private struct Scanner {
    /// The whole text: look-ahead reads past `limit` as one pass over it would.
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    /// Where this scanner stops: no word of its starts at or after it.
    let limit: Int
    var tokens: [Token] = []
    var word: [UInt8] = []
    var pending: Separator
    let lexicon: ByteTable?

    /// Reads the words that start in `range`, the first one coming `after` what precedes it.
    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, after: Separator, lexicon: ByteTable?) {
        self.bytes = bytes
        self.lexicon = lexicon
        index = range.lowerBound
        limit = range.upperBound
        pending = after
        tokens.reserveCapacity(range.count / 6)
        word.reserveCapacity(64)
    }

    mutating func run() -> [Token] {
        while index < limit {
            let byte = bytes[index]
            if byte < 0x80 {
                if isASCIIWordByte(byte) {
                    readWord()
                } else if byte == UInt8(ascii: "."), startsDotNet() {
                    readWord()
                } else {
                    note(asciiSeparator(byte))
                    index += 1
                }
            } else {
                let (scalar, length) = decode(at: index)
                if isWordScalar(scalar) {
                    readWord()
                } else {
                    note(unicodeSeparator(scalar))
                    index += length
                }
            }
        }
        return tokens
    }

    private mutating func note(_ separator: Separator) {
        if separator > pending { pending = separator }
    }

    /// `.net` at the start of a word.
    private func startsDotNet() -> Bool {
        let n = lower(byteAt(index + 1)), e = lower(byteAt(index + 2)), t = lower(byteAt(index + 3))
        return n == UInt8(ascii: "n") && e == UInt8(ascii: "e") && t == UInt8(ascii: "t") && !isWordAt(index + 4)
    }

    private mutating func readWord() {
        let start = index
        word.removeAll(keepingCapacity: true)
        var capitalized = false, uppercaseLetters = 0, lowercaseLetters = 0
        var latinWord = true, hasLetter = false, segment = 0
        if bytes[index] == UInt8(ascii: ".") {
            word.append(UInt8(ascii: "."))
            index += 1
            latinWord = false
        }
        while true {
            // One run of word characters.
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    guard isASCIIWordByte(byte) else { break }
                    if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                        if word.isEmpty { capitalized = true }
                        uppercaseLetters += 1
                        hasLetter = true
                        word.append(byte + 32)
                    } else {
                        if byte >= UInt8(ascii: "a") { lowercaseLetters += 1; hasLetter = true } else if byte != UInt8(ascii: "_") { latinWord = false }
                        word.append(byte)
                    }
                    index += 1
                } else {
                    let (scalar, length) = decode(at: index)
                    guard isWordScalar(scalar) else { break }
                    let value = scalar.value
                    let first = word.isEmpty
                    if appendLowercased(scalar) {
                        if first { capitalized = true }
                        uppercaseLetters += 1
                    } else {
                        lowercaseLetters += 1
                    }
                    hasLetter = true
                    if value > 0x24F { latinWord = false }
                    index += length
                }
                segment += 1
            }
            // A joiner that keeps the word whole, or the end of the word.
            guard let joined = join(segment: segment) else { break }
            if joined { latinWord = false; segment = 0; continue }
            break
        }
        let allCaps = uppercaseLetters >= 2 && lowercaseLetters == 0
        let known = lexicon.map { table in word.withUnsafeBufferPointer { table.find($0) } ?? -1 } ?? -2
        tokens.append(
            Token(
                text: String(decoding: word, as: UTF8.self), offset: start, end: index, before: pending, capitalized: capitalized,
                allCaps: allCaps, latinWord: latinWord && hasLetter, hasLetter: hasLetter, known: known))
        pending = .space
        skipContraction()
    }

    /// Handles the byte after a run: returns true when a joiner was taken and another run
    /// follows, false when a trailing joiner (`++`, `#`) ended the word, nil when nothing joined.
    private mutating func join(segment: Int) -> Bool? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "+"):
            guard segment <= 12, word.last.map(isASCIILetter) == true else { return nil }
            var end = index
            while end < bytes.count, bytes[end] == UInt8(ascii: "+"), end - index < 2 { end += 1 }
            guard !isWordAt(end) else { return nil }
            word.append(contentsOf: repeatElement(UInt8(ascii: "+"), count: end - index))
            index = end
            return false
        case UInt8(ascii: "#"):
            guard segment <= 2, word.last.map(isASCIILetter) == true, !isWordAt(index + 1) else { return nil }
            word.append(byte)
            index += 1
            return false
        case UInt8(ascii: "."):
            let next = byteAt(index + 1)
            let digits = word.last.map(isASCIIDigit) == true && isASCIIDigit(next)
            let lowerNext = next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")
            let shortUpper = isASCIILetter(next) && (segment <= 2 || knownDotSuffix(at: index + 1))
            guard digits || lowerNext || shortUpper else { return nil }
            word.append(byte)
            index += 1
            return true
        case UInt8(ascii: "/"), UInt8(ascii: "&"):
            let limit = byte == UInt8(ascii: "/") ? 3 : 2
            guard segment <= limit, word.last.map(isASCIIAlnum) == true else { return nil }
            var end = index + 1
            while end < bytes.count, isASCIIAlnum(bytes[end]) { end += 1 }
            let run = end - index - 1
            guard run >= 1, run <= limit, !isWordAt(end) else { return nil }
            word.append(byte)
            index += 1
            return true
        default:
            return nil
        }
    }

    /// `NET`, `JS`, `IO` after a dot (`ASP.NET`, `Node.JS`), whatever the case.
    private func knownDotSuffix(at start: Int) -> Bool {
        var end = start
        while end < bytes.count, isASCIILetter(bytes[end]) { end += 1 }
        guard !isWordAt(end) else { return false }
        let run = bytes[start..<end].map(lower)
        return run == Array("net".utf8) || run == Array("js".utf8) || run == Array("io".utf8)
    }

    /// Drops `'s`, `'t`, `'ll`, `'re`, `'ve`, `'d`, `'m` after a word (`company's`, `don't`).
    private mutating func skipContraction() {
        var at = index
        if byteAt(at) == UInt8(ascii: "'") {
            at += 1
        } else if byteAt(at) == 0xE2, byteAt(at + 1) == 0x80, byteAt(at + 2) == 0x99 {
            at += 3
        } else {
            return
        }
        var end = at
        while end < bytes.count, isASCIILetter(bytes[end]), end - at < 3 { end += 1 }
        guard end > at, !isWordAt(end) else { return }
        let suffix = bytes[at..<end].map(lower)
        let known: [[UInt8]] = [[115], [116], [108, 108], [114, 101], [118, 101], [100], [109]]
        if known.contains(suffix) { index = end }
    }

    // MARK: Bytes and scalars

    private func byteAt(_ at: Int) -> UInt8 { at < bytes.count ? bytes[at] : 0 }

    private func isWordAt(_ at: Int) -> Bool {
        guard at < bytes.count else { return false }
        let byte = bytes[at]
        if byte < 0x80 { return isASCIIWordByte(byte) }
        return isWordScalar(decode(at: at).0)
    }

    func decode(at: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[at]
        var value: UInt32, length: Int
        switch lead {
        case 0xC0..<0xE0: value = UInt32(lead & 0x1F); length = 2
        case 0xE0..<0xF0: value = UInt32(lead & 0x0F); length = 3
        case 0xF0..<0xF8: value = UInt32(lead & 0x07); length = 4
        default: return ("\u{FFFD}", 1)
        }
        guard at + length <= bytes.count else { return ("\u{FFFD}", 1) }
        for offset in 1..<length {
            let byte = bytes[at + offset]
            guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Appends the lowercase form; true when the scalar was uppercase.
    private mutating func appendLowercased(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x0410...0x042F: append(value + 0x20); return true
        case 0x0430...0x044F: append(value); return false
        case 0x0401, 0x0451: append(0x0435); return value == 0x0401
        case 0x0400...0x040F: append(value + 0x50); return true
        case 0x00C0...0x00DE where value != 0x00D7: append(value + 0x20); return true
        case 0x00DF...0x00FF: append(value); return false
        default:
            let properties = scalar.properties
            guard properties.isUppercase || properties.changesWhenLowercased else {
                append(value)
                return false
            }
            word.append(contentsOf: properties.lowercaseMapping.utf8)
            return true
        }
    }

    private mutating func append(_ value: UInt32) {
        switch value {
        case ..<0x80: word.append(UInt8(value))
        case ..<0x800:
            word.append(UInt8(0xC0 | (value >> 6)))
            word.append(UInt8(0x80 | (value & 0x3F)))
        case ..<0x10000:
            word.append(UInt8(0xE0 | (value >> 12)))
            word.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            word.append(UInt8(0x80 | (value & 0x3F)))
        default:
            word.append(UInt8(0xF0 | (value >> 18)))
            word.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            word.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            word.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    private func asciiSeparator(_ byte: UInt8) -> Separator {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): .line
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): .sentence
        case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "|"), UInt8(ascii: "*"):
            .list
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            .bracket
        case UInt8(ascii: "-"): .hyphen
        default: .space
        }
    }

    private func unicodeSeparator(_ scalar: Unicode.Scalar) -> Separator {
        switch scalar.value {
        case 0x2022, 0x00B7, 0x25AA, 0x25CF, 0x25E6, 0x2023, 0x2043, 0x27A2, 0x2713, 0x2714, 0xF0B7: .list
        case 0x2028, 0x2029, 0x0085: .line
        case 0x2013, 0x2014, 0x2010, 0x2011, 0x2212: .hyphen
        case 0x2026, 0x3002: .sentence
        default: .space
        }
    }
}

// MARK: - Character classes

@inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
@inline(__always) func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
@inline(__always) func isASCIIAlnum(_ byte: UInt8) -> Bool { isASCIILetter(byte) || isASCIIDigit(byte) }
@inline(__always) func isASCIIWordByte(_ byte: UInt8) -> Bool { isASCIIAlnum(byte) || byte == UInt8(ascii: "_") }
@inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte }

/// Letters, marks and digits of any script.
func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value >= 0x0400 && value <= 0x04FF { return true }
    if value >= 0x00C0 && value <= 0x024F { return value != 0x00D7 && value != 0x00F7 }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
        .spacingMark, .enclosingMark, .decimalNumber:
        return true
    default:
        return false
    }
}
