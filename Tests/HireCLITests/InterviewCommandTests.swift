import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// `hire interviews answer` answers a whole interview, at the terminal or from a file, against
/// a real daemon.
@Suite struct InterviewCommandTests {
    private struct Party {
        let socket: [String]
        let environment: [String: String]

        /// Runs `hire` piped (JSON out) and returns the parsed output; records a failure otherwise.
        func json(_ words: [String], stdin: String? = nil) async throws -> JSONValue {
            let capture = Capture(stdin: stdin)
            let status = await capture.run(socket + words, environment: environment)
            #expect(status == .success, "hire \(words.joined(separator: " ")): \(capture.err)")
            return try JSONValue(parsing: capture.out)
        }
    }

    /// A recruiter and a candidate logged in through `hire`, each with their own session file.
    private func parties(_ daemon: TestDaemon) async throws -> (rita: Party, cara: Party) {
        let socket = ["--socket", daemon.socketPath]
        let rita = Party(socket: socket, environment: ["HIRE_SESSION_FILE": daemon.directory + "/cli/rita"])
        let cara = Party(socket: socket, environment: ["HIRE_SESSION_FILE": daemon.directory + "/cli/cara"])
        for (party, name, role) in [(rita, "rita", "recruiter"), (cara, "cara", "candidate")] {
            _ = try await party.json(["register", name, "\(name)@example.com", "--role", role, "--password-stdin"], stdin: "a long cli passphrase\n")
            _ = try await party.json(["login", name, "--password-stdin"], stdin: "a long cli passphrase\n")
        }
        return (rita, cara)
    }

    @Test func aCandidateAnswersFromAFileAndAtThePromptThenSubmits() async throws {
        try await withTestDaemon { daemon in
            let (rita, cara) = try await parties(daemon)
            let posting = try await rita.json([
                "postings", "publish", "--title", "iOS Engineer", "--description",
                "We build iOS apps in Swift. Requirements: 5+ years of Swift, SQLite and iOS. Full-time, remote.",
            ])
            let resume = try await cara.json([
                "resumes", "add", "--text", "Cara Diaz\nSenior iOS engineer, 2016-2024: Swift, iOS, SQLite. 8 years of Swift.",
                "--filename", "cara.txt",
            ])
            let postingId = try #require(posting["id"]?.stringValue)
            let resumeId = try #require(resume["resumes"]?[0]?["id"]?.stringValue)
            let application = try await cara.json(["apply", postingId, "--resume", resumeId])
            let applicationId = try #require(application["id"]?.stringValue)
            let interview = try await rita.json(["interviews", "create", applicationId, "--count", "3"])
            let interviewId = try #require(interview["id"]?.stringValue)

            // From a file: '## q1' sections; a follow-up's answer is skipped when none was asked.
            let file = daemon.directory + "/answers.md"
            try """
                # My answers
                ## q1
                I am not sure.

                ## q1-f
                Let me say more: I built an offline-first app on SQLite with 40 tables, and measured every query.
                ## q3
                I would start by measuring, then fix the slowest part first, and write it down for the team.
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let fromFile = Capture(terminal: true)
            #expect(await fromFile.run(cara.socket + ["interviews", "answer", interviewId, "--from", file], environment: cara.environment) == .success)
            #expect(fromFile.out.contains("q1: saved"))
            #expect(fromFile.out.contains("follow-up q1-f"))
            #expect(fromFile.out.contains("q3: saved"))
            #expect(fromFile.out.contains("3 answers saved"))
            let saved = try await cara.json(["interviews", "get", interviewId])
            guard case .array(let questions)? = saved["questions"] else { throw CancellationError() }
            #expect(questions.compactMap { $0["id"]?.stringValue } == ["q1", "q1-f", "q2", "q3"])
            #expect(questions[1]["answer"]?.stringValue?.contains("offline-first") == true)

            // At the prompt: q2 is asked (blank lines keep the others); a blank line ends an answer.
            let prompt = Capture(terminal: true, answers: ["", "", "I shipped it in Swift", "with SQLite and tests", "", ""])
            #expect(await prompt.run(cara.socket + ["interviews", "answer", interviewId], environment: cara.environment) == .success)
            #expect(prompt.out.contains("[q2]"))
            #expect(prompt.out.contains("1 answer saved"))
            let afterPrompt = try await cara.json(["interviews", "get", interviewId])
            #expect(afterPrompt["questions"]?[2]?["answer"]?.stringValue == "I shipped it in Swift\nwith SQLite and tests")

            // No terminal and no file: told how to answer, nothing sent.
            let noTerminal = Capture()
            #expect(await noTerminal.run(cara.socket + ["interviews", "answer", interviewId], environment: cara.environment) == .usage)
            #expect(noTerminal.err.contains("--from FILE"))
            let empty = Capture()
            try "no headings here".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(await empty.run(cara.socket + ["interviews", "answer", interviewId, "--from", file], environment: cara.environment) == .usage)
            #expect(empty.err.contains("## q1"))

            // A file with an answer the daemon refuses saves the others and says which failed.
            try "## q3\nA better third answer, measured and written down.\n## q99\nNo such question.\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            let partly = Capture()
            #expect(await partly.run(cara.socket + ["interviews", "answer", interviewId, "--from", file], environment: cara.environment) == .errorReply)
            #expect(partly.err.contains("q99"))
            #expect(try JSONValue(parsing: partly.out)["failed"]?[0] == "q99")
            guard case .array(let now)? = try await cara.json(["interviews", "get", interviewId])["questions"] else { throw CancellationError() }
            #expect(now.first { $0["id"] == "q3" }?["answer"]?.stringValue?.hasPrefix("A better") == true)
            // The recruiter has nothing to answer.
            let owner = Capture(terminal: true, answers: ["an answer", ""])
            #expect(await owner.run(rita.socket + ["interviews", "answer", interviewId], environment: rita.environment) == .usage)
            #expect(owner.err.contains("only its candidate answers it"))
            #expect(owner.questions.isEmpty)
            // An export without a path prints the CSV itself on a terminal.
            let csv = Capture(terminal: true)
            #expect(await csv.run(rita.socket + ["applications", "export", postingId], environment: rita.environment) == .success)
            #expect(csv.out.hasPrefix("applicationId,postingId,"))

            // Submitting asks for a confirmation that counts what is unanswered (the follow-ups of q2 and q3 here).
            let declined = Capture(terminal: true, answers: ["no"])
            #expect(await declined.run(cara.socket + ["interviews", "submit", interviewId], environment: cara.environment) == .errorReply)
            #expect(declined.questions.first?.hasPrefix("2 questions have no answer yet and will score 0.") == true, "\(declined.questions)")
            #expect(try await cara.json(["interviews", "get", interviewId])["status"] == "in_progress")

            // Submitting asks for a confirmation; the recruiter reviews.
            let submitted = try await cara.json(["interviews", "submit", interviewId, "--yes"])
            #expect(submitted["status"] == "submitted")
            #expect(submitted["assessment"]?["score"] != nil)
            let reviewed = try await rita.json(["interviews", "review", interviewId, "--decision", "advance", "--rating", "4", "--notes", "good"])
            #expect(reviewed["review"]?["decision"] == "advance")
            let mine = try await cara.json(["applications", "mine"])
            // Created, the interview put the application at interviewing; advanced, it is offered.
            #expect(mine["applications"]?[0]?["status"] == "offered")
        }
    }
}
