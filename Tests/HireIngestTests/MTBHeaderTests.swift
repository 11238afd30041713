import Foundation
import HireCore
import HireIngest
import Testing

@Suite struct MTBHeaderTests {
    static let boardHeader = [
        "JobID", "Company", "Position", "City", "State", "Country", "Salary", "Bonus", "Received", "Conditional Fee",
        "Internal", "Client Rating", "CAT", "Visa", "HR/HM", "CM", "Pipeline #", "Pipeline Candidates", "Notes",
        "Industry Segment",
    ]

    @Test func theColumnsAreTheBoardsInBoardOrder() {
        #expect(MTBColumn.allCases.map(\.header) == Self.boardHeader)
        #expect(
            MTBColumn.allCases.map(\.rawValue) == [
                "jobId", "company", "position", "city", "state", "country", "salary", "bonus", "received",
                "conditionalFee", "internal", "clientRating", "cat", "visa", "hrHm", "cm", "pipelineNumber",
                "pipelineCandidates", "notes", "industrySegment",
            ])
    }

    @Test func theBoardsOwnHeaderMapsEveryColumn() throws {
        let header = try MTBHeader.parse(Self.boardHeader)
        #expect(header.columns == MTBColumn.allCases)
        #expect(header.extraNames.isEmpty)
        #expect(header.fieldCount == 20)
        #expect(header.index(of: .state) == 4)
    }

    @Test(arguments: [
        ("Job ID", MTBColumn.jobId), ("jobid", .jobId), (" JOBID ", .jobId), ("jobId", .jobId), ("State ", .state),
        ("hr/hm", .hrHm), ("HR / HM", .hrHm), ("hrHm", .hrHm), ("Pipeline#", .pipelineNumber),
        ("pipelineNumber", .pipelineNumber), ("  industry   segment ", .industrySegment),
        ("CONDITIONAL\tFEE", .conditionalFee), ("Client\u{00A0}Rating", .clientRating),
    ])
    func headersMatchIgnoringCaseAndSpaces(name: String, column: MTBColumn) throws {
        #expect(MTBColumn(header: name) == column)
        let header = try MTBHeader.parse(column == .jobId ? [name] : ["JobID", name])
        #expect(header.columns.last == column)
    }

    @Test(arguments: ["Job", "Jobs ID", "Pipeline", "HR", "Industry-Segment", ""])
    func nearMissesAreNotColumns(name: String) {
        #expect(MTBColumn(header: name) == nil)
    }

    @Test func unknownColumnsAreKeptAsExtrasInFileOrder() throws {
        let header = try MTBHeader.parse(["  Source ", "JobID", "Owner", "State", "Last Touch  "])
        #expect(header.slots == [.extra("Source"), .column(.jobId), .extra("Owner"), .column(.state), .extra("Last Touch")])
        #expect(header.extraNames == ["Source", "Owner", "Last Touch"])
    }

    @Test func blankHeaderCellsAreUnnamed() throws {
        let header = try MTBHeader.parse(["JobID", "", "  "])
        #expect(header.slots == [.column(.jobId), .unnamed, .unnamed])
    }

    @Test func aDuplicateColumnNamesBothPositions() {
        #expect(throws: MTBHeaderError.duplicateColumn(name: "State", first: 2, second: 4)) {
            try MTBHeader.parse(["JobID", "State", "City", "state "])
        }
        #expect(throws: MTBHeaderError.duplicateColumn(name: "HR/HM", first: 2, second: 3)) {
            try MTBHeader.parse(["JobID", "HR/HM", "hrHm"])
        }
        #expect(throws: MTBHeaderError.duplicateColumn(name: "owner", first: 2, second: 3)) {
            try MTBHeader.parse(["JobID", "Owner", "owner"])
        }
        #expect(
            MTBHeaderError.duplicateColumn(name: "State", first: 5, second: 21).message
                == "duplicate column \"State\": columns 5 and 21")
    }

    @Test func aHeaderWithoutJobIDIsRejected() {
        #expect(throws: MTBHeaderError.missingJobID) { try MTBHeader.parse(["Company", "Position", "Job"]) }
        #expect(throws: MTBHeaderError.missingJobID) { try MTBHeader.parse([]) }
    }
}

@Suite struct OversizedHeaderTests {
    /// A file with no line end (a gigabyte of zeros, say) is refused once its first record
    /// passes the limit, without reading the rest.
    @Test func aHeaderPastTheLimitIsRefusedWithoutReadingOn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zeros-\(UInt32.random(in: 0...UInt32.max)).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 256 << 20)  // sparse: no disk used
        try handle.seek(toOffset: 0)
        let csv = CSVReader(fileHandle: handle, maxRecordBytes: 1 << 20)
        #expect(throws: MTBHeaderError.self) { _ = try MTBReader(csv) }
        let read = try handle.offset()
        #expect(read < 4 << 20, "read \(read) bytes of 256 MiB")
    }
}
