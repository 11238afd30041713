import ArgumentParser
import Foundation
import HireClient
import HireRPC

/// The root command as swift-argument-parser sees it: global options, then the words that
/// the catalogue gives meaning to.
struct HireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hire",
        abstract: "Talk to hired, the recruiting-data daemon.",
        usage: """
            hire [--socket PATH] [--json] [--timeout SECONDS] NOUN VERB [ARGS]
              hire call METHOD [key=value | key:=json …] [--params JSON | --params -]
              hire help [NOUN [VERB] | METHOD]
            """,
        discussion: """
            Every daemon method is a command: 'hire daemon status' calls daemon.status. \
            'hire help' lists them and works without a daemon. Output is text on a terminal \
            and JSON when piped or with --json. Exit codes: 0 success, 1 error reply, \
            2 cannot connect, 3 usage, 130 interrupted (Ctrl-C cancels the call).
            """,
        version: Catalogue.version)

    @Option(help: ArgumentHelp("The daemon's socket (default: $HIRED_SOCKET, then the user socket, then /run/hired/rpc.sock).", valueName: "path"))
    var socket: String?

    @Flag(help: "Print results as JSON even on a terminal, and errors as a JSON object on standard output too.")
    var json = false

    @Option(help: ArgumentHelp("Give up on a call after this many seconds without a reply or progress (default 30).", valueName: "seconds"))
    var timeout: Double?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("NOUN VERB [ARGS], call METHOD …, or help [TOPIC].", valueName: "command"))
    var words: [String] = []
}

/// Where `hire` reads and writes; tests capture it.
public struct TerminalIO: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool
    /// Whether standard input is a terminal (where a secret may be asked for).
    public var stdinIsTerminal: Bool
    public var readStdin: @Sendable () -> String?
    /// Asks for a secret without echo (nil when there is no terminal).
    public var readSecret: @Sendable (String) -> String?
    /// Asks a question on the terminal and reads the answer (nil when there is no terminal).
    public var ask: @Sendable (String) -> String?
    /// The terminal's width, to fit tables to (nil: not a terminal, or unknown).
    public var columns: Int?

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        stdoutIsTerminal: Bool, stderrIsTerminal: Bool, readStdin: @escaping @Sendable () -> String?,
        readSecret: @escaping @Sendable (String) -> String? = { _ in nil }, ask: @escaping @Sendable (String) -> String? = { _ in nil },
        columns: Int? = nil, stdinIsTerminal: Bool = false
    ) {
        self.stdinIsTerminal = stdinIsTerminal
        self.out = out
        self.err = err
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.readStdin = readStdin
        self.readSecret = readSecret
        self.ask = ask
        self.columns = columns
    }

    /// The process's own standard streams.
    public static let standard = TerminalIO(
        out: { write($0, to: 1) },
        err: { write($0, to: 2) },
        stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1,
        readStdin: {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
        },
        readSecret: { prompt in getpass(prompt).map { String(cString: $0) } },
        ask: { prompt in
            // The question goes to the terminal itself, so a piped standard input or output changes nothing.
            guard let tty = fopen("/dev/tty", "r+") else { return nil }
            defer { fclose(tty) }
            fputs(prompt, tty)
            fflush(tty)
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            defer { free(line) }
            guard getline(&line, &capacity, tty) > 0, let line else { return nil }
            return String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines)
        },
        columns: terminalColumns(), stdinIsTerminal: isatty(0) == 1)

    /// Writes all of `text` to a standard stream. A reader that went away (`hire … | head`)
    /// ends the program quietly, with the status a SIGPIPE would give (141), as other Unix
    /// tools end: the socket library ignores SIGPIPE, and Foundation's writer traps on EPIPE.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                bytes = bytes.dropFirst(written)
            } else if errno == EPIPE {
                exit(141)
            } else if errno != EINTR {
                return
            }
        }
    }

    /// The width of the terminal on standard output, else `$COLUMNS`.
    private static func terminalColumns() -> Int? {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
    }
}

