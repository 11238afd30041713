import HireCLI
import HireRPC
import Testing

/// `hire stats --chart` is a command of its own; `hire stats` stays `stats.get`, and a local
/// file whose name looks like `NAME:path` stays a path.
@Suite struct StatsChartTests {
    private func parse(_ words: [String]) throws -> Invocation {
        var global = GlobalOptions()
        return try Invocation.parse(words, global: &global, stdin: { nil }, workingDirectory: "/home/dana")
    }

    @Test func chartTakesAnOptionalJob() throws {
        #expect(try parse(["stats", "--chart"]) == .statsChart(jobId: nil))
        #expect(try parse(["stats", "get", "--chart", "--job", "J-1"]) == .statsChart(jobId: "J-1"))
        #expect(try parse(["stats"]) == .call(method: "stats.get", params: [:]))
    }

    @Test func chartRefusesWhatItDoesNotTake() {
        #expect(throws: UsageError.self) { try parse(["stats", "--chart", "--bogus"]) }
        #expect(throws: UsageError.self) { try parse(["stats", "--chart", "--job"]) }
    }

    @Test func anUnknownRemoteNameIsALocalPath() throws {
        // No rclone remote is named "nosuchremote" here: the word is a file name, made absolute.
        #expect(try parse(["mtb", "import", "nosuchremote:board.csv"])
            == .call(method: "mtb.import", params: ["path": "/home/dana/nosuchremote:board.csv"]))
    }
}
