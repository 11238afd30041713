import CSodium

/// Incremental SHA-256 (libsodium's `crypto_hash_sha256`): the checksum people compare
/// with `sha256sum`, for files handed back to them.
public final class SHA256 {
    // The state must stay at one address between calls.
    private let state = UnsafeMutablePointer<crypto_hash_sha256_state>.allocate(capacity: 1)

    public init() {
        Sodium.initialize()
        crypto_hash_sha256_init(state)
    }

    deinit { state.deallocate() }

    public func update(_ bytes: [UInt8]) {
        crypto_hash_sha256_update(state, bytes, UInt64(bytes.count))
    }

    /// The digest as lowercase hex.
    public func finish() -> String {
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256_final(state, &out)
        return out.hex
    }
}
