import HireCLI
import Synchronization

/// Captures what `hire` prints, and answers the questions it asks on the terminal.
final class Capture: Sendable {
    private let outText = Mutex("")
    private let errText = Mutex("")
    private let asked = Mutex<[String]>([])
    let stdin: String?
    let terminal: Bool
    let columns: Int?
    /// Answers to the questions `hire` asks, in order (nil: no terminal to ask on); the last
    /// one answers every question after it.
    private let answers: Mutex<[String]?>
    /// What is typed, without echo, at each prompt for a secret (nil: no terminal to ask on),
    /// in order; none left is no terminal either.
    private let typed: Mutex<[String]?>
    private let prompted = Mutex<[String]>([])

    init(terminal: Bool = false, stdin: String? = nil, columns: Int? = nil, answers: [String]? = nil, secrets: [String]? = nil) {
        self.terminal = terminal
        self.stdin = stdin
        self.columns = columns
        self.answers = Mutex(answers)
        self.typed = Mutex(secrets)
    }

    /// One answer to every question `hire` asks.
    convenience init(terminal: Bool = false, stdin: String? = nil, answer: String?) {
        self.init(terminal: terminal, stdin: stdin, answers: answer.map { [$0] })
    }

    var out: String { outText.withLock { $0 } }
    var err: String { errText.withLock { $0 } }
    /// The questions `hire` asked.
    var questions: [String] { asked.withLock { $0 } }
    /// The prompts for secrets `hire` showed.
    var prompts: [String] { prompted.withLock { $0 } }

    var io: TerminalIO {
        TerminalIO(
            out: { text in self.outText.withLock { $0 += text } },
            err: { text in self.errText.withLock { $0 += text } },
            stdoutIsTerminal: terminal, stderrIsTerminal: false, readStdin: { self.stdin },
            readSecret: { prompt in
                self.typed.withLock { typed in
                    guard typed != nil, !typed!.isEmpty else { return nil }
                    self.prompted.withLock { $0.append(prompt) }
                    return typed!.removeFirst()
                }
            },
            ask: { question in
                self.answers.withLock { answers in
                    guard let given = answers, let first = given.first else { return nil }
                    self.asked.withLock { $0.append(question) }
                    self.errText.withLock { $0 += question }
                    if given.count > 1 { answers!.removeFirst() }
                    return first
                }
            },
            columns: columns, stdinIsTerminal: typed.withLock { $0 != nil })
    }

    /// Runs `hire` with `arguments` and returns its exit status.
    func run(_ arguments: [String], environment: [String: String] = [:]) async -> ExitStatus {
        await HireCLI.run(arguments: arguments, environment: environment, io: io)
    }
}
