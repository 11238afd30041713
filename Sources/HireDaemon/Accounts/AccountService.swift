import Foundation
import HireCore
import HireCrypto
import HireRPC
import HireStorage
import Logging
import Synchronization

/// A connection's logged-in session.
public struct SessionBinding: Sendable, Equatable {
    public var sessionId: String
    public var userId: String
    public var role: Role
}

/// Settings of accounts and sessions.
public struct AccountSettings: Sendable {
    /// Argon2id costs for new password wraps (a change re-wraps at the next login).
    public var passwordKDF = Argon2Parameters.interactive
    /// A session ends after this long without a call, unless `ttlSeconds` asks for less.
    public var sessionIdleTTL: Duration = .seconds(12 * 3600)
    /// No session lives longer than this.
    public var sessionMaxAge: Duration = .seconds(30 * 24 * 3600)
    /// An unlocked vault is locked (keys wiped) after this long without a call.
    public var vaultIdleLock: Duration = .seconds(30 * 60)
    /// After this many failed logins for one account, each retry waits twice as long.
    public var freeFailures = 5
    /// The first of those waits, in seconds (then 2×, 4×, …, at most 15 minutes).
    public var firstBackoffSeconds: Double = 1
    /// Failed logins per minute across the machine above which a login that failed lately
    /// (an account, or a name that matches none) gets no free attempts: it waits until the
    /// machine is quiet again. Accounts without recent failures are never held back by it.
    public var globalFailuresPerMinute = 60
    /// How recent a failure must be to count as "failed lately" under machine-wide pressure.
    public var recentFailureWindow: TimeInterval = 15 * 60
    /// Where accounts read the time: session expiry, idle vault locks, login backoff. Tests
    /// set one they move forward, instead of waiting for the time to pass.
    public var clock: any Clock = SystemClock()

    public init() {}
}

/// Accounts, keys and sessions (CRYPTO.md §2): registration, login, tokens that reopen the
/// vault after a restart, password change and recovery, and crypto-shredding.
///
/// Nothing on disk unlocks a key without a password, a recovery key or a session token.
public final class AccountService: Sendable {
    let store: SystemStore
    /// Where identities are published for orgs and org logs are kept: `system.db` (see
    /// `SystemStore+OrgLog`), or the exchange shared with other machines.
    let orgLog: any OrgLog
    let dataDir: String
    let settings: AccountSettings
    private let keys: MachineKeyRing
    private let logger: Logger
    let vaults: VaultRegistry
    /// Sessions seen since start (by id) with their expiries, to check calls without a read.
    private let active = Mutex<[String: ActiveSession]>([:])
    private let recentFailures = Mutex<[Date]>([])
    /// Argon2id runs here, one at a time, off the cooperative threads.
    private let kdfQueue = DispatchQueue(label: "hired.argon2id")

    struct ActiveSession {
        var userId: String
        var idleTTL: TimeInterval
        var idleExpiresAt: Date
        var absoluteExpiresAt: Date
        var lastPersisted: Date
    }

    init(
        store: SystemStore, orgLog: (any OrgLog)? = nil, machineKey: SecureBytes, dataDir: String, settings: AccountSettings, logger: Logger
    ) {
        self.store = store
        self.orgLog = orgLog ?? store
        self.keys = MachineKeyRing(machineKey)
        self.dataDir = dataDir
        self.settings = settings
        self.logger = logger
        self.vaults = VaultRegistry(dataDir: dataDir, idleLock: settings.vaultIdleLock, clock: settings.clock)
    }

    /// The time now, as the settings' clock says.
    private var now: Date { settings.clock.now }

    /// Opens system.db with the machine key, or explains why it cannot be opened.
    static func open(
        dataDir: String, machineKey: SecureBytes, settings: AccountSettings, orgLog: (any OrgLog)? = nil, logger: Logger
    ) throws -> AccountService {
        let ring = MachineKeyRing(machineKey)
        do {
            let store = try SystemStore(path: dataDir + "/system.db", key: ring.systemStore)
            return AccountService(store: store, orgLog: orgLog, machineKey: machineKey, dataDir: dataDir, settings: settings, logger: logger)
        } catch .wrongKey(let path) {
            throw StartupError(
                "the machine key does not open \(path): this data dir was made with another key "
                    + "(check --machine-key-file or the systemd credential); nothing was changed")
        } catch .corrupt(let path, let detail) {
            throw StartupError(
                "\(path) is damaged (\(detail)): hired does not start on a damaged system store, which holds every "
                    + "account and key wrap; nothing was changed. Restore system.db and system.db-wal from a backup of the "
                    + "data dir (with the machine key it was made with: `hired key restore`)")
        } catch {
            throw StartupError("cannot open \(dataDir)/system.db: \(error)")
        }
    }

