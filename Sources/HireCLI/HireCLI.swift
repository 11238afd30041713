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
            2 cannot connect, 3 usage.
            """,
        version: Catalogue.version)

    @Option(help: ArgumentHelp("The daemon's socket (default: $HIRED_SOCKET, then the user socket, then /run/hired/rpc.sock).", valueName: "path"))
    var socket: String?

    @Flag(help: "Print results as JSON even on a terminal.")
    var json = false

    @Option(help: ArgumentHelp("Give up on a call after this many seconds (default 30).", valueName: "seconds"))
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
    public var readStdin: @Sendable () -> String?

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        stdoutIsTerminal: Bool, stderrIsTerminal: Bool, readStdin: @escaping @Sendable () -> String?
    ) {
        self.out = out
        self.err = err
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.readStdin = readStdin
    }

    /// The process's own standard streams.
    public static let standard = TerminalIO(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) },
        stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1,
        readStdin: {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
        })
}

/// `hire`'s exit codes.
public enum ExitStatus: Int32 {
    case success = 0
    case errorReply = 1
    case cannotConnect = 2
    case usage = 3
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
        if let timeout = command.timeout {
            guard timeout > 0 else {
                io.err("hire: --timeout needs a positive number of seconds\n")
                return .usage
            }
            global.timeoutSeconds = timeout
        }
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(command.words, global: &global, stdin: io.readStdin)
        } catch {
            io.err("hire: \(error)\n")
            return .usage
        }
        switch invocation {
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
            return await call(method, params: params, socket: socket, global: global, io: io)
        }
    }

    private static func call(
        _ method: String, params: JSONValue, socket: String, global: GlobalOptions, io: TerminalIO
    ) async -> ExitStatus {
        let progress = io.stderrIsTerminal ? ProgressBar(io: io) : nil
        let onProgress: (@Sendable (JSONValue) -> Void)? = progress.map { bar in { @Sendable value in bar.draw(value) } }
        let timeout = Duration.milliseconds(Int(global.timeoutSeconds * 1000))
        let work = Task { () async throws -> RawJSON in
            try await RPCClient.withConnection(socketPath: socket) { client in
                try await client.call(method, params: RawJSON(params), timeout: timeout, onProgress: onProgress)
            }
        }
        let interrupt = InterruptHandler { work.cancel() }
        defer { interrupt.stop() }
        do {
            let raw = try await work.value
            progress?.clear()
            let result = try raw.parsed()
            io.out(Output(json: global.json).render(result) + "\n")
            return .success
        } catch let error as RPCError {
            progress?.clear()
            io.err("hire: \(error.message) (\(error.code.rawValue))\n")
            if let data = error.data, !global.json { io.err("  \(data.jsonString)\n") }
            return .errorReply
        } catch let error as ClientError {
            progress?.clear()
            io.err("hire: \(error)\n")
            switch error {
            case .cannotConnect:
                io.err("hint: start the daemon with 'hired' (or 'systemctl --user start hired'), or pass --socket PATH\n")
                return .cannotConnect
            case .connectionClosed: return .cannotConnect
            case .timedOut, .protocolError: return .errorReply
            }
        } catch {
            progress?.clear()
            io.err("hire: \(error)\n")
            return .errorReply
        }
    }
}
