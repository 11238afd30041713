import Foundation
import HireClient
import HireRPC

/// `hire interviews answer INTERVIEW [--from FILE]`: a candidate answers an interview in one
/// go. At a terminal each question is asked in turn (a blank line ends an answer; a blank
/// first line keeps the earlier answer or skips the question), and a follow-up is asked right
/// after the answer that brought it. From a file, each `## QUESTION-ID` heading starts the
/// answer to that question. Nothing is submitted: that stays `hire interviews submit`.
struct InterviewAnswers {
    let interviewId: String
    let socket: String
    let global: GlobalOptions
    let io: TerminalIO

    /// The answers of a file: the text under each `## ID` heading, in file order, trimmed;
    /// text before the first heading is ignored (a title, instructions).
    static func sections(of text: String) -> [(questionId: String, text: String)] {
        var sections: [(questionId: String, text: String)] = []
        var current: String?
        var lines: [Substring] = []
        func finish() {
            if let current { sections.append((current, lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))) }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("## "), let id = trimmed.dropFirst(3).split(separator: " ").first {
                finish()
                current = String(id)
            } else {
                lines.append(line)
            }
        }
        finish()
        return sections
    }

    func run(file: String?, token: String?) async -> ExitStatus {
        var answers: [(questionId: String, text: String)]?
        if let file {
            let text = file == "-" ? io.readStdin() : try? String(contentsOfFile: file, encoding: .utf8)
            guard let text else {
                HireCLI.printError("cannot read \(file == "-" ? "standard input" : file)", global: global, io: io)
                return .usage
            }
            answers = Self.sections(of: text).filter { !$0.text.isEmpty }
            guard answers?.isEmpty == false else {
                HireCLI.printError(
                    "\(file == "-" ? "standard input" : file) has no answers: start each with a line '## q1' (the question's id)",
                    global: global, io: io)
                return .usage
            }
        }
        let timeout = Duration.milliseconds(Int(global.timeoutSeconds * 1000))
        let work = Task { () async throws -> [JSONValue] in
            try await RPCClient.withConnection(socketPath: socket) { client in
                try await HireCLI.attach(token, client: client, timeout: timeout)
                func answer(_ questionId: String, _ text: String) async throws -> JSONValue {
                    let params: JSONValue = ["interviewId": .string(interviewId), "questionId": .string(questionId), "text": .string(text)]
                    return try await client.call("interviews.answer", params: RawJSON(params), timeout: timeout).parsed()
                }
                if let answers { return try await fromFile(answers, answer: answer) }
                let interview = try await client.call(
                    "interviews.get", params: RawJSON(["interviewId": .string(interviewId)]), timeout: timeout
                ).parsed()
                return try await atTerminal(interview, answer: answer)
            }
        }
        let interrupt = InterruptHandler { work.cancel() }
        defer { interrupt.stop() }
        do {
            let answered = try await work.value
            if global.json {
                io.out(JSONValue.object(["interviewId": .string(interviewId), "answered": .array(answered)]).jsonString + "\n")
            } else {
                io.out(
                    "\(answered.count) answer\(answered.count == 1 ? "" : "s") saved. Read them with 'hire interviews get \(interviewId)'; "
                        + "send them with 'hire interviews submit \(interviewId)'.\n")
            }
            return .success
        } catch where work.isCancelled {
            HireCLI.printError("stopped; the answers given so far are saved", global: global, io: io)
            return .interrupted
        } catch let error as UsageError {
            HireCLI.printError("\(error)", global: global, io: io)
            return .usage
        } catch {
            return HireCLI.failed(error, global: global, io: io)
        }
    }

    /// Sends the file's answers in order. An answer to a follow-up that was not asked (the
    /// answer before it covered enough) is skipped with a note.
    private func fromFile(_ answers: [(questionId: String, text: String)], answer: (String, String) async throws -> JSONValue)
        async throws -> [JSONValue]
    {
        var answered: [JSONValue] = []
        for (questionId, text) in answers {
            do {
                let question = try await answer(questionId, text)
                answered.append(question)
                if !global.json { io.out("\(questionId): saved\n") }
                if let followUp = question["followUp"], !global.json {
                    io.out("  follow-up \(followUp["id"]?.stringValue ?? ""): \(followUp["text"]?.stringValue ?? "")\n")
                }
            } catch let error as RPCError where error.code == .questionNotFound && questionId.hasSuffix("-f") {
                io.err("hire: \(questionId): no such follow-up was asked (the answer to \(questionId.dropLast(2)) covered enough); skipped\n")
            }
        }
        return answered
    }

    /// Asks each question at the terminal, a follow-up right after the answer that brought it.
    private func atTerminal(_ interview: JSONValue, answer: (String, String) async throws -> JSONValue) async throws -> [JSONValue] {
        guard case .array(var questions)? = interview["questions"] else { return [] }
        if let status = interview["status"]?.stringValue, status != "assigned", status != "in_progress" {
            throw UsageError("interview \(interviewId) is \(status): it takes no more answers")
        }
        io.out("Interview \(interviewId): \(questions.count) questions. End each answer with a blank line; a blank first line skips.\n")
        var answered: [JSONValue] = []
        var index = 0
        while index < questions.count {
            let question = questions[index]
            let id = question["id"]?.stringValue ?? ""
            io.out("\n[\(id)] \(question["text"]?.stringValue ?? "")\n")
            if let earlier = question["answer"]?.stringValue { io.out("(answered: \(earlier.prefix(70))…; a blank line keeps it)\n") }
            var lines: [String] = []
            var ended = false
            while true {
                guard let line = io.ask("> ") else {
                    ended = true
                    break
                }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
                lines.append(line)
            }
            if ended, lines.isEmpty {
                // No terminal at all, or Ctrl-D: stop asking.
                guard answered.isEmpty, index == 0 else { break }
                throw UsageError("no terminal to ask on: answer from a file with --from FILE (or --from - for standard input)")
            }
            guard !lines.isEmpty else {
                index += 1
                continue
            }
            let saved = try await answer(id, lines.joined(separator: "\n"))
            answered.append(saved)
            if let followUp = saved["followUp"] {
                io.out("A follow-up:\n")
                questions.insert(followUp, at: index + 1)
            }
            index += 1
        }
        return answered
    }
}