    /// Sessions attached since the daemon started that have not ended.
    var activeSessionCount: Int { active.withLock { $0.count } }

    // MARK: - Registration

    /// `auth.register`: a new account and its vault; returns the user and the recovery key
    /// (shown once).
    func register(username: String, email: String, password: String, role: Role, displayName: String?) async throws
        -> (user: User, recoveryKey: String)
    {
        let username = username.trimmingCharacters(in: .whitespaces)
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard PasswordPolicy.isValidUsername(username) else {
            throw AccountError.invalidUsername
        }
        guard PasswordPolicy.isValidEmail(email) else { throw AccountError.invalidEmail(email) }
        if let reason = PasswordPolicy.problem(password: password, username: username, email: email) {
            throw AccountError.weakPassword(reason: reason)
        }
        if let existing = try await store.account(login: username), existing.username.lowercased() == username.lowercased() {
            throw AccountError.usernameTaken(username)
        }
        if try await store.account(login: email) != nil { throw AccountError.emailTaken(email) }

        let userId = UUID().uuidString.lowercased()
        let masterKey = SecureBytes.random(32)
        let passwordWrap = try await passwordWrap(masterKey, password: password, userId: userId)
        let recovery = SecureBytes.random(32)
        let recoveryWrap = KeyWrap.wrap(masterKey, with: recoveryKEK(recovery), binding: binding(.recovery, userId))
        let account = AccountRecord(
            id: userId, username: username, email: email, role: role.rawValue,
            displayName: displayName?.trimmingCharacters(in: .whitespaces).nonEmpty ?? username, createdAt: now)
        do {
            try await store.insertAccount(account, wraps: [.password: passwordWrap.encoded(), .recovery: recoveryWrap.encoded()])
        } catch StoreConflict.usernameTaken {
            throw AccountError.usernameTaken(username)
        } catch StoreConflict.emailTaken {
            throw AccountError.emailTaken(email)
        }
        // Create the vault now, so it exists from the first login on, and publish the key
        // others seal to this user with.
        let publicKey = try vaults.create(userId: userId, masterKey: masterKey)
        try await store.setPublicKey(userId: userId, publicKey)
        await publishIdentity(
            account, boxPublicKey: publicKey, signPublicKey: Data(VaultStore.signingKeys(masterKey: masterKey).publicKey))
        logger.info("account created", metadata: ["user.id": "\(userId)"])
        return (view(account), RecoveryKey.format(recovery))
    }

    // MARK: - Login and sessions

    /// `auth.login`: a new session for a login (username or email) and password, for `peer`
    /// only; `ttlSeconds` shortens its idle time.
    func login(_ login: String, password: String, ttlSeconds: Int?, peer: PeerCredentials) async throws
        -> (token: String, expiresAt: Date, user: User, binding: SessionBinding)
    {
        let login = login.trimmingCharacters(in: .whitespaces)
        let found = try await store.account(login: login)
        let key = Self.failureKey(found, login: login)
        try await checkRateLimit(key: key)
        guard let account = found else {
            _ = try? await derive(password: password, salt: Sodium.randomBytes(PasswordHashing.saltBytes), settings.passwordKDF)
            try await failed(key: key)
        }
        guard let masterKey = try await unlockWithPassword(account, password: password) else {
            try await failed(key: key)
        }
        try await store.clearLoginFailures(key: key)
        var idle = TimeInterval(settings.sessionIdleTTL.components.seconds)
        if let ttl = ttlSeconds {
            guard ttl > 0 else { throw InvalidInput("ttlSeconds must be positive") }
            idle = min(TimeInterval(ttl), TimeInterval(settings.sessionMaxAge.components.seconds))
        }
        let now = self.now
        let absolute = now.addingTimeInterval(TimeInterval(settings.sessionMaxAge.components.seconds))
        let token = SecureBytes.random(32)
        let sessionId = UUID().uuidString.lowercased()
        let wrap = KeyWrap.wrap(
            masterKey, with: KeyedHash.key(token, key: keys.sessionWrap),
            binding: sessionBinding(userId: account.id, sessionId: sessionId, absoluteExpiresAt: absolute))
        let record = SessionRecord(
            id: sessionId, lookup: Data(lookup(token)), userId: account.id, wrap: wrap.encoded(), peerUid: peer.uid,
            createdAt: now, lastUsedAt: now, idleExpiresAt: now.addingTimeInterval(idle), absoluteExpiresAt: absolute)
        try await store.insertSession(record)
        try await vaults.unlock(userId: account.id, masterKey: masterKey)
        activate(record, idleTTL: idle)
        try await opened(account)
        let role = Role(rawValue: account.role) ?? .candidate
        return (SessionToken.format(token), record.expiresAt, view(account), SessionBinding(sessionId: sessionId, userId: account.id, role: role))
    }

