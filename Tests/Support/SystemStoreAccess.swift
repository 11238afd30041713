import HireCore
import HireDaemon
import HireStorage

/// Runs `body` on the exchange (`system.db`) of a stopped test daemon's data dir, opened with
/// its machine key: tests change what it holds between runs (an inbox message delivered
/// again after a crash).
public func withExchange<R>(dataDir: String, _ body: (any Exchange) async throws -> R) async throws -> R {
    try await withSystemStore(dataDir: dataDir, body)
}

/// Forgets a user's public key in a stopped test daemon's data dir, as accounts made before
/// keys were have none.
public func forgetPublicKey(userId: String, dataDir: String) async throws {
    try await withSystemStore(dataDir: dataDir) { try await $0.forgetPublicKey(userId: userId) }
}

private func withSystemStore<R>(dataDir: String, _ body: (SystemStore) async throws -> R) async throws -> R {
    let machineKey = try MachineKey.load(dataDir: dataDir, explicitFile: nil, environment: [:])
    let store = try SystemStore(path: dataDir + "/system.db", key: MachineKeyRing(machineKey).systemStore)
    let result = try await body(store)
    try await store.checkpoint()
    return result
}
