import Foundation
import HireCLI
import HireRPC
import Testing

/// `hire postings …`, `hire apply` and `hire applications …` come from the method declarations;
/// the shortcut and aliases read as the command lines say.
@Suite struct HiringCommandLineTests {
    private func parse(_ words: [String]) throws -> Invocation {
        var global = GlobalOptions()
        return try Invocation.parse(words, global: &global, stdin: { nil }, workingDirectory: "/home/cara")
    }

    @Test func applyTakesAResumeAndACoverLetterFile() throws {
        #expect(
            try parse(["apply", "P-1", "--resume", "R-2", "--cover-letter", "letter.md"])
                == .call(
                    method: "applications.submit", params: ["postingId": "P-1", "resumeId": "R-2", "coverLetterPath": "/home/cara/letter.md"]))
        #expect(try parse(["applications", "submit", "P-1", "--resume-id", "R-2"])
            == .call(method: "applications.submit", params: ["postingId": "P-1", "resumeId": "R-2"]))
        #expect(throws: UsageError.self) { try parse(["apply", "P-1", "--resume"]) }
    }

    @Test func theApplicationsAndPostingsVerbs() throws {
        #expect(try parse(["applications", "status", "A-1", "A-2", "--status", "screening", "--note", "good"])
            == .call(method: "applications.setStatus", params: ["applicationIds": ["A-1", "A-2"], "status": "screening", "note": "good"]))
        #expect(try parse(["applications", "list", "P-1"]) == .call(method: "applications.list", params: ["postingId": "P-1"]))
        #expect(try parse(["applications", "get", "A-1"]) == .call(method: "applications.get", params: ["applicationId": "A-1"]))
        #expect(try parse(["applications", "withdraw", "A-1"]) == .call(method: "applications.withdraw", params: ["applicationId": "A-1"]))
        #expect(try parse(["applications", "export", "P-1", "--path", "out.csv"])
            == .call(method: "applications.export", params: ["postingId": "P-1", "path": "/home/cara/out.csv"]))
        #expect(try parse(["postings", "publish", "J-1", "--closes-at", "2027-01-31"])
            == .call(method: "postings.publish", params: ["jobId": "J-1", "closesAt": "2027-01-31"]))
        #expect(try parse(["postings", "list", "--query", "swift", "--include-closed"])
            == .call(method: "postings.list", params: ["query": "swift", "includeClosed": true]))
        for verb in ["get", "close", "delete"] {
            #expect(try parse(["postings", verb, "P-1"]) == .call(method: "postings.\(verb)", params: ["postingId": "P-1"]))
        }
        #expect(try parse(["postings", "update", "P-1", "--title", "New"])
            == .call(method: "postings.update", params: ["postingId": "P-1", "title": "New"]))
        #expect(try parse(["postings", "match", "R-1", "--top", "3"]) == .call(method: "postings.match", params: ["resumeId": "R-1", "topK": 3]))
    }

    @Test func postingsAreFilteredByTheirOwnFieldsNotTheBoardsColumns() throws {
        #expect(try parse(["postings", "list", "--remote", "hybrid", "--salary-min", "100000", "--company", "Acme"])
            == .call(method: "postings.list", params: ["filters": ["remote": "hybrid", "salaryMin": .double(100_000), "company": "Acme"]]))
        #expect(throws: UsageError.self) { try parse(["postings", "list", "--city", "Austin"]) }
        #expect(throws: UsageError.self) { try parse(["postings", "list", "--remote", "sometimes"]) }
        #expect(throws: UsageError.self) { try parse(["postings", "list", "--salary-min", "lots"]) }
        // The board's filters still take a flag per column.
        #expect(try parse(["jobs", "list", "--state", "TX"]) == .call(method: "jobs.list", params: ["filters": ["state": "TX"]]))
    }

    @Test func theInterviewsVerbs() throws {
        #expect(try parse(["interviews", "create", "A-1", "--count", "6", "--topics", "kubernetes"])
            == .call(method: "interviews.create", params: ["applicationId": "A-1", "count": 6, "topics": ["kubernetes"]]))
        // One answer, with a file (made absolute); the whole interview at the prompt or from a file.
        #expect(try parse(["interviews", "answer", "I-1", "q2", "--text", "I did", "--artifact", "sol.swift"])
            == .call(
                method: "interviews.answer",
                params: ["interviewId": "I-1", "questionId": "q2", "text": "I did", "artifacts": ["/home/cara/sol.swift"]]))
        #expect(try parse(["interviews", "answer", "I-1"]) == .answerInterview(interviewId: "I-1", answersFile: nil))
        #expect(try parse(["interviews", "answer", "I-1", "--from", "a.md"]) == .answerInterview(interviewId: "I-1", answersFile: "/home/cara/a.md"))
        #expect(try parse(["interviews", "answer", "I-1", "--from", "-"]) == .answerInterview(interviewId: "I-1", answersFile: "-"))
        #expect(throws: UsageError.self) { try parse(["interviews", "answer", "I-1", "q1", "--from", "a.md"]) }
        #expect(try parse(["interviews", "review", "I-1", "--decision", "advance", "--rating", "4"])
            == .call(method: "interviews.review", params: ["interviewId": "I-1", "decision": "advance", "rating": 4]))
        #expect(throws: UsageError.self) { try parse(["interviews", "review", "I-1", "--decision", "maybe"]) }
    }
}
