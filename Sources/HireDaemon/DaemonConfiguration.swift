import HireCore
import HireRPC

/// Everything that shapes one daemon instance; `hired`'s flags fill it in.
public struct DaemonConfiguration: Sendable {
    public var socketPath: String
    public var dataDir: String
    public var mode: DaemonMode
    public var limits: Limits
    /// How long SIGTERM waits for in-flight requests before cancelling them.
    public var shutdownGracePeriod: Duration
    /// A listening socket handed over by systemd (`LISTEN_FDS`), served instead of binding.
    public var inheritedSocket: CInt?
    /// `--machine-key-file`: where the machine key is, instead of the data dir or a credential.
    public var machineKeyFile: String?
    /// `$CREDENTIALS_DIRECTORY` (systemd), where `hired-machine-key` may be.
    public var credentialsDirectory: String?
    /// Accounts, sessions, password hashing costs.
    public var accounts = AccountSettings()
    /// How many background runs may run at once in the daemon; the others wait in order.
    public var maxBackgroundRuns = 2
    /// A shell command per event topic (`--event-hook`), run with the event's JSON on
    /// standard input.
    public var eventHooks: [EventTopic: String] = [:]
    /// How long a hook may run before it is killed.
    public var hookTimeout = Duration.seconds(10)
    /// How often the maintenance runs (expired sessions, idle vaults, postings closed by
    /// date announced to logged-in users); at most a minute, and half the vault idle time.
    public var maintenanceInterval = Duration.seconds(60)
    /// How the daemon reaches LLM providers (`hired` passes HireProviders' HTTP client); nil
    /// leaves only the builtin engines.
    public var languageModel: (any LanguageModelClient)?
    /// `--exchange`: postings, the sealed inbox and the member directory on an exchange shared
    /// with daemons on other machines (`hired` passes HireExchange's PostgreSQL); nil keeps
    /// them in this machine's `system.db`.
    public var sharedExchange: (any SharedExchange)?
    /// The machine-wide provider every user may name (`hired --provider-*`); its API key is
    /// read from the systemd credential `hired-provider-key` in `credentialsDirectory`.
    public var machineProvider: ProviderSettings?

    public init(
        socketPath: String, dataDir: String, mode: DaemonMode = .user, limits: Limits = Limits(),
        shutdownGracePeriod: Duration = .seconds(10), inheritedSocket: CInt? = nil
    ) {
        self.socketPath = socketPath
        self.dataDir = dataDir
        self.mode = mode
        self.limits = limits
        self.shutdownGracePeriod = shutdownGracePeriod
        self.inheritedSocket = inheritedSocket
    }

    /// The defaults of DESIGN.md for a mode.
    public static func defaults(mode: DaemonMode, environment: [String: String]) -> DaemonConfiguration {
        let locations = mode == .system ? Locations.system : Locations.user(environment: environment)
        var configuration = DaemonConfiguration(socketPath: locations.socket, dataDir: locations.dataDir, mode: mode)
        configuration.credentialsDirectory = environment["CREDENTIALS_DIRECTORY"]
        return configuration
    }
}

/// Limits that protect the daemon from one client; exceeding one is an error reply.
public struct Limits: Sendable, Equatable {
    public var maxMessageBytes = 16 << 20
    public var maxBatchItems = 100
    public var maxConnections = 256
    /// Connections one peer uid may hold at once.
    public var maxConnectionsPerUid = 64
    /// In machine mode, the last this many connection slots are kept for uids that hold none,
    /// so that another user can always connect.
    public var reservedConnections = 16
    /// A connection with no request in flight and no event subscription that receives no
    /// complete message for this long is closed.
    public var idleTimeout = Duration.seconds(600)
    public var maxInFlightPerConnection = 32
    /// `$/progress` notifications are sent at most this often per request.
    public var progressInterval = Duration.milliseconds(100)
    /// The largest resume or job description file a request may name (`resumes.add`,
    /// `jobs.attachDescription`); larger files are refused before they are read.
    public var maxDocumentFileBytes = 32 << 20
    /// The largest board CSV a request may name (`mtb.import`, `jobs.import`): room for a
    /// board of a million rows.
    public var maxBoardFileBytes = 1 << 30
    /// The largest original file returned in a reply (base64); a larger one must be written
    /// to a `path`.
    public var maxReplyFileBytes = 12 << 20

    public init() {}
}
