import ArgumentParser
import Foundation
import HireCore
import HireCrypto
import HireDaemon
import HireExchange
import HireProviders
import HireRPC
import Logging

/// `hired`: the daemon.
@main
struct HiredCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hired",
        abstract: "Serve recruiting data, encrypted at rest, over JSON-RPC 2.0 on a Unix socket.",
        discussion: """
            User mode (default) listens on $XDG_RUNTIME_DIR/hired/rpc.sock (or /tmp/hired-<uid>/rpc.sock) \
            and keeps data in $XDG_DATA_HOME/hired; only the same user may connect. --system listens on \
            /run/hired/rpc.sock with data in /var/lib/hired for every local user. systemd socket activation \
            (LISTEN_FDS) is honoured. SIGTERM or SIGINT finishes in-flight requests and removes the socket.
            """,
        version: Catalogue.version,
        subcommands: [KeyCommand.self])

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: ArgumentHelp("Seconds after SIGTERM by which the daemon has ended (requests still running are cancelled 3 s before).", valueName: "seconds"))
    var shutdownGrace: Int = 10

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Close a connection with no request in flight after this many seconds without a complete message.",
            valueName: "seconds"))
    var idleTimeout: Int = 600

    @Option(name: .long, help: ArgumentHelp("Background runs that may run at once; the others wait in order.", valueName: "n"))
    var maxBackgroundRuns: Int = 2

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run a shell command for each event of a topic, with the event's JSON on standard input (repeatable).",
            valueName: "topic=command"))
    var eventHook: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seconds an event hook may run before it is killed.", valueName: "seconds"))
    var hookTimeout: Int = 10

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Share postings, the sealed inbox and the member directory with daemons on other machines through this PostgreSQL "
                + "(postgresql://user@host:port/db?sslmode=verify-full, or postgresql:///db?host=/socket/dir; default: "
                + "$HIRED_EXCHANGE_URL). The password comes from ~/.pgpass or the credential exchange-password, never the URL.",
            valueName: "url"))
    var exchange: String?
    @OptionGroup(title: "Machine-wide LLM provider") var provider: MachineProviderOptions

    /// For tests and benchmarks only: cheaper password hashing (logged as a warning).
    @Option(name: .long, help: .hidden)
    var kdfMemoryMib: Int?

    func run() async throws {
        MemoryTuning.apply()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "hired")
        var configuration = location.configuration()
        configuration.shutdownGracePeriod = .seconds(shutdownGrace)
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second") }
        configuration.limits.idleTimeout = .seconds(idleTimeout)
        guard maxBackgroundRuns >= 1 else { throw ValidationError("--max-background-runs must be at least 1") }
        configuration.maxBackgroundRuns = maxBackgroundRuns
        guard hookTimeout >= 1 else { throw ValidationError("--hook-timeout must be at least 1 second") }
        configuration.hookTimeout = .seconds(hookTimeout)
        configuration.eventHooks = try Self.hooks(eventHook)
        configuration.inheritedSocket = SocketActivation.inheritedSocket(environment: ProcessInfo.processInfo.environment)
        configuration.languageModel = HTTPModelClient()
        let environment = ProcessInfo.processInfo.environment
        if let url = exchange ?? environment["HIRED_EXCHANGE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                configuration.sharedExchange = try PostgresExchange(url: url, environment: environment, logger: logger)
            } catch {
                throw ValidationError("--exchange: \(error)")
            }
        }
        configuration.machineProvider = try provider.settings()
        if let machine = configuration.machineProvider {
            logger.info(
                "machine-wide provider",
                metadata: ["provider.name": "\(machine.name)", "provider.kind": "\(machine.kind.rawValue)", "provider.model": "\(machine.model)"])
        }
        if let kdfMemoryMib {
            guard kdfMemoryMib >= 8 else { throw ValidationError("--kdf-memory-mib must be at least 8") }
            configuration.accounts.passwordKDF = Argon2Parameters(opsLimit: 1, memLimit: kdfMemoryMib << 20)
            logger.warning("password hashing weakened for testing", metadata: ["kdf.memoryMiB": "\(kdfMemoryMib)"])
        }
        umask(0o077)
        do {
            let daemon = try buildDaemon(configuration: configuration, logger: logger)
            try await daemon.run()
        } catch let error as StartupError {
            FileHandle.standardError.write(Data("hired: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension HiredCommand {
    /// `--event-hook topic=command` values, by topic; a topic named twice is an error.
    static func hooks(_ values: [String]) throws -> [EventTopic: String] {
        var hooks: [EventTopic: String] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let topic = EventTopic(rawValue: String(parts[0])), !parts[1].isEmpty else {
                let topics = EventTopic.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--event-hook takes topic=command, the topic one of \(topics); got '\(value)'")
            }
            guard hooks[topic] == nil else { throw ValidationError("--event-hook names \(topic.rawValue) twice") }
            hooks[topic] = String(parts[1])
        }
        return hooks
    }
}

/// Where the daemon's socket, data and machine key are.
struct LocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Listen on this Unix socket.", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Keep data in this directory.", valueName: "dir"))
    var dataDir: String?

    @Flag(name: .long, help: "Machine mode: /run/hired/rpc.sock and /var/lib/hired, every local user may connect.")
    var system = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the machine key from this file (default: $CREDENTIALS_DIRECTORY/hired-machine-key, else <data-dir>/machine.key).",
            valueName: "path"))
    var machineKeyFile: String?

    func configuration() -> DaemonConfiguration {
        var configuration = DaemonConfiguration.defaults(
            mode: system ? .system : .user, environment: ProcessInfo.processInfo.environment)
        if let socket { configuration.socketPath = socket }
        if let dataDir { configuration.dataDir = dataDir }
        configuration.machineKeyFile = machineKeyFile
        return configuration
    }
}