    /// `auth.attach`: the session a token stands for, for the peer that logged in.
    func attach(token text: String, peer: PeerCredentials) async throws -> (user: User, expiresAt: Date, binding: SessionBinding) {
        guard let token = SessionToken.parse(text) else { throw AccountError.notAToken }
        guard let record = try await store.session(lookup: Data(lookup(token))), record.peerUid == peer.uid else {
            throw AccountError.unknownToken
        }
        let now = self.now
        guard record.expiresAt > now else {
            _ = try await store.deleteSession(id: record.id, userId: record.userId)
            deactivate(sessionIds: [record.id])
            throw AccountError.sessionExpired
        }
        let masterKey: SecureBytes
        do {
            masterKey = try KeyWrap.unwrap(
                try WrappedKey.decode(record.wrap), with: KeyedHash.key(token, key: keys.sessionWrap),
                binding: sessionBinding(userId: record.userId, sessionId: record.id, absoluteExpiresAt: record.absoluteExpiresAt))
        } catch {
            throw AccountError.unknownToken
        }
        guard let account = try await store.account(id: record.userId) else {
            throw AccountError.unknownToken
        }
        try await vaults.unlock(userId: account.id, masterKey: masterKey)
        let idle = record.idleExpiresAt.timeIntervalSince(record.lastUsedAt)
        var touched = record
        touched.lastUsedAt = now
        touched.idleExpiresAt = min(now.addingTimeInterval(idle), record.absoluteExpiresAt)
        try await store.touchSession(id: record.id, at: now, idleExpiresAt: touched.idleExpiresAt)
        activate(touched, idleTTL: idle)
        try await opened(account)
        return (
            view(account), touched.expiresAt,
            SessionBinding(sessionId: record.id, userId: record.userId, role: Role(rawValue: account.role) ?? .candidate)
        )
    }

    /// Checks a bound session before a call: still there, not expired. Slides the idle expiry.
    func validate(_ binding: SessionBinding) throws(AccountError) {
        let now = self.now
        let persist: (String, Date)? = try active.withLock { sessions throws(AccountError) in
            guard var session = sessions[binding.sessionId] else {
                throw AccountError.sessionEnded
            }
            guard session.idleExpiresAt > now, session.absoluteExpiresAt > now else {
                sessions[binding.sessionId] = nil
                throw AccountError.sessionExpired
            }
            session.idleExpiresAt = min(now.addingTimeInterval(session.idleTTL), session.absoluteExpiresAt)
            var write: (String, Date)?
            if now.timeIntervalSince(session.lastPersisted) > 60 {
                session.lastPersisted = now
                write = (binding.sessionId, session.idleExpiresAt)
            }
            sessions[binding.sessionId] = session
            return write
        }
        vaults.touch(userId: binding.userId)
        if let (id, idleExpiresAt) = persist {
            let store = self.store
            Task { try? await store.touchSession(id: id, at: now, idleExpiresAt: idleExpiresAt) }
        }
    }

    func whoami(_ binding: SessionBinding) async throws -> UserView {
        guard let account = try await store.account(id: binding.userId) else {
            throw AccountError.accountGone
        }
        return view(account)
    }

