import HireCore
import HireIngest
import Testing

@Suite struct MTBRowParserTests {
    /// Every row or error of a board file held in memory.
    private func read(_ text: String, checkDuplicates: Bool = true) throws -> [Result<MTBRow, MTBRowError>] {
        let reader = try MTBReader(CSVReader(string: text), checkDuplicateJobIDs: checkDuplicates)
        var results: [Result<MTBRow, MTBRowError>] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    /// With the input's size given, the duplicate check sizes its table after the first rows
    /// and still reports repeats on both sides of that point, and only those.
    @Test func aSizedDuplicateCheckStillFindsEveryRepeat() throws {
        var text = "JobID,Company\n"
        for i in 0..<3000 { text += "J-\(i),Acme\n" }
        text += "J-7,Again\nJ-2999,Again\n"
        for i in 3000..<3100 { text += "J-\(i),Acme\n" }
        text += "J-3050,Again\n"
        let reader = try MTBReader(CSVReader(string: text), expectedBytes: text.utf8.count)
        var results: [Result<MTBRow, MTBRowError>] = []
        while let result = try reader.next() { results.append(result) }
        #expect(rows(results).count == 3100)
        #expect(errors(results).map(\.message) == [
            "JobID \"J-7\" already appears on line 9", "JobID \"J-2999\" already appears on line 3001",
            "JobID \"J-3050\" already appears on line 3054",
        ])
    }

    private func rows(_ results: [Result<MTBRow, MTBRowError>]) -> [MTBRow] {
        results.compactMap { try? $0.get() }
    }

    private func errors(_ results: [Result<MTBRow, MTBRowError>]) -> [MTBRowError] {
        results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
    }

    @Test func valuesAreTrimmedAndExtrasKept() throws {
        let results = try read("Source,JobID,State ,Notes\n web , J-1 ,  TX,\n")
        let row = try #require(rows(results).first)
        #expect(row.line == 2)
        #expect(row.jobId == "J-1")
        #expect(row.values == [.jobId: "J-1", .state: "TX", .notes: ""])
        #expect(row.extras == [MTBExtra(name: "Source", value: "web")])
        #expect(row[.company] == "")
        #expect(row.warning == nil)
    }

    @Test func aWrongNumberOfFieldsIsAnErrorOnItsLine() throws {
        let results = try read("JobID,Company,State\nJ-1,Acme,TX\nJ-2,Acme\nJ-3,Acme,TX,extra\nJ-4,Beta,CA\n")
        #expect(rows(results).map(\.jobId) == ["J-1", "J-4"])
        #expect(
            errors(results) == [
                MTBRowError(line: 3, kind: .wrongFieldCount(expected: 3, got: 2)),
                MTBRowError(line: 4, kind: .wrongFieldCount(expected: 3, got: 4)),
            ])
        #expect(errors(results).first?.description == "line 3: expected 3 fields, got 2")
        #expect(errors(results).first?.message == "expected 3 fields, got 2")
    }

    @Test func aRecordSpanningLinesReportsItsStartLine() throws {
        let results = try read("JobID,Notes\nJ-1,\"one\ntwo\nthree\"\n\"J-2\nsplit\",\"a\nb\",extra\nJ-3,ok\n")
        #expect(rows(results).map(\.line) == [2, 8])
        #expect(rows(results).first?[.notes] == "one\ntwo\nthree")
        #expect(errors(results) == [MTBRowError(line: 5, kind: .wrongFieldCount(expected: 2, got: 3))])
    }

    @Test(arguments: [",Acme,TX", "  ,Acme,TX", "\"\",Acme,TX", "\" \t\",Acme,TX"])
    func anEmptyJobIDIsAnError(line: String) throws {
        #expect(errors(try read("JobID,Company,State\n\(line)\n")) == [MTBRowError(line: 2, kind: .missingJobID)])
    }

    @Test func invalidUTF8AndUnterminatedQuotesAreRowErrors() throws {
        let bytes = Array("JobID,Name\nJ-1,ok\nJ-2,".utf8) + [0xFF] + Array("\nJ-3,\"open\nJ-4,x\n".utf8)
        let reader = try MTBReader(CSVReader(bytes: bytes))
        var results: [Result<MTBRow, MTBRowError>] = []
        while let result = try reader.next() { results.append(result) }
        #expect(rows(results).map(\.jobId) == ["J-1"])
        #expect(
            errors(results) == [MTBRowError(line: 3, kind: .invalidUTF8), MTBRowError(line: 4, kind: .unterminatedQuote)])
        #expect(errors(results).first?.description == "line 3: invalid UTF-8")
    }

    @Test func aStrayQuoteKeepsTheRowWithAWarning() throws {
        let row = try #require(rows(try read("JobID,Name\nJ-1,5\" screen\n")).first)
        #expect(row[.jobId] == "J-1")
        #expect(row.extras == [MTBExtra(name: "Name", value: "5\" screen")])
        #expect(row.warning == .strayQuote)
    }

    @Test func blankRecordsCarryNothingAndAreSkipped() throws {
        let results = try read("JobID,Company,State\n,,\n   \n , ,\nJ-1,Acme,TX\n")
        #expect(results.count == 1)
        #expect(rows(results).first?.line == 5)
    }

    @Test func valuesUnderBlankHeadersAreDroppedOnlyWhenEmpty() throws {
        let results = try read("JobID,,Company,\nJ-1,,Acme,\nJ-2,kept,Beta,\n")
        #expect(rows(results).map(\.extras) == [[], [MTBExtra(name: "Column 2", value: "kept")]])
    }

    @Test func aRepeatedJobIDIsAnErrorNamingTheFirstLine() throws {
        let text = "JobID,State\nJ-1,TX\nJ-2,CA\n J-1 ,NY\n"
        let results = try read(text)
        #expect(rows(results).map(\.line) == [2, 3])
        #expect(errors(results) == [MTBRowError(line: 4, kind: .duplicateJobID("J-1", firstLine: 2))])
        #expect(errors(results).first?.message == "JobID \"J-1\" already appears on line 2")
        #expect(rows(try read(text, checkDuplicates: false)).count == 3)
    }

    @Test func theDuplicateTrackerLetsTheFirstOccurrenceThrough() {
        var tracker = DuplicateTracker()
        #expect(tracker.check(MTBRow(line: 2, values: [.jobId: "A"])) == nil)
        #expect(tracker.check(MTBRow(line: 3, values: [.jobId: "B"])) == nil)
        #expect(tracker.check(MTBRow(line: 9, values: [.jobId: "A"])) == MTBRowError(line: 9, kind: .duplicateJobID("A", firstLine: 2)))
    }

    /// Through the table's growth (reserved or not): every id is new once, a repeat after,
    /// with the line it first came on; ids that are prefixes of others are other ids.
    @Test func theDuplicateTrackerKnowsEveryIdThroughItsGrowth() {
        for reserved in [0, 5_000] {
            var tracker = DuplicateTracker()
            tracker.reserveCapacity(reserved)
            let ids = (0..<20_000).map { "J-\($0)" } + ["J", "", "é-1", "J-1 "]
            for (line, id) in ids.enumerated() { #expect(tracker.check(jobId: id, line: line + 2) == nil, "\(id)") }
            for (line, id) in ids.enumerated().reversed() where line % 997 == 0 || id.count < 3 {
                #expect(tracker.check(jobId: id, line: 99_999) == MTBRowError(line: 99_999, kind: .duplicateJobID(id, firstLine: line + 2)))
            }
        }
    }

    @Test func aMissingOrBadHeaderIsAnError() throws {
        #expect(throws: MTBHeaderError.noHeader) { try MTBReader(CSVReader(string: "\n\r\n")) }
        #expect(throws: MTBHeaderError.missingJobID) { try MTBReader(CSVReader(string: "Company,State\nAcme,TX\n")) }
        #expect(throws: MTBHeaderError.unreadable(line: 1, .invalidUTF8)) {
            try MTBReader(CSVReader(bytes: Array("JobID,".utf8) + [0xFF] + Array("\n".utf8)))
        }
        let reader = try MTBReader(CSVReader(string: "\n\nJobID\nJ-1\n"))
        #expect(reader.headerLine == 3)
        #expect(try reader.next().map { try $0.get().line } == 4)
    }
}

