import HireCLI
import Synchronization

/// Captures what `hire` prints.
final class Capture: Sendable {
    private let outText = Mutex("")
    private let errText = Mutex("")
    private let asked = Mutex<[String]>([])
    let stdin: String?
    let terminal: Bool
    /// What the user answers when asked a question (nil: no terminal to ask on).
    let answer: String?

    init(terminal: Bool = false, stdin: String? = nil, answer: String? = nil) {
        self.terminal = terminal
        self.stdin = stdin
        self.answer = answer
    }

    var out: String { outText.withLock { $0 } }
    var err: String { errText.withLock { $0 } }
    /// The questions `hire` asked.
    var questions: [String] { asked.withLock { $0 } }

    var io: TerminalIO {
        TerminalIO(
            out: { text in self.outText.withLock { $0 += text } },
            err: { text in self.errText.withLock { $0 += text } },
            stdoutIsTerminal: terminal, stderrIsTerminal: false, readStdin: { self.stdin },
            ask: { question in
                guard let answer = self.answer else { return nil }
                self.asked.withLock { $0.append(question) }
                return answer
            })
    }

    /// Runs `hire` with `arguments` and returns its exit status.
    func run(_ arguments: [String], environment: [String: String] = [:]) async -> ExitStatus {
        await HireCLI.run(arguments: arguments, environment: environment, io: io)
    }
}
