import Foundation
import HireCore
import HireCrypto
import HireRPC
import HireStorage
import Synchronization

/// The vaults unlocked in memory, by user id. A vault is unlocked by a login or attach,
/// locked (database closed, keys wiped) after an idle time or when its last session ends,
/// and destroyed with its account.
///
/// A vault idle for the lock time is refused from that moment on, as a locked one is, though
/// it is closed only at the next sweep (`lockIdle`, every minute at most): so the idle lock
/// holds to the second, whenever the sweep runs, and the check costs no closing on the way of
/// a request.
final class VaultRegistry: Sendable {
    private struct Entry {
        let store: VaultStore
        var lastUsed: Date
    }

    private let dataDir: String
    private let idleLock: TimeInterval
    /// Where "idle" is measured.
    private let clock: any Clock
    private let open = Mutex<[String: Entry]>([:])
    /// Called with the user id after a vault locks, so what was read from it leaves memory too.
    private let lockObservers = Mutex<[@Sendable (String) -> Void]>([])
    /// Called with the user id and their vault after a login or attach opened it.
    private let unlockObservers = Mutex<[@Sendable (String, any UserStore) -> Void]>([])

    init(dataDir: String, idleLock: Duration, clock: any Clock = SystemClock()) {
        self.dataDir = dataDir
        self.idleLock = TimeInterval(idleLock.components.seconds) + TimeInterval(idleLock.components.attoseconds) / 1e18
        self.clock = clock
    }

    /// True when an entry has been idle for the lock time at `now`: it is as good as locked.
    private func isIdle(_ entry: Entry, at now: Date) -> Bool { now.timeIntervalSince(entry.lastUsed) >= idleLock }

    func vaultPath(_ userId: String) -> String { dataDir + "/vault/\(userId).db" }
    func blobPath(_ userId: String) -> String { dataDir + "/blobs/\(userId)" }

    /// Creates a new user's vault and closes it again; returns the user's public key.
    func create(userId: String, masterKey: SecureBytes) throws -> Data {
        try FileManager.default.createDirectory(
            atPath: dataDir + "/vault", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try VaultStore(
            path: vaultPath(userId), blobDirectory: blobPath(userId), masterKey: masterKey, tokenizer: MatcherSearchTokenizer.self)
        try store.close()
        return store.publicKey
    }

    /// Opens the vault with the user's master key, unless it is open already. A vault that is
    /// open but idle (not yet closed by the sweep) is in use again: the caller has just proved
    /// it holds the key.
    func unlock(userId: String, masterKey: SecureBytes) throws {
        let now = clock.now
        let isOpen = open.withLock { entries in
            entries[userId]?.lastUsed = now
            return entries[userId] != nil
        }
        if isOpen { return }
        let store = try VaultStore(
            path: vaultPath(userId), blobDirectory: blobPath(userId), masterKey: masterKey, tokenizer: MatcherSearchTokenizer.self)
        let kept = open.withLock { entries in
            if entries[userId] != nil { return false }
            entries[userId] = Entry(store: store, lastUsed: now)
            return true
        }
        if !kept { try? store.close() }
    }

    /// The open vault of `userId`, or `vaultLocked` once it has been idle for the lock time.
    func vault(userId: String) throws(AccountError) -> VaultStore {
        let now = clock.now
        guard let store = open.withLock({ entries -> VaultStore? in
            guard let entry = entries[userId], !isIdle(entry, at: now) else { return nil }
            entries[userId]?.lastUsed = now
            return entry.store
        }) else {
            throw AccountError.vaultLocked
        }
        return store
    }

    /// Runs `body` with the user id whenever a vault locks (idle, last session gone, shutdown, deletion).
    func whenLocked(_ body: @escaping @Sendable (String) -> Void) {
        lockObservers.withLock { $0.append(body) }
    }

    /// Runs `body` with the user id and their vault after each login or attach (the first
    /// unlock after a restart included): what waits for the user is delivered then.
    func whenUnlocked(_ body: @escaping @Sendable (String, any UserStore) -> Void) {
        unlockObservers.withLock { $0.append(body) }
    }

    /// Tells the unlock observers that `userId` proved their key (a login or attach).
    func unlocked(userId: String) {
        guard let store = try? vault(userId: userId) else { return }
        for observer in unlockObservers.withLock({ $0 }) { observer(userId, store) }
    }

    private func locked(_ userIds: [String]) {
        let observers = lockObservers.withLock { $0 }
        for userId in userIds { for observer in observers { observer(userId) } }
    }

    /// Marks a vault used now (a call of its user's session), unless it is idle already: a
    /// call does not wake a vault that the idle lock has taken; the token does (`unlock`).
    func touch(userId: String) {
        let now = clock.now
        open.withLock { entries in
            guard let entry = entries[userId], !isIdle(entry, at: now) else { return }
            entries[userId]?.lastUsed = now
        }
    }

    /// True when the vault is open and not idle.
    func isUnlocked(userId: String) -> Bool {
        let now = clock.now
        return open.withLock { entries in entries[userId].map { !isIdle($0, at: now) } ?? false }
    }

    func lock(userId: String) {
        let entry = open.withLock { $0.removeValue(forKey: userId) }
        try? entry?.store.close()
        locked([userId])
    }

    /// Closes the vaults idle for the lock time at `now` (the sweep).
    func lockIdle(now: Date) {
        let idle = open.withLock { entries in
            let ids = entries.filter { isIdle($0.value, at: now) }.map(\.key)
            return ids.compactMap { id in entries.removeValue(forKey: id).map { (id, $0) } }
        }
        for (_, entry) in idle { try? entry.store.close() }
        locked(idle.map(\.0))
    }

    func lockAll() {
        let all = open.withLock { entries in
            defer { entries = [:] }
            return Array(entries)
        }
        for (_, entry) in all { try? entry.store.close() }
        locked(all.map(\.key))
    }

    /// Removes the vault and blob files of a deleted account.
    func destroy(userId: String) {
        lock(userId: userId)
        for suffix in ["", "-wal", "-journal", "-shm"] { unlink(vaultPath(userId) + suffix) }
        try? FileManager.default.removeItem(atPath: blobPath(userId))
    }
}
