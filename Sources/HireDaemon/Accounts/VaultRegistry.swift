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
///
/// A background run holds its user's vault (`hold`): a held vault is never idle, and one locked
/// while held (its last session ended) is refused to requests at once but closed only when the
/// last hold is released, so the run can finish its work.
final class VaultRegistry: Sendable {
    private struct Entry {
        let store: VaultStore
        var lastUsed: Date
        /// Background runs using the vault.
        var holds = 0
        /// Work done for the user outside a request (``borrow(userId:)``): it keeps the store
        /// from closing, not from counting as idle.
        var borrows = 0
        /// Locked while held or borrowed: refused to requests, closed when the last goes.
        var locked = false

        /// True when nothing but requests uses the store: it may close now.
        var closable: Bool { holds == 0 && borrows == 0 }
    }

    private let dataDir: String
    private let idleLock: TimeInterval
    /// Where "idle" is measured.
    private let clock: any Clock
    private let open = Mutex<[String: Entry]>([:])
    /// Vaults taken out of `open` and being closed (a close waits for the board index's
    /// snapshot being written): opening one again waits until its file is let go, or the new
    /// connection would find it locked by the old one.
    private let closing = Mutex<[String: DispatchGroup]>([:])
    /// Called with the user id after a vault locks, so what was read from it leaves memory too.
    private let lockObservers = Mutex<[@Sendable (String) -> Void]>([])
    /// Called with the user id and the store each time a vault is opened from its file.
    private let openObservers = Mutex<[@Sendable (String, any UserStore) async -> Void]>([])
    /// Called with the user id and their vault after a login or attach opened it.
    private let unlockObservers = Mutex<[@Sendable (String, any UserStore) -> Void]>([])
    private let destroyObservers = Mutex<[@Sendable (String) -> Void]>([])

    init(dataDir: String, idleLock: Duration, clock: any Clock = SystemClock()) {
        self.dataDir = dataDir
        self.idleLock = TimeInterval(idleLock.components.seconds) + TimeInterval(idleLock.components.attoseconds) / 1e18
        self.clock = clock
    }

    /// True when an entry has been idle for the lock time at `now` (and no run holds it): it is
    /// as good as locked.
    private func isIdle(_ entry: Entry, at now: Date) -> Bool { entry.holds == 0 && now.timeIntervalSince(entry.lastUsed) >= idleLock }

    /// True when requests may use an entry at `now`.
    private func isUsable(_ entry: Entry, at now: Date) -> Bool { !entry.locked && !isIdle(entry, at: now) }

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
    /// open but idle (not yet closed by the sweep), or locked but still held by a run, is in use
    /// again: the caller has just proved it holds the key. After opening it from its file, the
    /// `whenOpened` observers run.
    func unlock(userId: String, masterKey: SecureBytes) async throws {
        let now = clock.now
        let isOpen = open.withLock { entries in
            entries[userId]?.lastUsed = now
            entries[userId]?.locked = false
            return entries[userId] != nil
        }
        if isOpen { return }
        if let group = closing.withLock({ $0[userId] }) {
            await withCheckedContinuation { done in group.notify(queue: .global()) { done.resume() } }
        }
        let store = try VaultStore(
            path: vaultPath(userId), blobDirectory: blobPath(userId), masterKey: masterKey, tokenizer: MatcherSearchTokenizer.self)
        let kept = open.withLock { entries in
            if entries[userId] != nil { return false }
            entries[userId] = Entry(store: store, lastUsed: now)
            return true
        }
        if !kept {
            try? store.close()
            return
        }
        for observer in openObservers.withLock({ $0 }) { await observer(userId, store) }
    }

    /// Runs `body` with the user id and the store each time a vault is opened from its file
    /// (not when an open one is used again): what a store must be told at its opening (runs
    /// that a stopped daemon left unfinished) is done there.
    func whenOpened(_ body: @escaping @Sendable (String, any UserStore) async -> Void) {
        openObservers.withLock { $0.append(body) }
    }

    /// Keeps the open vault of `userId` open for a background run until `release` is called,
    /// or `vaultLocked` when requests could not use it now. A request holds its caller's vault
    /// too (`request`), so that the idle lock never closes it under a long call (a store closed
    /// under a running query crashes the process): its end counts as a use.
    func hold(userId: String, request: Bool = false) throws(AccountError) -> VaultHold {
        let now = clock.now
        guard let store = open.withLock({ entries -> VaultStore? in
            guard let entry = entries[userId], isUsable(entry, at: now) else { return nil }
            entries[userId]?.holds += 1
            return entry.store
        }) else {
            throw AccountError.vaultLocked
        }
        return VaultHold(store: store) { self.release(userId: userId, used: request) }
    }

    /// Ends one hold (or, with `borrowed`, one borrow; with `used`, marking the vault used
    /// now); the last of a vault locked meanwhile closes it.
    private func release(userId: String, borrowed: Bool = false, used: Bool = false) {
        let now = clock.now
        let closing = open.withLock { entries -> VaultStore? in
            guard var entry = entries[userId] else { return nil }
            if used, !entry.locked { entry.lastUsed = now }
            if borrowed { entry.borrows -= 1 } else { entry.holds -= 1 }
            guard entry.closable, entry.locked else {
                entries[userId] = entry
                return nil
            }
            entries[userId] = nil
            startClosing(userId)
            return entry.store
        }
        guard let closing else { return }
        close(userId, closing)
        locked([userId])
    }