    func logout(_ binding: SessionBinding, all: Bool) async throws {
        if all {
            let ids = try await store.sessions(userId: binding.userId).map(\.id)
            try await store.deleteSessions(userId: binding.userId)
            deactivate(sessionIds: ids + [binding.sessionId])
        } else {
            _ = try await store.deleteSession(id: binding.sessionId, userId: binding.userId)
            deactivate(sessionIds: [binding.sessionId])
        }
        lockVaultIfUnused(userId: binding.userId)
    }

    /// The sessions of the caller's account.
    func sessions(_ binding: SessionBinding) async throws -> [SessionRecord] {
        try await store.sessions(userId: binding.userId)
    }

    func revoke(_ binding: SessionBinding, sessionId: String) async throws {
        guard try await store.deleteSession(id: sessionId, userId: binding.userId) else {
            throw AccountError.sessionNotFound(sessionId)
        }
        deactivate(sessionIds: [sessionId])
        lockVaultIfUnused(userId: binding.userId)
    }

    // MARK: - Passwords and recovery

    /// `auth.changePassword`: the current password, then the new one; other sessions end.
    func changePassword(_ binding: SessionBinding, current: String, new: String) async throws {
        guard let account = try await store.account(id: binding.userId) else { throw AccountError.sessionOver }
        let key = Self.failureKey(account, login: account.username)
        try await checkRateLimit(key: key)
        guard let masterKey = try await unlockWithPassword(account, password: current) else {
            try await failed(key: key)
        }
        if let reason = PasswordPolicy.problem(password: new, username: account.username, email: account.email) {
            throw AccountError.weakPassword(reason: reason)
        }
        let wrap = try await passwordWrap(masterKey, password: new, userId: account.id)
        let others = try await store.sessions(userId: account.id).map(\.id).filter { $0 != binding.sessionId }
        try await store.replaceWraps(userId: account.id, [.password: wrap.encoded()], keepSession: binding.sessionId)
        deactivate(sessionIds: others)
        logger.info("password changed", metadata: ["user.id": "\(account.id)"])
    }

    /// `auth.recover`: a new password set with the recovery key; returns the new recovery key
    /// (the old one is spent). Every session ends.
    func recover(_ login: String, recoveryKey: String, newPassword: String) async throws -> String {
        let login = login.trimmingCharacters(in: .whitespaces)
        let found = try await store.account(login: login)
        let key = Self.failureKey(found, login: login)
        try await checkRateLimit(key: key)
        guard let account = found, let recovery = RecoveryKey.parse(recoveryKey),
            let wrapData = try await store.wrap(userId: account.id, kind: .recovery),
            let masterKey = try? KeyWrap.unwrap(
                try WrappedKey.decode(wrapData), with: recoveryKEK(recovery), binding: binding(.recovery, account.id))
        else { try await failed(key: key, as: .wrongRecoveryKey) }
        if let reason = PasswordPolicy.problem(password: newPassword, username: account.username, email: account.email) {
            throw AccountError.weakPassword(reason: reason)
        }
        try await store.clearLoginFailures(key: key)
        let passwordWrap = try await passwordWrap(masterKey, password: newPassword, userId: account.id)
        let newRecovery = SecureBytes.random(32)
        let recoveryWrap = KeyWrap.wrap(masterKey, with: recoveryKEK(newRecovery), binding: binding(.recovery, account.id))
        let sessions = try await store.sessions(userId: account.id).map(\.id)
        try await store.replaceWraps(
            userId: account.id, [.password: passwordWrap.encoded(), .recovery: recoveryWrap.encoded()], keepSession: nil)
        deactivate(sessionIds: sessions)
        logger.info("account recovered", metadata: ["user.id": "\(account.id)"])
        return RecoveryKey.format(newRecovery)
    }

    /// Crypto-shredding: every wrap of the master key is deleted in one transaction and
    /// checkpointed away, then the vault and blob files are removed.
    func deleteAccount(_ binding: SessionBinding, password: String) async throws {
        guard let account = try await store.account(id: binding.userId) else { throw AccountError.sessionOver }
        let key = Self.failureKey(account, login: account.username)
        try await checkRateLimit(key: key)
        guard try await unlockWithPassword(account, password: password) != nil else {
            try await failed(key: key)
        }
        let sessions = try await store.sessions(userId: account.id).map(\.id)
        try await store.deleteAccount(id: account.id)
        deactivate(sessionIds: sessions + [binding.sessionId])
        vaults.destroy(userId: account.id)
        logger.info("account deleted", metadata: ["user.id": "\(account.id)"])
    }

