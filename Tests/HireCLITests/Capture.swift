import HireCLI
import Synchronization

/// Captures what `hire` prints.
final class Capture: Sendable {
    private let outText = Mutex("")
    private let errText = Mutex("")
    let stdin: String?
    let terminal: Bool

    init(terminal: Bool = false, stdin: String? = nil) {
        self.terminal = terminal
        self.stdin = stdin
    }

    var out: String { outText.withLock { $0 } }
    var err: String { errText.withLock { $0 } }

    var io: TerminalIO {
        TerminalIO(
            out: { text in self.outText.withLock { $0 += text } },
            err: { text in self.errText.withLock { $0 += text } },
            stdoutIsTerminal: terminal, stderrIsTerminal: false, readStdin: { self.stdin })
    }

    /// Runs `hire` with `arguments` and returns its exit status.
    func run(_ arguments: [String], environment: [String: String] = [:]) async -> ExitStatus {
        await HireCLI.run(arguments: arguments, environment: environment, io: io)
    }
}
