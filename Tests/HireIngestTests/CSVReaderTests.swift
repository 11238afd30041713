import Foundation
import HireIngest
import HireTestSupport
import Testing

@Suite struct CSVReaderTests {
    @Test func readsPlainRecordsWithTheirLines() throws {
        let read = try records("a,b,c\n1,2,3\n")
        #expect(read == [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let read = try records("\"a,b\",\"he said \"\"hi\"\"\",\"two\nlines\"\nnext,row,here\n")
        #expect(read.map(\.fields) == [["a,b", "he said \"hi\"", "two\nlines"], ["next", "row", "here"]])
        #expect(read.map(\.line) == [1, 3])
        #expect(read.allSatisfy { $0.problem == nil })
    }

    @Test func aFieldOfOnlyDoubledQuotesIsQuotes() throws {
        #expect(try records("\"\"\"\"\"\",x\n").map(\.fields) == [["\"\"", "x"]])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func anyLineEndingEndsARecord(ending: String) throws {
        let read = try records(["a,b", "c,d", "e,f"].joined(separator: ending) + ending)
        #expect(read.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(read.map(\.line) == [1, 2, 3])
    }

    @Test func lineBreaksInsideQuotesAreKeptAsWrittenAndCounted() throws {
        let read = try records("\"x\r\ny\",z\r\n\"p\rq\",r\r\ns,t")
        #expect(read.map(\.fields) == [["x\r\ny", "z"], ["p\rq", "r"], ["s", "t"]])
        #expect(read.map(\.line) == [1, 3, 5])
    }

    @Test func theLastRecordNeedsNoLineEnding() throws {
        #expect(try records("a,b\nc,d").map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(try records("a,b\n\"c\",\"d\"").map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
        #expect(try records("\u{FEFF}JobID,Company\r\nJ-1,Acme\r\n").map(\.fields) == [["JobID", "Company"], ["J-1", "Acme"]])
        #expect(try records("\u{FEFF}").isEmpty)
        #expect(try records("\u{FEFF}\"quoted\"").map(\.fields) == [["quoted"]])
        // Only at the start: elsewhere it is data.
        #expect(try records("a\n\u{FEFF}b").map(\.fields) == [["a"], ["\u{FEFF}b"]])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try records(",,\n").map(\.fields) == [["", "", ""]])
        #expect(try records("a,\n,b").map(\.fields) == [["a", ""], ["", "b"]])
        #expect(try records("a,b,").map(\.fields) == [["a", "b", ""]])
        #expect(try records("\"\",\"\"\n").map(\.fields) == [["", ""]])
        #expect(try records("\"\"\n").map(\.fields) == [[""]])
    }

    @Test func emptyLinesBetweenRecordsYieldNothing() throws {
        let read = try records("\n\r\na\n\n\r\n\rb\n\n")
        #expect(read.map(\.fields) == [["a"], ["b"]])
        #expect(read.map(\.line) == [3, 7])
        #expect(try records("").isEmpty)
        #expect(try records("\n\n\r\n").isEmpty)
    }

    @Test func spacesAreKeptAsWritten() throws {
        #expect(try records(" a , b \n").map(\.fields) == [[" a ", " b "]])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKeptAndFlagged() throws {
        let read = try records("ab\"c,d\nok,fine\n")
        #expect(read[0] == CSVRecord(line: 1, fields: ["ab\"c", "d"], problem: .strayQuote))
        #expect(read[1].problem == nil)
    }

    @Test func textAfterAClosingQuoteIsAppendedAndFlagged() throws {
        let read = try records("\"ab\"c,d\n\"x\" ,y\n")
        #expect(read[0] == CSVRecord(line: 1, fields: ["abc", "d"], problem: .strayQuote))
        #expect(read[1] == CSVRecord(line: 2, fields: ["x ", "y"], problem: .strayQuote))
    }

    @Test func anUnterminatedQuoteTakesTheRestOfTheInputAndIsReportedAtItsStart() throws {
        let read = try records("a,b\n\"c,d\ne,f\n")
        #expect(read.count == 2)
        #expect(read[0] == CSVRecord(line: 1, fields: ["a", "b"]))
        #expect(read[1] == CSVRecord(line: 2, fields: ["c,d\ne,f\n"], problem: .unterminatedQuote))
        #expect(CSVProblem.unterminatedQuote.message(line: 2).hasPrefix("line 2: unterminated"))
    }