    // MARK: - Maintenance

    /// Deletes expired sessions and locks idle vaults; the daemon calls this every minute.
    func sweep() async {
        let now = self.now
        if let expired = try? await store.deleteExpiredSessions(now: now) { deactivate(sessionIds: expired) }
        active.withLock { sessions in
            sessions = sessions.filter { $0.value.idleExpiresAt > now && $0.value.absoluteExpiresAt > now }
        }
        vaults.lockIdle(now: now)
    }

    /// Moves system.db's log into the database file and closes it (at a clean stop); a failure
    /// is logged.
    func close() {
        do {
            try store.close()
        } catch {
            logger.error("cannot checkpoint system.db", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Internal

    /// After a login or attach opened the vault: publishes the user's public key if it is not
    /// (accounts made before keys were), then tells the unlock observers.
    private func opened(_ account: AccountRecord) async throws {
        let vault = try vaults.vault(userId: account.id)
        if account.publicKey != vault.publicKey { try await store.setPublicKey(userId: account.id, vault.publicKey) }
        await publishIdentity(account, boxPublicKey: vault.publicKey, signPublicKey: vault.signPublicKey)
        vaults.unlocked(userId: account.id)
    }

    /// Publishes the identity of a user whose vault is open, if it is not published as it is:
    /// each maintenance round, so one a shared exchange missed (away at the login) gets there.
    func publishIdentity(userId: String, vault: any UserStore) async {
        guard let account = try? await store.account(id: userId) else { return }
        await publishIdentity(account, boxPublicKey: vault.publicKey, signPublicKey: vault.signPublicKey)
    }

    /// Publishes the user's name and public keys for orgs, unless they are already published
    /// as they are (accounts made before orgs publish at their next login). A shared exchange
    /// that is away does not stop a registration or a login (local first): the next unlock or
    /// maintenance round publishes then.
    private func publishIdentity(_ account: AccountRecord, boxPublicKey: Data, signPublicKey: Data) async {
        let identity = PublishedIdentity(
            userId: account.id, displayName: account.displayName, boxPublicKey: boxPublicKey, signPublicKey: signPublicKey)
        do {
            if try await orgLog.identity(userId: account.id) != identity { try await orgLog.publish(identity) }
        } catch {
            logger.warning("cannot publish the identity yet", metadata: ["user.id": "\(account.id)", "error": "\(type(of: error))"])
        }
    }

    private func binding(_ kind: WrapKind, _ userId: String) -> WrapBinding {
        WrapBinding(purpose: kind.rawValue, owner: userId)
    }

    private func sessionBinding(userId: String, sessionId: String, absoluteExpiresAt: Date) -> WrapBinding {
        WrapBinding(purpose: "session", owner: userId, extra: "\(sessionId)|\(Int64(absoluteExpiresAt.timeIntervalSince1970))")
    }

    private func lookup(_ token: SecureBytes) -> [UInt8] {
        token.withUnsafeBytes { KeyedHash.hash(Array($0), key: keys.sessionLookup) }
    }

    private func recoveryKEK(_ recovery: SecureBytes) -> SecureBytes { KeyedHash.key(recovery, key: keys.pepper) }

    private func derive(password: String, salt: [UInt8], _ parameters: Argon2Parameters) async throws -> SecureBytes {
        let stretched = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SecureBytes, any Error>) in
            kdfQueue.async {
                continuation.resume(with: Result { try PasswordHashing.derive(password: password, salt: salt, parameters: parameters) })
            }
        }
        return KeyedHash.key(stretched, key: keys.pepper)
    }

    private func passwordWrap(_ masterKey: SecureBytes, password: String, userId: String) async throws -> WrappedKey {
        let salt = Sodium.randomBytes(PasswordHashing.saltBytes)
        let kek = try await derive(password: password, salt: salt, settings.passwordKDF)
        return KeyWrap.wrap(
            masterKey, with: kek, binding: binding(.password, userId),
            kdf: PasswordKDFRecord(salt: Data(salt), parameters: settings.passwordKDF))
    }

    /// The master key when `password` opens the account's password wrap (a failed unwrap is
    /// the password check); re-wraps with the current costs when they changed.
    private func unlockWithPassword(_ account: AccountRecord, password: String) async throws -> SecureBytes? {
        guard let data = try await store.wrap(userId: account.id, kind: .password) else { return nil }
        let wrap = try WrappedKey.decode(data)
        guard let kdf = wrap.kdf else { return nil }
        let kek = try await derive(password: password, salt: Array(kdf.salt), kdf.parameters)
        guard let masterKey = try? KeyWrap.unwrap(wrap, with: kek, binding: binding(.password, account.id)) else { return nil }
        if kdf.parameters != settings.passwordKDF {
            let rewrapped = try await passwordWrap(masterKey, password: password, userId: account.id)
            try await store.replaceWraps(userId: account.id, [.password: rewrapped.encoded()], keepSession: nil)
        }
        return masterKey
    }

    /// Whom failures count against: the account when the login names one, by username or
    /// email alike (so switching between them gains nothing), else the name typed, in lower case.
    static func failureKey(_ account: AccountRecord?, login: String) -> String {
        if let account { "account:\(account.id)" } else { "name:\(login.lowercased())" }
    }

    /// Per key: five free failures, then each retry waits twice as long (at most 15 min).
    /// Machine-wide: past `globalFailuresPerMinute`, a key that failed lately waits for a quiet
    /// minute; keys without recent failures go on as usual, so a flood of guesses at unknown
    /// names or other accounts locks nobody else out.
    private func checkRateLimit(key: String) async throws {
        let now = self.now
        let global = recentFailures.withLock { failures in
            failures.removeAll { now.timeIntervalSince($0) >= 60 }
            return failures.count
        }
        guard let (count, last) = try await store.loginFailures(key: key) else { return }
        if global >= settings.globalFailuresPerMinute, now.timeIntervalSince(last) < settings.recentFailureWindow {
            throw AccountError.rateLimited(retryAfterSeconds: 60, machineWide: true)
        }
        guard count >= settings.freeFailures else { return }
        let delay = min(settings.firstBackoffSeconds * pow(2, Double(count - settings.freeFailures)), 900)
        let wait = last.addingTimeInterval(delay).timeIntervalSince(now)
        if wait > 0 {
            let seconds = Int(wait.rounded(.up))
            throw AccountError.rateLimited(retryAfterSeconds: seconds, machineWide: false)
        }
    }

    private func failed(key: String, as error: AccountError = .wrongCredentials) async throws -> Never {
        let now = self.now
        recentFailures.withLock { $0.append(now) }
        try await store.recordLoginFailure(key: key, at: now)
        throw error
    }

    private func activate(_ record: SessionRecord, idleTTL: TimeInterval) {
        active.withLock {
            $0[record.id] = ActiveSession(
                userId: record.userId, idleTTL: idleTTL, idleExpiresAt: record.idleExpiresAt,
                absoluteExpiresAt: record.absoluteExpiresAt, lastPersisted: record.lastUsedAt)
        }
    }

    private func deactivate(sessionIds: [String]) {
        active.withLock { sessions in for id in sessionIds { sessions[id] = nil } }
    }

    private func lockVaultIfUnused(userId: String) {
        let inUse = active.withLock { $0.values.contains { $0.userId == userId } }
        if !inUse { vaults.lock(userId: userId) }
    }

    private func view(_ account: AccountRecord) -> UserView {
        UserView(
            id: account.id, username: account.username, email: account.email, role: Role(rawValue: account.role) ?? .candidate,
            displayName: account.displayName, createdAt: rfc3339(account.createdAt))
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Session tokens on the wire: 32 random bytes, base64url without padding.
enum SessionToken {
    static func format(_ token: SecureBytes) -> String {
        token.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func parse(_ text: String) -> SecureBytes? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), data.count == 32 else { return nil }
        return SecureBytes(data)
    }
}

/// Recovery keys for people: 64 hex digits in eight groups, case and separators ignored.
enum RecoveryKey {
    static func format(_ key: SecureBytes) -> String {
        let hex = key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        return stride(from: 0, to: hex.count, by: 8).map { start in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: 8)])
        }.joined(separator: "-")
    }

    static func parse(_ text: String) -> SecureBytes? {
        let hex = text.lowercased().filter(\.isHexDigit)
        guard hex.count == 64, let bytes = MachineKey.hexBytes(hex) else { return nil }
        return SecureBytes(bytes)
    }
}