    /// Holds the vault of `userId` for work done for them outside a request (an event recorded,
    /// the inbox delivered at their login) if it is open for requests or held by a run (locked
    /// or not), without counting as a use; nil otherwise. A lock meanwhile closes it only when
    /// the hold is released: closing a store under a query running on it would crash.
    func borrow(userId: String) -> VaultHold? {
        let now = clock.now
        guard let store = open.withLock({ entries -> VaultStore? in
            guard let entry = entries[userId], entry.holds > 0 || isUsable(entry, at: now) else { return nil }
            entries[userId]?.borrows += 1
            return entry.store
        }) else { return nil }
        return VaultHold(store: store) { self.release(userId: userId, borrowed: true) }
    }

    /// The open vault of `userId`, or `vaultLocked` once it has been idle for the lock time.
    func vault(userId: String) throws(AccountError) -> VaultStore {
        let now = clock.now
        guard let store = open.withLock({ entries -> VaultStore? in
            guard let entry = entries[userId], isUsable(entry, at: now) else { return nil }
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

    /// Runs `body` with the user id once their account is deleted and their vault destroyed.
    func whenDestroyed(_ body: @escaping @Sendable (String) -> Void) {
        destroyObservers.withLock { $0.append(body) }
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
            guard let entry = entries[userId], isUsable(entry, at: now) else { return }
            entries[userId]?.lastUsed = now
        }
    }

    /// The users whose vaults requests may use now.
    func unlockedUserIds() -> [String] {
        let now = clock.now
        return open.withLock { entries in entries.filter { isUsable($0.value, at: now) }.map(\.key).sorted() }
    }

    /// True when the vault is open and not idle.
    func isUnlocked(userId: String) -> Bool {
        let now = clock.now
        return open.withLock { entries in entries[userId].map { isUsable($0, at: now) } ?? false }
    }

    /// Locks a vault: closed now, or, while a run holds it, refused now and closed when the
    /// run releases it.
    func lock(userId: String) {
        let entry = open.withLock { entries -> Entry? in
            guard let entry = entries[userId], entry.closable else {
                entries[userId]?.locked = true
                return nil
            }
            entries[userId] = nil
            startClosing(userId)
            return entry
        }
        guard let entry else { return }
        close(userId, entry.store)
        locked([userId])
    }

    /// Closes the vaults idle for the lock time at `now` (the sweep).
    func lockIdle(now: Date) {
        let idle = open.withLock { entries in
            let ids = entries.filter { isIdle($0.value, at: now) }.map(\.key)
            // A borrowed one closes when it is given back.
            for id in ids where !(entries[id]?.closable ?? true) { entries[id]?.locked = true }
            return ids.compactMap { id -> (String, Entry)? in
                guard entries[id]?.closable == true, let entry = entries.removeValue(forKey: id) else { return nil }
                startClosing(id)
                return (id, entry)
            }
        }
        for (id, entry) in idle { close(id, entry.store) }
        locked(idle.map(\.0))
    }

    /// Closes every vault (shutdown). One borrowed for a moment (an inbox delivery, an event)
    /// is refused at once and closed when given back, or after `wait` whatever happens (none
    /// when the process is being stopped hard).
    func lockAll(wait: Duration = .seconds(5)) {
        let deadline = ContinuousClock.now + wait
        while true {
            let (closing, waiting) = open.withLock { entries -> ([(String, Entry)], Bool) in
                for id in entries.keys { entries[id]?.locked = true }
                let ready = entries.filter { $0.value.borrows == 0 || ContinuousClock.now >= deadline }
                for id in ready.keys {
                    entries[id] = nil
                    startClosing(id)
                }
                return (Array(ready), !entries.isEmpty)
            }
            for (id, entry) in closing { close(id, entry.store) }
            locked(closing.map(\.0))
            guard waiting else { return }
            usleep(10_000)
        }
    }

    /// Notes that the vault of `userId`, just taken out of `open`, is being closed (called
    /// with `open` locked, so that no opening comes between).
    private func startClosing(_ userId: String) {
        let group = DispatchGroup()
        group.enter()
        closing.withLock { $0[userId] = group }
    }

    /// Closes a vault taken out of `open` and lets a waiting opening go on.
    private func close(_ userId: String, _ store: VaultStore) {
        try? store.close()
        let group = closing.withLock { closing in closing.removeValue(forKey: userId) }
        group?.leave()
    }

    /// Removes the vault and blob files of a deleted account.
    func destroy(userId: String) {
        lock(userId: userId)
        for suffix in ["", "-wal", "-journal", "-shm"] { unlink(vaultPath(userId) + suffix) }
        try? FileManager.default.removeItem(atPath: blobPath(userId))
        for observer in destroyObservers.withLock({ $0 }) { observer(userId) }
    }
}

/// A vault kept open for a background run; `release` (called once, when the run ends) lets it
/// lock again.
struct VaultHold: Sendable {
    let store: any UserStore
    let release: @Sendable () -> Void
}