    @Test func invalidUTF8IsReportedAndReplaced() throws {
        let bytes = Array("ok,Jos\u{E9}\n".utf8) + Array("a,".utf8) + [0xFF, 0x41] + Array(",c\n".utf8) + [0xC3] + Array(",x\n".utf8)
        let read = try records(bytes: bytes)
        #expect(read.count == 3)
        #expect(read[0] == CSVRecord(line: 1, fields: ["ok", "José"]))
        #expect(read[1] == CSVRecord(line: 2, fields: ["a", "\u{FFFD}A", "c"], problem: .invalidUTF8))
        #expect(read[2] == CSVRecord(line: 3, fields: ["\u{FFFD}", "x"], problem: .invalidUTF8))
        #expect(CSVProblem.invalidUTF8.message(line: 17) == "line 17: invalid UTF-8")
    }

    @Test func aRecordKeepsItsMostSeriousProblem() throws {
        // a stray quote and invalid UTF-8 in one record: invalid UTF-8 wins
        let read = try records(bytes: Array("a\"b,".utf8) + [0xFE] + Array("\n".utf8))
        #expect(read.first?.problem == .invalidUTF8)
    }

    @Test func aVeryLongFieldIsReadWhole() throws {
        let unit = "abc,\"def\"\r\n"
        let long = String(repeating: unit, count: 100_000)  // 1.1 MB
        let escaped = long.replacingOccurrences(of: "\"", with: "\"\"")
        let input = Array("x,\"\(escaped)\",y\nnext\n".utf8)
        for read in [try records(bytes: input), try fileRecords(input, chunkSize: 4096)] {
            #expect(read.count == 2)
            #expect(read.first?.fields == ["x", long, "y"])
            #expect(read.last?.line == 100_002)
        }
    }

    @Test func aRecordOverTheLimitIsReportedWithoutItsFieldsAndReadingGoesOn() throws {
        let big = "\"" + String(repeating: "x,\n", count: 400) + "\""
        let input = Array("first,1\n\(big),2\nlast,3\n".utf8)
        let read = try fileRecords(input, chunkSize: 16, maxRecordBytes: 100)
        #expect(read.count == 3)
        #expect(read[0] == CSVRecord(line: 1, fields: ["first", "1"]))
        #expect(read[1] == CSVRecord(line: 2, fields: [], problem: .recordTooLarge(limit: 100)))
        #expect(read[2] == CSVRecord(line: 403, fields: ["last", "3"]))
    }

    /// Every feature at once, to read through every possible chunk boundary.
    static let mixedInput: [UInt8] =
        [0xEF, 0xBB, 0xBF] + Array("JobID,Notes,Name\r\n".utf8)
        + Array("J-1,\"multi\nline, \"\"quoted\"\"\",Zoë\r\n".utf8)
        + Array("\r\n\n".utf8)
        + Array("J-2,,\"\"\rJ-3,a\"b,\"c\"d\n".utf8)
        + Array("J-4,".utf8) + [0xE2, 0x82] + Array(",\"crlf\r\ninside\"\r\n".utf8)
        + Array("J-5,\"never closed\n,\n".utf8)

