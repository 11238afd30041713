import Foundation
import HireCrypto
import HireRPC
import HireStorage
import Synchronization

/// The vaults unlocked in memory, by user id. A vault is unlocked by a login or attach,
/// locked (database closed, keys wiped) after an idle time or when its last session ends,
/// and destroyed with its account.
final class VaultRegistry: Sendable {
    private struct Entry {
        let store: VaultStore
        var lastUsed: Date
    }

    private let dataDir: String
    private let idleLock: TimeInterval
    private let open = Mutex<[String: Entry]>([:])
    /// Called with the user id after a vault locks, so what was read from it leaves memory too.
    private let lockObservers = Mutex<[@Sendable (String) -> Void]>([])

    init(dataDir: String, idleLock: Duration) {
        self.dataDir = dataDir
        self.idleLock = TimeInterval(idleLock.components.seconds) + TimeInterval(idleLock.components.attoseconds) / 1e18
    }

    func vaultPath(_ userId: String) -> String { dataDir + "/vault/\(userId).db" }
    func blobPath(_ userId: String) -> String { dataDir + "/blobs/\(userId)" }

    /// Creates a new user's vault and closes it again.
    func create(userId: String, masterKey: SecureBytes) throws {
        try FileManager.default.createDirectory(
            atPath: dataDir + "/vault", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try VaultStore(
            path: vaultPath(userId), blobDirectory: blobPath(userId), masterKey: masterKey, tokenizer: MatcherSearchTokenizer.self)
        try store.close()
    }

    /// Opens the vault with the user's master key, unless it is open already.
    func unlock(userId: String, masterKey: SecureBytes) throws {
        if open.withLock({ $0[userId] != nil }) { return }
        let store = try VaultStore(
            path: vaultPath(userId), blobDirectory: blobPath(userId), masterKey: masterKey, tokenizer: MatcherSearchTokenizer.self)
        let kept = open.withLock { entries in
            if entries[userId] != nil { return false }
            entries[userId] = Entry(store: store, lastUsed: Date())
            return true
        }
        if !kept { try? store.close() }
    }

    /// The open vault of `userId`, or `vaultLocked` after an idle lock.
    func vault(userId: String) throws(RPCError) -> VaultStore {
        guard let store = open.withLock({ entries -> VaultStore? in
            entries[userId]?.lastUsed = Date()
            return entries[userId]?.store
        }) else {
            throw RPCError(.vaultLocked, "the vault was locked after inactivity: call auth.attach with your token again")
        }
        return store
    }

    /// Runs `body` with the user id whenever a vault locks (idle, last session gone, shutdown, deletion).
    func whenLocked(_ body: @escaping @Sendable (String) -> Void) {
        lockObservers.withLock { $0.append(body) }
    }

    private func locked(_ userIds: [String]) {
        let observers = lockObservers.withLock { $0 }
        for userId in userIds { for observer in observers { observer(userId) } }
    }

    func touch(userId: String) {
        open.withLock { $0[userId]?.lastUsed = Date() }
    }

    func isUnlocked(userId: String) -> Bool { open.withLock { $0[userId] != nil } }

    func lock(userId: String) {
        let entry = open.withLock { $0.removeValue(forKey: userId) }
        try? entry?.store.close()
        locked([userId])
    }

    func lockIdle(now: Date) {
        let idle = open.withLock { entries in
            let ids = entries.filter { now.timeIntervalSince($0.value.lastUsed) >= idleLock }.map(\.key)
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
