import Foundation
import HireCore
import HireMatching
import HireRPC
import HireStorage
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// A wired daemon: its server and what it needs to run. `hired` and the tests build it the
/// same way, through `buildDaemon`.
public struct Hired: Sendable {
    public let server: RPCServer
    let maintenance: AccountMaintenance
    let runs: RunQueue
    /// Keeps the shared exchange connected, when there is one.
    let exchange: ExchangeConnection?
    let orgSync: OrgSyncLoop
    let lock: DataDirLock
    let logger: Logger

    /// Runs until one of `signals` arrives (or the task is cancelled), then shuts down
    /// gracefully; if that has not ended when the grace period is over, the process exits
    /// anyway (see `HardStop`).
    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let configuration = server.configuration
        let hardStop = HardStop(
            grace: configuration.shutdownGracePeriod,
            socketToRemove: configuration.inheritedSocket == nil ? configuration.socketPath : nil, logger: logger,
            closeStores: { [maintenance] in maintenance.accounts.vaults.lockAll(wait: .zero) })
        hardStop.watch(signals.map(\.rawValue))
        defer { hardStop.finish() }
        // The skills taxonomy is built at first use (a tenth of a second of CPU): built now, in
        // the background, the first resume or job description read does not wait for it.
        Task.detached(priority: .utility) { _ = Taxonomy.builtin }
        try await serviceGroup(signals: signals).run()
        EncryptedDatabase.forgetAllKeys()
        withExtendedLifetime(lock) {}
    }

    /// The service group, for callers that trigger shutdown themselves (tests).
    package func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        // Services stop in reverse order: background runs first (they are failed, as nobody
        // waits for them), then the server (its requests end or are cancelled), then
        // maintenance, which locks the vaults, never while a request or a run writes; the
        // exchange's connection last, as long as anything may use it.
        let services: [ServiceGroupConfiguration.ServiceConfiguration] =
            (exchange.map { [.init(service: $0)] } ?? []) + [.init(service: maintenance), .init(service: server), .init(service: orgSync), .init(service: runs)]
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
        configuration.maximumGracefulShutdownDuration = server.configuration.shutdownGracePeriod + .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// Wires a daemon: takes the data-dir lock (failing at once if another daemon holds it),