/// `hired key backup|restore`: the machine key, sealed under a passphrase.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Back up or restore the machine key.", subcommands: [Backup.self, Restore.self])

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the machine key sealed under a passphrase (Argon2id, libsodium's SENSITIVE limits).")
        @OptionGroup var location: LocationOptions
        @Option(name: .long, help: ArgumentHelp("The backup file to write (must not exist).", valueName: "file"))
        var out: String
        @Flag(name: .long, help: "Read the passphrase from standard input instead of the terminal.")
        var passphraseStdin = false

        func run() async throws {
            let configuration = location.configuration()
            var environment: [String: String] = [:]
            environment["CREDENTIALS_DIRECTORY"] = configuration.credentialsDirectory
            guard FileManager.default.fileExists(atPath: configuration.machineKeyFile ?? configuration.dataDir + "/machine.key")
                || configuration.credentialsDirectory != nil
            else { throw ValidationError("no machine key found for \(configuration.dataDir)") }
            let key = try MachineKey.load(
                dataDir: configuration.dataDir, explicitFile: configuration.machineKeyFile, environment: environment)
            let passphrase = try readPassphrase(stdin: passphraseStdin, confirm: true)
            let sealed = try MachineKey.backup(key, passphrase: passphrase)
            guard FileManager.default.createFile(atPath: out, contents: sealed, attributes: [.posixPermissions: 0o600]),
                !sealed.isEmpty
            else { throw ValidationError("cannot write \(out)") }
            print("wrote \(out); keep it and its passphrase apart from the data")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recreate a machine key file from a backup.")
        @Option(name: .long, help: ArgumentHelp("The backup file.", valueName: "file"))
        var from: String
        @Option(name: .long, help: ArgumentHelp("The machine key file to create (must not exist).", valueName: "path"))
        var out: String
        @Flag(name: .long, help: "Read the passphrase from standard input instead of the terminal.")
        var passphraseStdin = false

        func run() async throws {
            guard let backup = FileManager.default.contents(atPath: from) else { throw ValidationError("cannot read \(from)") }
            let passphrase = try readPassphrase(stdin: passphraseStdin, confirm: false)
            let key: SecureBytes
            do {
                key = try MachineKey.restore(backup, passphrase: passphrase)
            } catch {
                throw ValidationError("the passphrase does not open \(from), or it is not a machine key backup")
            }
            try MachineKey.write(key, to: out)
            print("wrote \(out)")
        }
    }
}

/// A passphrase from standard input or, without echo, from the terminal.
func readPassphrase(stdin: Bool, confirm: Bool) throws -> String {
    if stdin {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no passphrase on standard input") }
        return line
    }
    guard let first = getpass("Passphrase: ").map({ String(cString: $0) }), first.count >= 10 else {
        throw ValidationError("the passphrase must have at least 10 characters")
    }
    if confirm {
        guard let second = getpass("Again: ").map({ String(cString: $0) }), second == first else {
            throw ValidationError("the passphrases differ")
        }
    }
    return first
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--provider-*`: the machine-wide LLM provider of the daemon's configuration. Its API key is
/// never a flag (flags show in the process list): it is the systemd credential
/// `hired-provider-key` (`LoadCredential=hired-provider-key:/etc/hired/provider-key`).
struct MachineProviderOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A provider every user may name: openai or anthropic, with --provider-url and --provider-model; its API key is the systemd credential hired-provider-key.",
            valueName: "kind"))
    var providerKind: String?
    @Option(name: .long, help: ArgumentHelp("The machine-wide provider's base URL.", valueName: "url"))
    var providerUrl: String?
    @Option(name: .long, help: ArgumentHelp("The machine-wide provider's model.", valueName: "model"))
    var providerModel: String?
    @Option(name: .long, help: ArgumentHelp("The name users give it (provider param, --provider).", valueName: "name"))
    var providerName = "default"
    @Flag(name: .long, help: "Let personal data reach the machine-wide provider when it is not on loopback.")
    var providerAllowPersonalData = false

    /// The provider, nil without --provider-kind; the other flags must come with it.
    func settings() throws -> ProviderSettings? {
        guard let providerKind else {
            guard providerUrl == nil, providerModel == nil else { throw ValidationError("--provider-url and --provider-model need --provider-kind") }
            return nil
        }
        guard let kind = ProviderKind(rawValue: providerKind) else {
            throw ValidationError("--provider-kind is openai or anthropic, not '\(providerKind)'")
        }
        guard let providerUrl, let providerModel else { throw ValidationError("--provider-kind needs --provider-url and --provider-model") }
        return ProviderSettings(
            name: providerName, kind: kind, baseURL: providerUrl, model: providerModel, allowPersonalData: providerAllowPersonalData)
    }
}
