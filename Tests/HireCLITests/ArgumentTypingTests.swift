import HireCLI
import HireCore
import HireRPC
import Testing

private struct TypedParams: Codable, Sendable {
    var ip: String
    var code: String?
    var count: Int?
    var ratio: Double?
    var flag: Bool?
    var tags: [String]?
    var sizes: [Int]?
    var filters: [String: String]?
    var role: Role?
}

private enum Typed: RPCMethod {
    static let descriptor = MethodDescriptor(name: "test.typed", summary: "Typed.", access: .public, readOnly: true)
    typealias Params = TypedParams
    typealias Result = Empty
    static let example = TypedParams(ip: "1.2.3.4")
}

@Suite struct ArgumentTypingTests {
    let parser = ParamParser(methodName: "test.typed", method: MethodInfo(Typed.self))

    private func parse(_ pairs: [String]) throws -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        try parser.parse(pairs: pairs, into: &members)
        return members
    }

    @Test func valuesFollowTheSchemaNotTheirLooks() throws {
        let members = try parse([
            "ip=1.2.3.4", "code=01", "count=01", "ratio=2.5", "flag=yes", "tags=a,b", "tags=c", "sizes=1,2",
            #"filters:={"state":"TX"}"#, "role=recruiter",
        ])
        #expect(members["ip"] == "1.2.3.4")
        #expect(members["code"] == "01")
        #expect(members["count"] == 1)
        #expect(members["ratio"] == 2.5)
        #expect(members["flag"] == true)
        #expect(members["tags"] == ["a", "b", "c"])
        #expect(members["sizes"] == [1, 2])
        #expect(members["filters"] == ["state": "TX"])
        #expect(members["role"] == "recruiter")
    }

    @Test func rawJSONOverridesTheSchema() throws {
        #expect(try parse(["code:=1"])["code"] == 1)
        #expect(try parse(["tags:=[\"x\"]"])["tags"] == ["x"])
    }

    @Test(arguments: [
        ("count=abc", "must be an integer"), ("flag=maybe", "must be true or false"), ("nope=1", "has no param 'nope'"),
        ("role=boss", "must be one of recruiter, candidate"), ("justtext", "expected key=value"), ("sizes=1,x", "must be an integer"),
        ("filters=notjson", "must be JSON"),
    ])
    func badValuesAreUsageErrors(pair: String, message: String) {
        #expect {
            _ = try parse([pair])
        } throws: { error in
            (error as? UsageError)?.description.contains(message) == true
        }
    }

    @Test func unknownMethodsKeepValuesAsStrings() throws {
        var members: [String: JSONValue] = [:]
        try ParamParser(methodName: "future.method", method: nil).parse(pairs: ["n=5", "x:=5"], into: &members)
        #expect(members == ["n": "5", "x": 5])
    }

    @Test func flagNamesAreKebabCase() {
        #expect(ParamParser.flagName("jobId") == "job-id")
        #expect(ParamParser.flagName("pipelineNumber") == "pipeline-number")
        #expect(ParamParser.flagName("state") == "state")
    }

    @Test func globalFlagsAreFoundAnywhere() throws {
        var global = GlobalOptions()
        let invocation = try Invocation.parse(
            ["daemon", "status", "--json", "--timeout=2.5", "--socket", "/tmp/x"], global: &global, stdin: { nil })
        #expect(invocation == .call(method: "daemon.status", params: .object([:])))
        #expect(global.json)
        #expect(global.timeoutSeconds == 2.5)
        #expect(global.socket == "/tmp/x")
    }

    @Test func callReadsParamsFromStandardInput() throws {
        var global = GlobalOptions()
        let invocation = try Invocation.parse(
            ["call", "test.echo", "--params", "-", "extra=1"], global: &global, stdin: { #"{"value":"from stdin"}"# })
        #expect(invocation == .call(method: "test.echo", params: ["value": "from stdin", "extra": "1"]))
    }

    @Test(arguments: [["daemon"], ["daemon", "frob"], ["nothing", "here"], ["daemon", "status", "extra"], ["call"], []])
    func malformedCommandLinesAreUsageErrors(words: [String]) {
        var global = GlobalOptions()
        #expect(throws: UsageError.self) { try Invocation.parse(words, global: &global, stdin: { nil }) }
    }
}

@Suite struct BoardCommandLineTests {
    private func parse(_ words: [String]) throws -> Invocation {
        var global = GlobalOptions()
        return try Invocation.parse(words, global: &global, stdin: { nil }, workingDirectory: "/home/dana")
    }

    @Test func filterTakesOneFlagPerColumn() throws {
        #expect(try parse(["mtb", "filter", "--state", "TX", "--cat", "A", "--cat", "B", "--hr-hm", "Ann", "--no-save"])
            == .call(method: "mtb.filter", params: ["filters": ["state": "TX", "cat": ["A", "B"], "hrHm": "Ann"], "save": false]))
        #expect(throws: UsageError.self) { try parse(["mtb", "filter", "--sate", "TX"]) }
        #expect(throws: UsageError.self) { try parse(["mtb", "filter"]) }
    }

    @Test func importTakesAFileAndAliases() throws {
        #expect(try parse(["mtb", "import", "board.csv", "--replace", "--skip-bad-rows"])
            == .call(method: "mtb.import", params: ["path": "/home/dana/board.csv", "mode": "replace", "onError": "skip"]))
        #expect(try parse(["jobs", "import", "/data/jobs.csv"]) == .call(method: "jobs.import", params: ["path": "/data/jobs.csv"]))
    }

    @Test func verbAliasesAndSingleMethodNouns() throws {
        #expect(try parse(["history", "show", "R1"]) == .call(method: "history.get", params: ["runId": "R1"]))
        #expect(try parse(["stats"]) == .call(method: "stats.get", params: [:]))
        #expect(try parse(["mtb", "values", "state", "--limit", "5"]) == .call(method: "mtb.values", params: ["column": "state", "limit": 5]))
        #expect(try parse(["jobs", "delete", "J-1,J-2"]) == .call(method: "jobs.delete", params: ["jobIds": ["J-1", "J-2"]]))
    }

    @Test func matchingCommands() throws {
        #expect(try parse(["resumes", "add", "a.pdf", "cv, final.docx", "/tmp/b.txt"])
            == .call(method: "resumes.add", params: ["paths": ["/home/dana/a.pdf", "/home/dana/cv, final.docx", "/tmp/b.txt"]]))
        #expect(try parse(["jobs", "describe", "J-1", "jd.md"])
            == .call(method: "jobs.attachDescription", params: ["jobId": "J-1", "path": "/home/dana/jd.md"]))
        #expect(try parse(["jobs", "process"]) == .call(method: "jobs.process", params: [:]))
        #expect(try parse(["jobs", "process", "J-1", "J-2"]) == .call(method: "jobs.process", params: ["jobIds": ["J-1", "J-2"]]))
        #expect(try parse(["match", "--resume", "R-1", "--top", "3"])
            == .call(method: "match.run", params: ["resumeIds": ["R-1"], "topK": 3]))
        #expect(try parse(["match", "--job", "J-1"]) == .call(method: "match.run", params: ["jobIds": ["J-1"], "per": "job"]))
        #expect(try parse(["match", "--state", "TX"]) == .call(method: "match.run", params: ["filters": ["state": "TX"]]))
        #expect(try parse(["match", "export", "RUN1"]) == .call(method: "match.export", params: ["runId": "RUN1"]))
        #expect(try parse(["match", "show", "RUN1"]) == .call(method: "match.get", params: ["runId": "RUN1"]))
        #expect(throws: UsageError.self) { try parse(["match", "--top"]) }
    }

    @Test func feedbackAndModelCommands() throws {
        #expect(try parse(["match", "feedback", "RUN1", "R-1", "J-1", "good"])
            == .call(method: "match.feedback", params: ["runId": "RUN1", "resumeId": "R-1", "jobId": "J-1", "label": "good"]))
        #expect(try parse(["match", "feedback", "RUN1", "R-1", "J-1", "3"])
            == .call(method: "match.feedback", params: ["runId": "RUN1", "resumeId": "R-1", "jobId": "J-1", "label": "3"]))
        #expect(throws: UsageError.self) { try parse(["match", "feedback", "RUN1", "R-1", "J-1", "great"]) }
        #expect(try parse(["match", "model"]) == .call(method: "match.model", params: [:]))
        #expect(try parse(["match", "model", "--reset"]) == .call(method: "match.model", params: ["reset": true]))
        #expect(try parse(["match", "model", "--forget-labels"]) == .call(method: "match.model", params: ["forgetLabels": true]))
    }
}

@Suite struct SortArgumentTests {
    private func words(_ words: [String]) throws -> JSONValue? {
        var global = GlobalOptions()
        guard case .call(_, let params) = try Invocation.parse(words, global: &global, stdin: { nil }) else { return nil }
        return params["sort"]
    }

    @Test func aSortIsAColumnWithAnOptionalOrder() throws {
        #expect(try words(["jobs", "list", "--sort", "received"]) == .object(["by": "received", "order": "asc"]))
        #expect(try words(["jobs", "list", "--sort", "received:desc"]) == .object(["by": "received", "order": "desc"]))
        #expect(try words(["jobs", "list", "--sort", "-salary"]) == .object(["by": "salary", "order": "desc"]))
        #expect(try words(["jobs", "list", "--sort", #"{"by":"cat"}"#]) == .object(["by": "cat"]))
        #expect(throws: UsageError.self) { try words(["jobs", "list", "--sort", "received:sideways"]) }
    }
}