@Suite struct MTBRowViewTests {
    /// The values `readRow` hands out, as strings, per good row; bad rows as their errors.
    private func readViews(_ text: String) throws -> [Result<[MTBColumn: String], MTBRowError>] {
        let reader = try MTBReader(CSVReader(string: text))
        var results: [Result<[MTBColumn: String], MTBRowError>] = []
        while true {
            var values: [MTBColumn: String] = [:]
            switch try reader.readRow({ row in
                for column in MTBColumn.allCases {
                    if let value = row.value(column) { values[column] = String(decoding: value, as: UTF8.self) }
                }
            }) {
            case .row: results.append(.success(values))
            case .failure(let error): results.append(.failure(error))
            case .known: Issue.record("a reader without knownRows knows no record")
            case .end: return results
            }
        }
    }

    @Test func unicodeSpacesAreTrimmedFromTheBytesAndOtherLettersKept() throws {
        let read = try readViews("JobID,Company,City\n J-1\t,\u{00A0} Acme\u{2003},é \n")
        #expect(try read[0].get() == [.jobId: "J-1", .company: "Acme", .city: "é"])
    }

    @Test func badRowsAreNotHandedOutAndGoodOnesAfterThemAre() throws {
        let read = try readViews("JobID,Company\nJ-1,Acme\n,NoId\nJ-2\nJ-1,Again\n  ,  \nJ-3,Last\n")
        #expect(read.count == 5)
        #expect(try read[0].get()[.company] == "Acme")
        #expect(read.compactMap { if case .failure(let error) = $0 { error.line } else { nil } } == [3, 4, 5])
        #expect(try read[4].get() == [.jobId: "J-3", .company: "Last"])
    }
}
