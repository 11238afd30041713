import HireRPC

/// Asks for the params a method's declaration says `hire` asks for (``Prompt``): at the
/// terminal without echo, or, with `--password-stdin`, one line each from standard input, in
/// the declared order. Secrets never come from the command line.
struct Prompter {
    let io: TerminalIO
    let asking: Asking
    /// Standard input split into lines, read at the first secret that needs it.
    private var lines: [String]?

    init(io: TerminalIO, asking: Asking) {
        self.io = io
        self.asking = asking
    }

    /// Fills in every prompted param that the command line left out.
    mutating func fill(_ params: inout [String: JSONValue], for method: MethodInfo) throws(UsageError) {
        for prompt in method.descriptor.prompts where params[prompt.param] == nil {
            switch prompt.kind {
            case .whenMissing:
                // The parser refused the command already when secrets come from standard input.
                guard let value = io.readSecret(prompt.text), !value.isEmpty else {
                    throw Invocation.missingParam(prompt.param, of: method, command: asking.command)
                }
                params[prompt.param] = .string(value)
            case .secret:
                params[prompt.param] = .string(try secret(prompt.text))
            case .optionalSecret:
                if asking.fromStandardInput == prompt.param {
                    let line = (io.readStdin() ?? "").split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
                    params[prompt.param] = .string(String(line.hasSuffix("\r") ? line.dropLast() : line))
                } else if io.stdinIsTerminal, let value = io.readSecret(prompt.text), !value.isEmpty {
                    params[prompt.param] = .string(value)
                }
            case .newSecret:
                let value = try secret(prompt.text)
                // Typed blind, a new secret is typed twice; from standard input it is taken as it comes.
                if !asking.secretsFromStandardInput, try secret("Again: ") != value { throw UsageError("the passwords differ") }
                params[prompt.param] = .string(value)
            }
        }
    }

    /// The next line of standard input, or the answer at the terminal; an empty one is refused.
    private mutating func secret(_ text: String) throws(UsageError) -> String {
        if asking.secretsFromStandardInput {
            if lines == nil {
                lines = (io.readStdin() ?? "").split(separator: "\n", omittingEmptySubsequences: false).map {
                    String($0.hasSuffix("\r") ? $0.dropLast() : $0)
                }
            }
            guard let line = lines?.first, !line.isEmpty else {
                throw UsageError("expected a line on standard input for: \(text)")
            }
            lines?.removeFirst()
            return line
        }
        guard let value = io.readSecret(text), !value.isEmpty else { throw UsageError("no terminal to ask: use --password-stdin") }
        return value
    }
}