/// `hire`'s exit codes.
public enum ExitStatus: Int32 {
    case success = 0
    case errorReply = 1
    case cannotConnect = 2
    case usage = 3
    /// Interrupted by Ctrl-C: the call was cancelled.
    case interrupted = 130
}

/// The `hire` program.
public enum HireCLI {
    /// The full help of the root command (what `hire --help` prints).
    public static var rootHelp: String { HireCommand.helpMessage(columns: 100) }

    /// Runs one command line and returns the exit status.
    public static func run(arguments: [String], environment: [String: String], io: TerminalIO = .standard) async
        -> ExitStatus
    {
        let command: HireCommand
        do {
            command = try HireCommand.parse(arguments)
        } catch {
            let message = HireCommand.fullMessage(for: error, columns: 100)
            if HireCommand.exitCode(for: error) == .success {
                io.out(message + "\n")
                return .success
            }
            io.err("hire: \(message)\n")
            return .usage
        }
        var global = GlobalOptions()
        global.socket = command.socket
        global.json = command.json || !io.stdoutIsTerminal
        global.jsonErrors = command.json
        if let timeout = command.timeout {
            guard timeout > 0 else {
                printError("--timeout needs a positive number of seconds", global: global, io: io)
                return .usage
            }
            global.timeoutSeconds = timeout
        }
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(command.words, global: &global, stdin: io.readStdin)
        } catch {
            printError("\(error)", global: global, io: io)
            return .usage
        }
        switch invocation {
        case .version:
            io.out(Catalogue.version + "\n")
            return .success
        case .help(let topic):
            do {
                io.out(try topic.map(HelpText.topic) ?? HelpText.overview())
                return .success
            } catch {
                io.err("hire: \(error)\n")
                return .usage
            }
        case .generate(let root):
            do {
                try GeneratedFiles.write(root: root)
                return .success
            } catch {
                io.err("hire: \(error)\n")
                return .errorReply
            }
        case .call(let method, let params):
            let socket = global.socket ?? Locations.clientSocket(environment: environment)
            let session = SessionFile(environment: environment)
            if method == Events.Subscribe.descriptor.name {
                return await watch(params: params, socket: socket, global: global, io: io, session: session)
            }
            return await call(method, params: params, socket: socket, global: global, io: io, session: session)
        case .answerInterview(let interviewId, let file):
            let socket = global.socket ?? Locations.clientSocket(environment: environment)
            return await InterviewAnswers(interviewId: interviewId, socket: socket, global: global, io: io).run(
                file: file, token: SessionFile(environment: environment).token(for: socket))
        case .statsChart(let jobId):
            let socket = global.socket ?? Locations.clientSocket(environment: environment)
            return await statsChart(jobId: jobId, socket: socket, global: global, io: io, session: SessionFile(environment: environment))
        case .callAsking(let method, let params, let asking):
            let socket = global.socket ?? Locations.clientSocket(environment: environment)
            return await callAsking(
                method, params: params, asking: asking, socket: socket, global: global, io: io,
                session: SessionFile(environment: environment))
        }
    }

    /// Runs a command whose method asks for something: its prompted params are asked for, then
    /// its confirmation, and the call is made keeping the saved session as the method declares.
    private static func callAsking(
        _ name: String, params: JSONValue, asking: Asking, socket: String, global: GlobalOptions, io: TerminalIO,
        session: SessionFile
    ) async -> ExitStatus {
        guard let method = Catalogue.method(name), case .object(var members) = params else {
            return await call(name, params: params, socket: socket, global: global, io: io, session: session)
        }
        let descriptor = method.descriptor
        do {
            var prompter = Prompter(io: io, asking: asking)
            try prompter.fill(&members, for: method)
            if let confirmation = descriptor.confirmation, !asking.confirmed {
                var question = confirmation.question
                if name == Interviews.Submit.descriptor.name, let id = members["interviewId"]?.stringValue,
                    let unanswered = await unansweredQuestions(id, socket: socket, global: global, session: session), unanswered > 0
                {
                    question = "\(unanswered) question\(unanswered == 1 ? " has" : "s have") no answer yet and will score 0. " + question
                }
                guard let answer = io.ask(question) else {
                    throw UsageError("\(confirmation.unanswered): answer at a terminal, or pass --yes")
                }
                guard answer == confirmation.answer else {
                    printError(confirmation.declined, global: global, io: io)
                    return .errorReply
                }
            }
        } catch {
            printError("\(error)", global: global, io: io)
            return .usage
        }
        switch descriptor.savedSession {
        case .attach:
            return await call(name, params: .object(members), socket: socket, global: global, io: io, session: session)
        case .ignore:
            return await call(name, params: .object(members), socket: socket, global: global, io: io, session: nil)
        case .save:
            // The token goes to the session file, never to the output.
            return await call(name, params: .object(members), socket: socket, global: global, io: io, session: nil) { result in
                guard case .object(var reply) = result else { return result }
                if let token = reply.removeValue(forKey: "token")?.stringValue { try session.save(token: token, socket: socket) }
                return .object(reply)
            }
        case .forgetAfterReply:
            let status = await call(name, params: .object(members), socket: socket, global: global, io: io, session: session)
            if status == .success || status == .errorReply { session.remove(socket: socket) }
            return status
        case .forgetOnSuccess:
            let status = await call(name, params: .object(members), socket: socket, global: global, io: io, session: session)
            if status == .success { session.remove(socket: socket) }
            return status
        }
    }

    /// How many questions of an interview have no answer (nil when it cannot be read: the
    /// submission itself will say why).
    private static func unansweredQuestions(_ interviewId: String, socket: String, global: GlobalOptions, session: SessionFile) async
        -> Int?
    {
        let timeout = Duration.milliseconds(Int(global.timeoutSeconds * 1000))
        let interview = try? await RPCClient.withConnection(socketPath: socket) { client in
            try await attach(session.token(for: socket), client: client, timeout: timeout)
            return try await client.call(
                Interviews.Get.descriptor.name, params: RawJSON(["interviewId": .string(interviewId)]), timeout: timeout
            ).parsed()
        }
        guard case .array(let questions)? = interview?["questions"] else { return nil }
        return questions.filter { $0["answer"] == nil && $0["artifacts"] == nil }.count
    }

    /// "This import removes 2000 of 2000 jobs (100%). Continue? [y/N] "
    static func confirmationQuestion(_ error: RPCError) -> String {
        let removed = error.data?["removed"]?.intValue ?? 0
        let size = error.data?["boardSize"]?.intValue ?? 0
        let share = size > 0 ? Int((Double(removed) * 100 / Double(size)).rounded()) : 100
        return "This import removes \(removed) of \(size) jobs (\(share)%). Continue? [y/N] "
    }

    /// Calls `method`, first attaching the saved session (when there is one for this socket),
    /// and prints the result, after `keep` has taken out what it keeps (a session's token).
    private static func call(
        _ method: String, params: JSONValue, socket: String, global: GlobalOptions, io: TerminalIO, session: SessionFile?,
        keep: ((JSONValue) throws -> JSONValue)? = nil
    ) async -> ExitStatus {
        let token = session?.token(for: socket)
        let progress = io.stderrIsTerminal ? ProgressBar(io: io) : nil
        let onProgress: (@Sendable (JSONValue) -> Void)? = progress.map { bar in { @Sendable value in bar.draw(value) } }
        let timeout = Duration.milliseconds(Int(callTimeout(method, params: params, global: global) * 1000))
        let work = Task { () async throws -> RawJSON in
            try await RPCClient.withConnection(socketPath: socket) { client in
                try await attach(token, client: client, timeout: timeout)
                return try await client.call(method, params: RawJSON(params), timeout: timeout, onProgress: onProgress)
            }
        }
        // Only Ctrl-C cancels the work: a cancelled task is an interrupted call.
        let interrupt = InterruptHandler { work.cancel() }
        defer { interrupt.stop() }
        do {
            let raw = try await work.value
            progress?.clear()
            var result = try raw.parsed()
            if let keep { result = try keep(result) }
            let output = Output(json: global.json, width: io.stdoutIsTerminal ? io.columns : nil)
            io.out(output.render(result, method: method, params: params) + "\n")
            if let failures = partialFailures(result, params: params) {
                io.err("hire: \(failures)\n")
                return .errorReply
            }
            return .success
        } catch where work.isCancelled {
            progress?.clear()
            printError("cancelled", global: global, io: io)
            return .interrupted
        } catch let error as RPCError {
            progress?.clear()
            // A replace that removes much of the board: ask on a terminal, and send it again confirmed.
            if error.code == .replaceNeedsConfirmation, case .object(var members) = params, members["confirm"] == nil,
                let answer = io.ask(confirmationQuestion(error))
            {
                guard ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    printError("not imported; the board is unchanged", global: global, io: io)
                    return .errorReply
                }
                members["confirm"] = .bool(true)
                return await call(method, params: .object(members), socket: socket, global: global, io: io, session: session, keep: keep)
            }
            let status = failed(error, global: global, io: io)
            if !global.jsonErrors, let hint = hint(for: error, method: method) { io.err("hint: \(hint)\n") }
            return status
        } catch {
            progress?.clear()
            return failed(error, global: global, io: io)
        }
    }

    /// What the daemon's message says in the protocol's words, in `hire`'s: a param it names is
    /// a flag here, and "call auth.login" is `hire login`.
    static func hint(for error: RPCError, method: String) -> String? {
        switch error.code {
        case .notAuthenticated, .sessionExpired, .invalidToken, .vaultLocked:
            return "log in with 'hire login USERNAME' (the session is kept for the next commands)"
        default:
            break
        }
        guard let info = Catalogue.method(method) else { return nil }
        let words = Set(error.message.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        // Only a name the message spells out: one in `data` alone was not shown to the user.
        let named = info.paramNames.filter { words.contains($0) && $0 != ParamParser.flagName($0) }
        guard !named.isEmpty else { return nil }
        let positional = Set(info.descriptor.positionals)
        return named.map { param in
            if positional.contains(param) { return "\(param) is an argument of 'hire \(info.descriptor.noun) \(info.descriptor.verb)'" }
            let alias = info.descriptor.flagAliases.first { $0.param == param && $0.value == nil }?.flag
            return "\(param) is --\(alias ?? ParamParser.flagName(param)) on the command line"
        }.joined(separator: "; ")
    }

    /// Attaches the saved session (if there is one) on a new connection.
    static func attach(_ token: String?, client: RPCClient, timeout: Duration) async throws {
        guard let token else { return }
        do {
            _ = try await client.call("auth.attach", params: RawJSON(["token": .string(token)]), timeout: timeout)
        } catch let error as RPCError where error.code == .invalidToken || error.code == .sessionExpired {
            throw RPCError(error.code, "your saved session is no longer valid: log in again with 'hire login'")
        }
    }

    /// Says why a call failed, and the exit status for it.
    static func failed(_ error: any Error, global: GlobalOptions, io: TerminalIO) -> ExitStatus {
        switch error {
        case let error as RPCError:
            printError(error.message, code: error.code, data: error.data, global: global, io: io)
            return .errorReply
        case let error as ClientError:
            printError("\(error)", global: global, io: io)
            switch error {
            case .cannotConnect:
                io.err("hint: start the daemon with 'hired' (or 'systemctl --user start hired'), or pass --socket PATH\n")
                return .cannotConnect
            case .connectionClosed: return .cannotConnect
            case .timedOut, .protocolError: return .errorReply
            }
        default:
            printError("\(error)", global: global, io: io)
            return .errorReply
        }
    }

    /// How long a call may go without a reply: `--timeout`, or for `runs.wait` as long as it
    /// asks the daemon to wait, and ten seconds more.
    static func callTimeout(_ method: String, params: JSONValue, global: GlobalOptions) -> Double {
        guard method == Runs.Wait.descriptor.name else { return global.timeoutSeconds }
        let waits: Double
        switch params["timeoutSeconds"] {
        case .int(let seconds)?: waits = Double(seconds)
        case .double(let seconds)?: waits = seconds
        default: waits = Runs.Wait.defaultTimeoutSeconds
        }
        return max(global.timeoutSeconds, waits + 10)
    }

    /// `hire events watch` (`events.subscribe`): prints each event as it comes (a line of a
    /// table on a terminal, a JSON line when piped) until Ctrl-C, which ends it successfully, or
    /// until the daemon closes the connection.
    private static func watch(params: JSONValue, socket: String, global: GlobalOptions, io: TerminalIO, session: SessionFile?) async
        -> ExitStatus
    {
        let token = session?.token(for: socket)
        let timeout = Duration.milliseconds(Int(global.timeoutSeconds * 1000))
        let work = Task { () async throws -> Void in
            try await RPCClient.withConnection(socketPath: socket) { client in
                try await attach(token, client: client, timeout: timeout)
                let events = client.notifications(of: Events.notification)
                _ = try await client.call(Events.Subscribe.descriptor.name, params: RawJSON(params), timeout: timeout)
                if !global.json { io.out(Presenters.eventHeader + "\n") }
                for await event in events {
                    io.out((global.json ? event.jsonString : Presenters.eventLine(event)) + "\n")
                }
                // The stream ends when the connection closes, or when Ctrl-C cancels the watch.
                if !Task.isCancelled { throw ClientError.connectionClosed }
            }
        }
        let interrupt = InterruptHandler { work.cancel() }
        defer { interrupt.stop() }
        do {
            try await work.value
            return .success
        } catch where work.isCancelled {
            return .success
        } catch {
            return failed(error, global: global, io: io)
        }
    }

    /// Prints why a command failed: `hire: MESSAGE (CODE)` on standard error, and with `--json` also
    /// `{"error": {"code", "message", "data"}}` on standard output (code and data when the
    /// daemon sent them), so that a script reading the output sees the error as JSON too.
    static func printError(
        _ message: String, code: RPCErrorCode? = nil, data: JSONValue? = nil, global: GlobalOptions, io: TerminalIO
    ) {
        io.err("hire: \(message)" + (code.map { " (\($0.rawValue))" } ?? "") + "\n")
        // The details go to standard error unless --json puts them on standard output: output
        // merely piped (JSON results) still shows them.
        if let data, !global.jsonErrors {
            // A rejected file's bad rows read as lines, its run as the id to look it up by.
            if case .array(let errors)? = data["errors"], errors.allSatisfy({ $0["line"] != nil }), case .object(let members) = data,
                members.keys.allSatisfy({ ["errors", "runId"].contains($0) })
            {
                io.err(Presenters.badRows(errors) + "\n")
                if let run = data["runId"]?.stringValue { io.err("  run: \(run)\n") }
            } else {
                io.err("  \(data.jsonString)\n")
            }
        }
        guard global.jsonErrors else { return }
        var error: [String: JSONValue] = ["message": .string(message)]
        error["code"] = code.map { .int($0.rawValue) }
        error["data"] = data
        io.out(JSONValue.object(["error": .object(error)]).jsonString + "\n")
    }

    /// What failed of a batch that went through in part (some files of `resumes add`, some
    /// jobs of `jobs process`), or nil. Rows skipped by an import that asked to skip bad rows
    /// are what was asked for.
    static func partialFailures(_ result: JSONValue, params: JSONValue) -> String? {
        if params["onError"]?.stringValue == "skip" { return nil }
        if case .array(let errors)? = result["errors"], !errors.isEmpty {
            return "\(errors.count) item\(errors.count == 1 ? "" : "s") failed (listed above)"
        }
        if let failed = result["failed"]?.intValue, failed > 0 { return "\(failed) failed (listed above)" }
        if case .array(let missing)? = result["notFound"], !missing.isEmpty {
            let ids = missing.compactMap(\.stringValue)
            return "not found, so not deleted: " + ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? " and \(ids.count - 10) more" : "")
        }
        return nil
    }
}
