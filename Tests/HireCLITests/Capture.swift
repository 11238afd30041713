import HireCLI
import Synchronization

/// Captures what `hire` prints.
final class Capture: Sendable {
    private let outText = Mutex("")
    private let errText = Mutex("")
    let stdin: String?
    let terminal: Bool
    let columns: Int?
    /// Answers to the questions `hire` asks on the terminal, in order (none: no terminal to ask).
    private let answers: Mutex<[String]?>

    init(terminal: Bool = false, stdin: String? = nil, columns: Int? = nil, answers: [String]? = nil) {
        self.terminal = terminal
        self.stdin = stdin
        self.columns = columns
        self.answers = Mutex(answers)
    }

    var out: String { outText.withLock { $0 } }
    var err: String { errText.withLock { $0 } }

    var io: TerminalIO {
        TerminalIO(
            out: { text in self.outText.withLock { $0 += text } },
            err: { text in self.errText.withLock { $0 += text } },
            stdoutIsTerminal: terminal, stderrIsTerminal: false, readStdin: { self.stdin },
            ask: { prompt in
                self.answers.withLock { answers in
                    guard answers != nil else { return nil }
                    self.errText.withLock { $0 += prompt }
                    return answers!.isEmpty ? nil : answers!.removeFirst()
                }
            },
            columns: columns)
    }

    /// Runs `hire` with `arguments` and returns its exit status.
    func run(_ arguments: [String], environment: [String: String] = [:]) async -> ExitStatus {
        await HireCLI.run(arguments: arguments, environment: environment, io: io)
    }
}
