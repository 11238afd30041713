import Foundation
import HireCore
@testable import HireCLI
import HireRPC
import Synchronization
import Testing

@Suite struct PresenterTests {
    @Test func anApplicationsHistorySaysWhoByName() throws {
        let application = try JSONValue(parsing: """
            {"id":"A-1","postingId":"P-1","posting":{"title":"iOS Engineer","company":"Acme"},"candidate":{"id":"u-c","displayName":"cara"},
             "resumeId":"R-1","status":"screening","submittedAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-02T10:00:00Z",
             "history":[{"at":"2026-12-01T10:00:00Z","to":"submitted","by":"u-c"},
                        {"at":"2026-12-02T10:00:00Z","from":"submitted","to":"screening","by":"u-r","note":"strong"}]}
            """)
        let text = Output(json: false, width: 100).render(application, method: "applications.get")
        #expect(text.contains("submitted  by cara"))
        #expect(text.contains("submitted → screening  by recruiter: strong"))
        #expect(!text.contains("u-r"))
    }

    @Test func errorsInTheProtocolsWordsGetAHintInHires() {
        #expect(HireCLI.hint(for: RPCError(.notAuthenticated), method: "jobs.list")?.contains("hire login") == true)
        let duplicate = RPCError(.invalidParams, "cv.txt is a duplicate of R-1: pass allowDuplicates to keep both", data: ["param": "allowDuplicates"])
        #expect(HireCLI.hint(for: duplicate, method: "resumes.add") == "allowDuplicates is --allow-duplicates on the command line")
        let rejected = RPCError(.importRejected, "3 bad rows; use onError \"skip\" to import the rest")
        #expect(HireCLI.hint(for: rejected, method: "mtb.import") == "onError is --on-error on the command line")
        #expect(HireCLI.hint(for: RPCError(.jobNotFound, "no job J-1"), method: "jobs.get") == nil)
        // A param named only in the error's data was not shown: no hint about it.
        let unreadable = RPCError(.invalidParams, "cannot read /x.py: No such file", data: ["param": "artifacts"])
        #expect(HireCLI.hint(for: unreadable, method: "interviews.answer") == nil)
    }