/// registers every catalogue method plus any `extraMethods` (tests add their own).
package func buildDaemon(
    configuration: DaemonConfiguration, logger: Logger,
    extraMethods: (inout Router) -> Void = { _ in }
) throws -> Hired {
    var configuration = configuration
    // Under socket activation the socket is the one systemd bound, wherever that is: report it.
    if let fd = configuration.inheritedSocket, let path = SocketActivation.boundPath(of: fd) {
        configuration.socketPath = path
    }
    // A socket another daemon serves is refused before anything is created: no data dir, key
    // or database is left behind by a start that cannot listen.
    if configuration.inheritedSocket == nil, SocketPreparation.isListening(configuration.socketPath) {
        throw StartupError("another hired is already listening on \(configuration.socketPath)")
    }
    let lock = try DataDirLock(dataDir: configuration.dataDir, socketPath: configuration.socketPath)
    var environment: [String: String] = [:]
    environment["CREDENTIALS_DIRECTORY"] = configuration.credentialsDirectory
    let machineKey = try MachineKey.load(
        dataDir: configuration.dataDir, explicitFile: configuration.machineKeyFile, environment: environment)
    // Org logs and the identities their entries are checked with live where the exchange does.
    let accounts = try AccountService.open(
        dataDir: configuration.dataDir, machineKey: machineKey, settings: configuration.accounts, orgLog: configuration.sharedExchange,
        logger: logger)
    let state = DaemonState(configuration: configuration, accounts: accounts)
    let vaults = accounts.vaults
    let clock = accounts.settings.clock
    if !configuration.eventHooks.isEmpty {
        // A hook that exits without reading its input must not end the daemon: writing to it
        // fails (EPIPE) instead of raising SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }
    // What crosses accounts goes through the exchange (`system.db`, or the one `--exchange`
    // shares with other machines) and its sealed inbox, which delivers what waits for a user
    // whenever their vault is opened by a login or attach.
    let shared = configuration.sharedExchange
    let exchange: any Exchange = shared ?? accounts.store
    let inbox = Inbox(exchange: exchange, clock: clock, logger: logger)
    // Delivers and settles a user's inbox on their borrowed vault: a logout meanwhile closes
    // the vault after, never under, the delivery. At each unlock, and each maintenance round;
    // a shared exchange first learns who the user is (their key may be new since the last round,
    // or the exchange may have been away then).
    let settleInbox: @Sendable (String, VaultHold) async -> Void = { userId, hold in
        defer { hold.release() }
        do {
            if let shared, let member = try await accounts.store.member(id: userId) {
                // The directory entry first: it keeps the signing key the identity adds.
                try await shared.publishMember(member)
                await accounts.publishIdentity(userId: userId, vault: hold.store)
            }
            try await inbox.deliver(to: userId, vault: hold.store, settling: true)
        } catch {
            logger.error("cannot deliver the inbox", metadata: ["user.id": "\(userId)", "error": "\(error)"])
        }
    }
    if let shared {
        // A deleted account leaves the shared exchange too; when it is away, the deletion stands
        // and what it held there (a name, a key, ads, sealed messages) is removed by hand.
        vaults.whenDestroyed { userId in
            Task {
                do {
                    try await shared.forgetMember(id: userId)
                } catch {
                    logger.error("cannot remove a deleted account from the exchange", metadata: ["user.id": "\(userId)", "error": "\(error)"])
                }
            }
        }
    }
    vaults.whenUnlocked { [weak vaults] userId, _ in
        guard let hold = vaults?.borrow(userId: userId) else { return }
        Task { await settleInbox(userId, hold) }
    }
    let events = EventHub(
        openVault: { [weak vaults] in vaults?.borrow(userId: $0) }, offline: InboxEventDelivery(inbox: inbox),
        hooks: EventHooks(commands: configuration.eventHooks, timeout: configuration.hookTimeout, logger: logger),
        clock: clock, logger: logger)
    let recorder = RunRecorder(clock: clock)
    let runs = RunQueue(limit: configuration.maxBackgroundRuns, recorder: recorder, events: events, logger: logger)
    vaults.whenOpened { userId, vault in await runs.failInterrupted(userId: userId, vault: vault) }
    var router = Router(runs: runs)
    let grading = GradingSeal(machineKey: machineKey)
    // Orgs sync through the same transport identities are published to: `system.db`, or the
    // exchange shared with other machines.
    let orgApplications = OrgApplications(sync: OrgSync(log: accounts.orgLog, clock: clock), exchange: exchange, clock: clock, logger: logger)
    let orgs = OrgService(applications: orgApplications, accounts: accounts.store, clock: clock)
    let orgSync = OrgSyncLoop(service: orgs, vaults: vaults, recheck: .seconds(300), logger: logger)
    // A member who logs in catches up on their orgs at once.
    vaults.whenUnlocked { userId, _ in Task { await orgSync.sync(userId: userId, only: nil) } }
    orgs.registerMethods(with: &router)
    for service in services(
        accounts: accounts, recorder: recorder, events: events, runs: runs, exchange: exchange, inbox: inbox, orgs: orgs, grading: grading,
        models: ModelEngine(
            client: configuration.languageModel,
            machine: try configuration.machineProvider.map { try MachineProviderKey.provider($0, credentialsDirectory: configuration.credentialsDirectory) }))
    {
        service.registerMethods(with: &router)
    }
    extraMethods(&router)
    // Last: rpc.discover describes every method registered before it.
    DaemonService(state: state).registerMethods(with: &router)
    let server = RPCServer(
        configuration: configuration, router: router, state: state, logger: logger,
        group: MultiThreadedEventLoopGroup.singleton)
    // Each round also settles the inbox of every user logged in: what time alone brings (a
    // posting past its closing date) reaches them within a round, not at their next call.
    let maintenance = AccountMaintenance(accounts: accounts, interval: configuration.maintenanceInterval) { [weak vaults] in
        for userId in vaults?.unlockedUserIds() ?? [] {
            if let hold = vaults?.borrow(userId: userId) { await settleInbox(userId, hold) }
        }
    }
    return Hired(
        server: server, maintenance: maintenance, runs: runs, exchange: shared.map(ExchangeConnection.init), orgSync: orgSync, lock: lock,
        logger: logger)
}

/// The services, one per noun, each built with what it needs: the daemon's one clock (the
/// accounts' settings carry it, so a test's clock reaches every service), the one recorder of
/// runs, the board (whose index the job and match services use), the event hub, the queue of
/// background runs, and what crosses accounts (postings, applications and interviews, whose
/// rubrics travel sealed by `grading`).
private func services(
    accounts: AccountService, recorder runs: RunRecorder, events: EventHub, runs queue: RunQueue, exchange: any Exchange, inbox: Inbox,
    orgs: OrgService, grading: GradingSeal, models: ModelEngine
) -> [any RegistrableService]
{
    let clock = accounts.settings.clock
    let board = BoardService(runs: runs)
    let matching = MatchService(board: board, runs: runs, models: models)
    // What the in-memory indexes hold came from a vault: it goes when the vault locks.
    accounts.vaults.whenLocked { userId in
        matching.forget(userId: userId)
    }
    let applications = ApplicationService(exchange: exchange, inbox: inbox, orgs: orgs, events: events, clock: clock)
    return [
        accounts, board, JobService(board: board, runs: runs, models: models), ResumeService(clock: clock, runs: runs, models: models), matching,
        HistoryService(runs: runs), ProviderService(models: models),
        RunService(queue: queue), EventService(hub: events),
        PostingService(exchange: exchange, inbox: inbox, orgs: orgs, events: events, clock: clock), applications,
        InterviewService(
            exchange: exchange, inbox: inbox, events: events, applications: applications, orgs: orgs, grading: grading, models: models,
            runs: runs),
    ]
}

/// Keeps a shared exchange connected (its schema migrated, its wake-ups heard, reconnecting
/// with backoff) while the daemon runs.
struct ExchangeConnection: Service {
    let exchange: any SharedExchange

    func run() async throws {
        await cancelWhenGracefulShutdown { await exchange.run() }
    }
}

/// Every minute: expired sessions are deleted and idle vaults locked. At shutdown every
/// vault is locked (checkpointed and closed), which wipes its keys, and system.db is
/// checkpointed: a clean stop leaves no log to recover.
struct AccountMaintenance: Service {
    let accounts: AccountService
    let interval: Duration
    /// More work for each round, after the sweep.
    let round: @Sendable () async -> Void

    func run() async throws {
        let interval = min(self.interval, accounts.settings.vaultIdleLock / 2)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
            await accounts.sweep()
            await round()
        }
        accounts.vaults.lockAll()
        accounts.close()
    }
}
