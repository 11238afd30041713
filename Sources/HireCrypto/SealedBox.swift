import CSodium

/// X25519 sealed boxes (`crypto_box_seal`): what one user sends another through the inbox.
/// Anyone holding a public key can seal to it; only the holder of the matching secret key
/// opens, and a sealed box says nothing of its sender.
public enum SealedBox {
    public static let publicKeyBytes = Int(crypto_box_PUBLICKEYBYTES)
    static let secretKeyBytes = Int(crypto_box_SECRETKEYBYTES)
    static let overheadBytes = crypto_box_sealbytes()

    /// A user's key pair: the public half is published, the secret half stays in guarded memory.
    public struct KeyPair: Sendable {
        public let publicKey: [UInt8]
        let secretKey: SecureBytes

        /// The key pair made from a 32-byte seed (a subkey of the user's master key): the same
        /// seed always gives the same pair, so nothing but the master key needs keeping.
        public init(seed: SecureBytes) {
            precondition(seed.count == Int(crypto_box_SEEDBYTES))
            var publicKey = [UInt8](repeating: 0, count: SealedBox.publicKeyBytes)
            secretKey = SecureBytes(count: SealedBox.secretKeyBytes) { secret in
                seed.withUnsafeBytes { seedBytes in
                    _ = crypto_box_seed_keypair(&publicKey, secret.u8, seedBytes.u8)
                }
            }
            self.publicKey = publicKey
        }

        /// Opens a box sealed to this pair's public key into guarded memory, or throws
        /// `authenticationFailed` (another recipient's box, or changed bytes).
        public func open(_ sealed: [UInt8]) throws(CryptoError) -> SecureBytes {
            guard sealed.count >= SealedBox.overheadBytes else { throw .malformed("sealed box too short") }
            var ok = false
            let plaintext = SecureBytes(count: sealed.count - SealedBox.overheadBytes) { out in
                secretKey.withUnsafeBytes { secret in
                    ok = crypto_box_seal_open(out.u8, sealed, UInt64(sealed.count), publicKey, secret.u8) == 0
                }
            }
            guard ok else { throw .authenticationFailed }
            return plaintext
        }
    }

    /// Seals `message` to `publicKey`; throws `malformed` when it is not a public key's size.
    public static func seal(_ message: [UInt8], to publicKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        Sodium.initialize()
        guard publicKey.count == publicKeyBytes else { throw .malformed("a public key has \(publicKeyBytes) bytes") }
        var sealed = [UInt8](repeating: 0, count: message.count + overheadBytes)
        _ = crypto_box_seal(&sealed, message, UInt64(message.count), publicKey)
        return sealed
    }
}
