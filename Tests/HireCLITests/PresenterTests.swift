@testable import HireCLI
import HireRPC
import Testing

@Suite struct PresenterTests {
    @Test func aMatchShowsRankScoreAndTopSkillsOnATerminal() throws {
        let run = try JSONValue(parsing: """
            {"runId":"run-1","matches":[{"resumeId":"R-1","jobId":"J-9","rank":1,"score":87.5,
             "explanation":{"matchedSkills":["Swift","SwiftUI","Git","Core Data","REST APIs","Kotlin"],"missingSkills":["GraphQL"],
             "textSimilarity":1,"skillCoverage":0.8,
             "checks":[{"name":"years","passed":true,"detail":"ok"},{"name":"visa","passed":false,"detail":"no"},{"name":"salary","passed":null,"detail":"?"}]}}]}
            """)
        let text = Output.text(Presenters.present(run, method: "match.run"))
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("RANK") || $0.contains("RANK") })
        for column in ["RANK", "SCORE", "RESUMEID", "JOBID", "MATCHED", "MISSING", "FAILEDCHECKS"] { #expect(header.contains(column)) }
        let row = try #require(lines.last)
        #expect(row.contains("87.5"))
        #expect(row.contains("Swift, SwiftUI, Git, Core Data, REST APIs +1"))
        #expect(row.contains("GraphQL"))
        #expect(row.contains("visa"))
        #expect(!text.contains("explanation"))
        // JSON output is never shaped.
        #expect(Output(json: true).render(run, method: "match.run") == run.jsonString)
    }

    @Test func aResumeListLeavesTheProfileOut() throws {
        let list = try JSONValue(parsing: """
            {"resumes":[{"id":"R-1","name":"Ana","filename":"a.pdf","skills":["Go","Java"],"titles":["Engineer"],
             "yearsExperience":8,"education":"bachelor","profile":{"skills":["Go"]},"createdAt":"2026-11-21T00:00:00Z"}]}
            """)
        let text = Output.text(Presenters.present(list, method: "resumes.list"))
        #expect(text.contains("Go, Java"))
        #expect(!text.contains("profile"))
        #expect(!text.contains("createdAt"))
    }
}
