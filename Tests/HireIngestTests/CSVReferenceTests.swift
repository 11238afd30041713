import HireIngest
import HireTestSupport
import Testing

/// Compares the streaming reader with a plain, whole-input reading of the same grammar on
/// many random inputs made of the bytes that matter.
@Suite struct CSVReferenceTests {
    private static let alphabet: [[UInt8]] = [
        [0x61], [0x62], [0x20], [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0xC3, 0xA9], [0xFF],
        [0xE2, 0x82], [0xEF, 0xBB, 0xBF],
    ]

    @Test func theStreamingReaderAgreesWithAPlainReading() throws {
        var random = SplitMix(state: 20_250_618)
        for round in 0..<1_500 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                input += Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
            }
            let expected = Self.reference(input)
            #expect(try records(bytes: input) == expected, "round \(round): \(input)")
            if round % 10 == 0 {
                let chunkSize = Int.random(in: 1...5, using: &random)
                #expect(try fileRecords(input, chunkSize: chunkSize) == expected, "round \(round), chunks of \(chunkSize): \(input)")
            }
        }
    }

    /// RFC 4180 with the reader's leniency, read the simple way: the whole input at once.
    static func reference(_ input: [UInt8]) -> [CSVRecord] {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var i = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var records: [CSVRecord] = []
        func atFieldEnd() -> Bool { i >= input.count || input[i] == comma || input[i] == lf || input[i] == cr }
        func skipLineEnd() {
            line += 1
            i += input[i] == cr && i + 1 < input.count && input[i + 1] == lf ? 2 : 1
        }
        while i < input.count {
            if input[i] == lf || input[i] == cr {  // an empty line
                skipLineEnd()
                continue
            }
            let start = line
            var fields: [[UInt8]] = []
            var stray = false
            var unterminated = false
            while true {
                var field: [UInt8] = []
                if i < input.count, input[i] == quote {
                    i += 1
                    var closed = false
                    while i < input.count, !closed {
                        let byte = input[i]
                        if byte == quote, i + 1 < input.count, input[i + 1] == quote {
                            field.append(quote)
                            i += 2
                        } else if byte == quote {
                            closed = true
                            i += 1
                        } else {
                            if byte == cr || (byte == lf && input[i - 1] != cr) { line += 1 }
                            field.append(byte)
                            i += 1
                        }
                    }
                    if !closed { unterminated = true }
                    if !atFieldEnd() { stray = true }  // text after the closing quote
                }
                while !atFieldEnd() {
                    if input[i] == quote { stray = true }
                    field.append(input[i])
                    i += 1
                }
                fields.append(field)
                guard i < input.count, input[i] == comma else { break }
                i += 1
            }
            if i < input.count { skipLineEnd() }
            var invalid = false
            let strings = fields.map { bytes -> String in
                if let string = String(validating: bytes, as: UTF8.self) { return string }
                invalid = true
                return String(decoding: bytes, as: UTF8.self)
            }
            let problem: CSVProblem? = unterminated ? .unterminatedQuote : invalid ? .invalidUTF8 : stray ? .strayQuote : nil
            records.append(CSVRecord(line: start, fields: strings, problem: problem))
        }
        return records
    }
}