    @Test func dropDownValuesSayWhenMoreExist() throws {
        let some = try JSONValue(parsing: #"{"values":[{"value":"TX","count":40},{"value":"CA","count":12}],"distinct":51}"#)
        let text = Output(json: false, width: 100).render(some, method: "mtb.values")
        #expect(text.contains("TX") && text.contains("40"))
        #expect(text.contains("2 of 51 values"))
        let all = try JSONValue(parsing: #"{"values":[{"value":"TX","count":40}],"distinct":1}"#)
        #expect(!Output(json: false, width: 100).render(all, method: "mtb.values").contains(" of "))
    }

    @Test func anInterviewReadsAsTextWithRubricsOnlyWhenSent() throws {
        let interview = try JSONValue(parsing: """
            {"id":"I-1","status":"submitted","posting":{"title":"iOS Engineer","company":"Acme"},"candidate":{"displayName":"cara"},
             "applicationId":"A-1","assessment":{"summary":"4.0 of 5 over 1 questions."},
             "questions":[{"id":"q1","kind":"skill","topic":"Swift","text":"Tell me about Swift.","rubric":[{"point":"Names a project"}],
              "answer":"I built an app.","score":4,"covered":["Names a project"],"artifacts":[{"id":"F-1","filename":"a.swift","bytes":12}]}]}
            """)
        let text = Output(json: false, width: 100).render(interview, method: "interviews.get")
        for part in ["interview    I-1", "iOS Engineer — Acme", "[q1] skill · Swift", "rubric: Names a project", "answer: I built an app.",
                     "F-1 a.swift (12 bytes)", "score: 4/5", "assessment   4.0 of 5"] {
            #expect(text.contains(part), "\(part)")
        }
        guard case .object(var members) = interview, case .array(var questions)? = members["questions"], case .object(var first) = questions[0]
        else { throw CancellationError() }
        first["rubric"] = nil
        questions[0] = .object(first)
        members["questions"] = .array(questions)
        #expect(!Output(json: false, width: 100).render(.object(members), method: "interviews.get").contains("rubric"))
    }

    @Test func aMatchShowsWhoAndWhichJobWithScoreAndTopSkills() throws {
        let run = try JSONValue(parsing: """
            {"runId":"run-1","matches":[{"resumeId":"R-1","jobId":"J-9","rank":1,"score":87.5,
             "candidate":"Ana López","company":"Quantum Labs","position":"Senior Backend Engineer",
             "explanation":{"matchedSkills":["Swift","SwiftUI","Git","Core Data","REST APIs","Kotlin"],"missingSkills":["GraphQL"],
             "textSimilarity":1,"skillCoverage":0.8,
             "checks":[{"name":"years","passed":true,"detail":"ok"},{"name":"visa","passed":false,"detail":"no"},{"name":"salary","passed":null,"detail":"?"}]}}]}
            """)
        let text = Output(json: false, width: 200).render(run, method: "match.run")
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("RANK") })
        #expect(header.hasPrefix("RANK  SCORE  CANDIDATE"))
        let order = ["CANDIDATE", "JOB", "MATCHED", "MISSING", "FAILED CHECKS", "JOBID", "RESUMEID"].map { header.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        let row = try #require(lines.last)
        #expect(row.contains("Ana López"))
        #expect(row.contains("Senior Backend Engineer — Quantum Labs"))
        #expect(row.contains("87.5"))
        #expect(row.contains("Swift, SwiftUI, Git +3"))
        #expect(row.contains("GraphQL"))
        #expect(row.contains("visa"))
        #expect(!text.contains("explanation"))
        // Narrow terminals get the leading columns, each line within the width.
        let narrow = Output(json: false, width: 60).render(run, method: "match.run")
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(narrow.contains("Ana López"))
        // JSON output is never shaped.
        #expect(Output(json: true).render(run, method: "match.run") == run.jsonString)
    }

    @Test func aLearnedRankingSaysSoAndShowsItsWeights() throws {
        let run = try JSONValue(parsing: """
            {"runId":"run-1","matches":[{"resumeId":"R-1","jobId":"J-9","rank":1,"score":71.2,
             "explanation":{"matchedSkills":[],"missingSkills":[],"textSimilarity":0.4,"skillCoverage":0,"checks":[],"ranking":"learned",
             "defaultScore":40.1,"defaultRank":7}}]}
            """)
        #expect(Output(json: false, width: 200).render(run, method: "match.run").contains("ranking  learned from your feedback"))
        let model = try JSONValue(parsing: """
            {"ranking":"learned","status":"learned","summary":"Learned ranking: weights fitted on 96 labels beat the default.",
             "labels":96,"queries":8,"minimumLabels":20,"minimumQueries":3,
             "weights":[{"feature":"check.location.passed","weight":3.14159,"meaning":"the location check passed"},
                        {"feature":"score","weight":-0.5,"meaning":"the engine's own score"}]}
            """)
        let text = Output(json: false, width: 200).render(model, method: "match.model")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Learned ranking: weights fitted on 96 labels beat the default.")
        #expect(lines.contains { $0.contains("check.location.passed") && $0.contains("3.142") && $0.contains("the location check passed") })
        #expect(lines.contains { $0.contains("score") && $0.contains("-0.5") })
        let none = try JSONValue(parsing: #"{"ranking":"default","summary":"Default ranking: no feedback yet.","labels":0,"queries":0}"#)
        #expect(Output(json: false, width: 200).render(none, method: "match.model") == "Default ranking: no feedback yet.")
    }

    @Test func boardRowsComeInBoardOrderOneLineEachWithinTheWidth() throws {
        let job = #"{"jobId":"J-000101","company":"Quantum Labs","position":"Data Engineer","city":"Los Angeles","state":"CA","#
            + #""country":"USA","salary":"$120k","notes":"Urgent;\nskills: Oracle / Azure and a great deal more text than fits","#
            + #""createdAt":"2026-12-04T16:51:39Z","currency":"USD","pipelineCandidates":"Robert Peña; Ivan Ibáñez; Chen, Ant"}"#
        let list = try JSONValue(parsing: #"{"jobs":[\#(job),\#(job)],"total":2000,"nextCursor":"abc"}"#)
        let text = Output(json: false, width: 100).render(list, method: "jobs.list")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("JOBID     COMPANY       POSITION"))
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines[1].hasPrefix("J-000101  Quantum Labs  Data Engineer"))
        #expect(lines.count == 5, "header, two rows, the columns left out, the page: \(lines)")
        #expect(lines[3].hasPrefix("(11 more: Conditional Fee, Internal"))
        #expect(lines[4] == "2 of 2000 jobs; next page: --cursor abc")
        #expect(!text.contains("createdAt") && !text.contains("CREATEDAT"))
        // Wide enough for everything: each row still on one line.
        let wide = Output(json: false, width: 1000).render(list, method: "jobs.list").split(separator: "\n")
        #expect(wide.count == 4)
        #expect(wide[0].hasSuffix("INDUSTRY SEGMENT"))
        // mtb filter --include-rows shows the same table.
        let filtered = try JSONValue(parsing: #"{"runId":"r1","total":1,"jobIds":["J-000101"],"rows":[\#(job)]}"#)
        #expect(Output(json: false, width: 100).render(filtered, method: "mtb.filter").contains("\nJOBID     COMPANY"))
    }

    @Test func aMatchRunInHistoryIsASummaryNotALineOfJSON() throws {
        let explanation = #"{"matchedSkills":["Go","Java","PostgreSQL","Kubernetes","Terraform","Helm"],"missingSkills":["Rust"],"#
            + #""textSimilarity":1,"skillCoverage":0.6,"checks":[{"name":"title","passed":false,"detail":"a long detail text"}]}"#
        let matches = (1...30).map { #"{"resumeId":"R-1","jobId":"J-\#($0)","rank":\#($0),"score":\#(90 - $0),"explanation":\#(explanation)}"# }
        let run = try JSONValue(parsing: #"{"id":"run-9","kind":"match.run","status":"completed","createdAt":"2026-12-04T16:52:01Z","#
            + #""durationMs":31,"parameters":{"filters":null,"per":"resume","resumeIds":["R-1"],"topK":30},"#
            + #""summary":{"jobs":30,"matches":30,"resumes":1},"results":{"matches":[\#(matches.joined(separator: ","))]}}"#)
        let text = Output(json: false, width: 120).render(run, method: "history.get")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 120 }, "\(lines.map(\.count).max() ?? 0)")
        #expect(lines.contains { $0.hasPrefix("kind") && $0.hasSuffix("match.run") })
        #expect(lines.contains { $0.hasPrefix("parameters") && $0.contains("topK=30") && !$0.contains("filters") })
        #expect(lines.contains("matches:"))
        #expect(lines.filter { $0.hasPrefix("RANK") }.count == 1)
        #expect(lines.count == 9 + 30, "\(lines)")
        #expect(!text.contains("{\"") && !text.contains("explanation"))
    }

    @Test func theHistoryIsATableOfRunsWithTheirIdsFirst() throws {
        let list = try JSONValue(parsing: #"{"runs":[{"id":"0b8f2c1e-5d7a-4c3e-9f10-2a6b7c8d9e0f","kind":"mtb.import","status":"completed","#
            + #""createdAt":"2026-12-04T16:52:01Z","finishedAt":"2026-12-04T16:52:05Z","durationMs":4210,"#
            + #""summary":{"inserted":2000,"removed":0,"rows":2000,"skipped":null}}],"nextCursor":"abc"}"#)
        let text = Output(json: false, width: 100).render(list, method: "history.list")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID ") == true, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines[1].hasPrefix("0b8f2c1e-5d7a-4c3e-9f10-2a6b7c8d9e0f  mtb.import  completed  2026-12-04 16:52  4210 ms  inserted="))
        let wide = Output(json: false, width: 160).render(list, method: "history.list")
        #expect(wide.contains("4210 ms  inserted=2000 removed=0 rows=2000\n"), "\(wide)")
        #expect(!text.contains("skipped"))
        #expect(lines.last == "next page: --cursor abc")
    }

    @Test func aResumeListLeavesTheProfileOut() throws {
        let list = try JSONValue(parsing: """
            {"resumes":[{"id":"R-1","name":"Ana","filename":"a.pdf","skills":["Go","Java"],"titles":["Engineer"],
             "yearsExperience":8,"education":"bachelor","profile":{"skills":["Go"]},"createdAt":"2026-11-21T00:00:00Z"}]}
            """)
        let text = Output(json: false, width: 120).render(list, method: "resumes.list")
        #expect(text.hasPrefix("ID   NAME  FILENAME  YEARS"))
        #expect(text.contains("Go, Java"))
        #expect(!text.contains("profile"))
        #expect(!text.contains("createdAt"))
    }
}

/// An import reads as what it did, not as a line of JSON.
@Suite struct ImportPresenterTests {
    @Test func anImportSaysWhatItDidAndListsItsBadRows() throws {
        let result = try JSONValue(parsing: #"{"rows":50,"inserted":47,"updated":0,"unchanged":0,"removed":0,"skipped":3,"staleDescriptions":0,"runId":"run-1","#
            + #""errors":[{"line":4,"message":"expected 20 fields, got 19"},{"line":11,"message":"expected 20 fields, got 21"},{"line":19,"message":"expected 20 fields, got 19"}]}"#)
        let text = Output(json: false, width: 100).render(result, method: "mtb.import")
        #expect(text.hasPrefix("imported 50 rows: 47 new, 0 updated, 0 unchanged, 0 removed (run run-1)\n3 bad rows skipped:\n  line 4: expected 20 fields, got 19\n"), "\(text)")
        #expect(!text.contains("{"))
        let dry = try JSONValue(parsing: #"{"rows":2,"inserted":0,"updated":1,"unchanged":0,"removed":5,"skipped":0,"staleDescriptions":1,"errors":[],"dryRun":true}"#)
        let dryText = Output(json: false, width: 100).render(dry, method: "jobs.import")
        #expect(dryText.hasPrefix("dry run, nothing was written: 2 rows would give 0 new, 1 updated, 0 unchanged, 5 removed\n1 jobs changed"), "\(dryText)")
    }
}

@Suite struct HiringPresenterTests {
    @Test func applicationsShowThePipelineThenOneLineEach() throws {
        let list = try JSONValue(parsing: """
            {"applications":[{"id":"A-1","postingId":"P-1","posting":{"title":"iOS Engineer","company":"Acme"},
             "candidate":{"id":"u1","displayName":"Alice Moreno"},"resumeId":"R-1","status":"screening",
             "submittedAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-02T10:00:00Z","score":0.81,
             "explanation":{"matchedSkills":["Swift","iOS"],"missingSkills":["Kotlin"],"textSimilarity":1,"skillCoverage":0.8,"checks":[]},
             "history":[]}],"pipeline":{"screening":1,"submitted":2}}
            """)
        let text = Output(json: false, width: 200).render(list, method: "applications.list")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "pipeline: submitted 2 · screening 1")
        let row = try #require(lines.last)
        #expect(row.contains("Alice Moreno") && row.contains("iOS Engineer — Acme") && row.contains("0.81") && row.contains("Kotlin"))
        #expect(!text.contains("history"))
    }

    @Test func postingsShowOneLineEach() throws {
        let list = try JSONValue(parsing: """
            {"postings":[{"id":"P-1","recruiter":{"id":"u1","displayName":"Rita"},"title":"iOS Engineer","company":"Acme",
             "location":"Austin, TX","remote":"remote","salary":"$120k","description":"long text","profile":{},
             "status":"open","postedAt":"2026-12-01T10:00:00Z","applicationCount":3}]}
            """)
        let text = Output(json: false, width: 200).render(list, method: "postings.list")
        let row = try #require(text.split(separator: "\n").last)
        #expect(row.contains("iOS Engineer") && row.contains("Austin, TX") && row.contains("$120k") && row.contains("Rita"))
        #expect(!text.contains("long text"))
    }
}

/// A sorted list shows the column it is sorted by, however narrow the terminal.
@Suite struct SortedListPresenterTests {
    @Test func theSortColumnComesSecond() throws {
        let jobs = try JSONValue(parsing: #"{"jobs":[{"jobId":"J-1","company":"Acme","notes":"a note","salary":"$90K"},{"jobId":"J-2","company":"Bolt","notes":"b note","salary":"$80K"}],"total":2}"#)
        let byNotes = Output(json: false, width: 60).render(jobs, method: "jobs.list", params: ["sort": ["by": "notes"]])
        #expect(byNotes.hasPrefix("JOBID  NOTES   COMPANY"), "\(byNotes)")
        #expect(byNotes.contains("J-2    b note  Bolt"), "\(byNotes)")
        let bySalary = Output(json: false, width: 60).render(jobs, method: "jobs.list", params: ["sort": ["by": "salaryMin"]])
        #expect(bySalary.hasPrefix("JOBID  SALARY  COMPANY"), "\(bySalary)")
        // Unsorted, the board's order.
        let plain = Output(json: false, width: 60).render(jobs, method: "jobs.list")
        #expect(plain.hasPrefix("JOBID  COMPANY  POSITION"), "\(plain)")
        #expect(!plain.contains("a note"))
    }
}

/// The progress line says each count once.
@Suite struct ProgressBarTests {
    @Test func aReportThatCountsInItsMessageIsNotCountedTwice() {
        let drawn = Mutex<[String]>([])
        let io = TerminalIO(
            out: { _ in }, err: { text in drawn.withLock { $0.append(text) } }, stdoutIsTerminal: true, stderrIsTerminal: true,
            readStdin: { nil })
        let bar = ProgressBar(io: io)
        bar.draw(["done": 6144, "stage": "import", "message": "6144 rows (12% of the file)"])
        bar.draw(["done": 3, "stage": "resumes"])
        bar.draw(["done": 5, "total": 10, "stage": "match", "message": "ranking"])
        let lines = drawn.withLock { $0 }.map { $0.replacingOccurrences(of: "\r\u{1B}[2K", with: "") }
        #expect(lines == ["import 6144 rows (12% of the file)", "3 resumes", "[###############               ] 50% 5/10 match ranking"])
    }
}