    @Test func chunkBoundariesDoNotChangeWhatIsRead() throws {
        let expected = try records(bytes: Self.mixedInput)
        #expect(
            expected == [
                CSVRecord(line: 1, fields: ["JobID", "Notes", "Name"]),
                CSVRecord(line: 2, fields: ["J-1", "multi\nline, \"quoted\"", "Zoë"]),
                CSVRecord(line: 6, fields: ["J-2", "", ""]),
                CSVRecord(line: 7, fields: ["J-3", "a\"b", "cd"], problem: .strayQuote),
                CSVRecord(line: 8, fields: ["J-4", "\u{FFFD}", "crlf\r\ninside"], problem: .invalidUTF8),
                CSVRecord(line: 10, fields: ["J-5", "never closed\n,\n"], problem: .unterminatedQuote),
            ])
        for chunkSize in [1, 2, 3, 4, 5, 7, 11, 16, 64] {
            #expect(try fileRecords(Self.mixedInput, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
        }
    }

    /// Long fields are scanned eight bytes at a time when the buffer holds them, a byte at a
    /// time when it does not (one byte read at a time): random text reads the same both ways.
    @Test func scanningWordsOrBytesReadsTheSame() throws {
        var random = SplitMix(state: 41)
        let pieces: [[UInt8]] = [
            Array("abcdefgh".utf8), Array(" ".utf8), Array(",".utf8), Array("\"".utf8), Array("\"\"".utf8), Array("\n".utf8),
            Array("\r\n".utf8), Array("\r".utf8), Array("é".utf8), [0xFF], Array("0123456789012345".utf8),
        ]
        for _ in 0..<40 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 400) {
                let piece = pieces[Int(random.next() % UInt64(pieces.count))]
                // Mostly letters, so that runs longer than a word are common.
                bytes += random.next() % 3 == 0 ? piece : pieces[Int(random.next() % 2) * 10]
            }
            let whole = try records(bytes: bytes)
            #expect(try fileRecords(bytes, chunkSize: 1) == whole)
            #expect(try fileRecords(bytes, chunkSize: 13) == whole)
        }
    }

    @Test func bytesConsumedReachesTheInputSize() throws {
        try withTemporaryFile(Self.mixedInput) { path in
            let reader = try CSVReader(path: path, chunkSize: 7)
            var last = 0
            while try reader.next() != nil {
                #expect(reader.bytesConsumed >= last)
                last = reader.bytesConsumed
            }
            #expect(reader.bytesConsumed == Self.mixedInput.count)
        }
    }

    @Test func readsFromAnOpenFileHandle() throws {
        try withTemporaryFile(Array("a,b\nc,d\n".utf8)) { path in
            let handle = try #require(FileHandle(forReadingAtPath: path))
            defer { try? handle.close() }
            #expect(try readAll(CSVReader(fileHandle: handle, chunkSize: 3)).map(\.fields) == [["a", "b"], ["c", "d"]])
        }
    }

    @Test func aMissingFileCannotBeOpened() {
        #expect(throws: CSVReaderError.self) { try CSVReader(path: "/nonexistent/hire-ingest/board.csv") }
    }
}

@Suite struct CSVRecordViewTests {
    /// Every record as `nextRecord` hands it out: line, problem and each field's bytes.
    private func views(_ reader: CSVReader) throws -> [(line: Int, problem: CSVProblem?, fields: [[UInt8]])] {
        var read: [(line: Int, problem: CSVProblem?, fields: [[UInt8]])] = []
        while let record = try reader.nextRecord({ record in
            (record.line, record.problem, (0..<record.count).map { Array(record[$0]) })
        }) {
            read.append(record)
        }
        return read
    }

    @Test(arguments: [1, 3, 7, 4096])
    func viewsHoldTheBytesThatNextBuildsItsStringsFrom(chunkSize: Int) throws {
        let text = "\u{FEFF}id,\"a \"\"quoted\"\", word\",plain\r\n\"two\nlines\",\"\",x\r\n\r\nlast,\"é,ü\",\"ab\"c\nopen,\"never closed"
        let bytes = Array(text.utf8)
        let expected = try records(bytes: bytes)
        let viewed = try withTemporaryFile(bytes) { path in try views(CSVReader(path: path, chunkSize: chunkSize)) }
        #expect(viewed.map(\.line) == expected.map(\.line))
        #expect(viewed.map(\.problem) == expected.map(\.problem))
        #expect(viewed.map(\.fields) == expected.map { $0.fields.map { Array($0.utf8) } })
        #expect(viewed[0].fields[1] == Array("a \"quoted\", word".utf8))
    }

    @Test func aTooLargeRecordIsAViewWithoutFields() throws {
        let bytes = Array("a,b\n\(String(repeating: "x", count: 100)),y\nc,d\n".utf8)
        let viewed = try withTemporaryFile(bytes) { path in try views(CSVReader(path: path, chunkSize: 8, maxRecordBytes: 50)) }
        #expect(viewed.map(\.fields.count) == [2, 0, 2])
        #expect(viewed[1].problem == .recordTooLarge(limit: 50))
    }
}

/// A reader's failure reaches a client as words, never as a dump of Swift values.
@Suite struct CSVReaderErrorTests {
    @Test func readerErrorsSayWhatFailedInWords() {
        let failed = CSVReaderError.readFailed(underlying: POSIXError(.EIO)).message
        #expect(failed == "reading stopped part-way: Input/output error")
        let other = CSVReaderError.readFailed(underlying: CocoaError(.fileReadUnknown)).message
        #expect(!other.contains("CocoaError") && !other.contains("underlying"))
        #expect(CSVReaderError.cannotOpen(path: "/tmp/board.csv").message == "cannot open /tmp/board.csv")
    }
}
