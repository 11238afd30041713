import CSodium

/// Ed25519 detached signatures (`crypto_sign_detached`): what a user writes to an org's log is
/// signed, so that no one else (the server that stores the log included) can write in their name.
public enum Signing {
    public static let publicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    public static let signatureBytes = Int(crypto_sign_BYTES)

    /// A signing key pair: the public half is published, the secret half stays in guarded memory.
    public struct KeyPair: Sendable {
        public let publicKey: [UInt8]
        let secretKey: SecureBytes

        /// The key pair made from a 32-byte seed (a subkey of the user's master key, as the
        /// X25519 pair's): the same seed always gives the same pair.
        public init(seed: SecureBytes) {
            precondition(seed.count == Int(crypto_sign_SEEDBYTES))
            var publicKey = [UInt8](repeating: 0, count: Signing.publicKeyBytes)
            secretKey = SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secret in
                seed.withUnsafeBytes { seedBytes in _ = crypto_sign_seed_keypair(&publicKey, secret.u8, seedBytes.u8) }
            }
            self.publicKey = publicKey
        }

        /// The detached signature of `message`.
        public func sign(_ message: [UInt8]) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Signing.signatureBytes)
            secretKey.withUnsafeBytes { secret in
                _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secret.u8)
            }
            return signature
        }
    }

    /// True when `signature` is `publicKey`'s signature of `message`; false for any other bytes,
    /// wrong sizes included.
    public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        Sodium.initialize()
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
