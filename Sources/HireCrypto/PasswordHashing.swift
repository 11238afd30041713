import CSodium
import Synchronization

/// Argon2id cost parameters, stored with every password wrap so that a policy change can
/// re-wrap on the next login.
public struct Argon2Parameters: Codable, Sendable, Equatable {
    public var opsLimit: UInt64
    public var memLimit: Int

    public init(opsLimit: UInt64, memLimit: Int) {
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// The daemon's policy: 3 passes over 256 MiB.
    public static let interactive = Argon2Parameters(opsLimit: 3, memLimit: 256 << 20)
    /// libsodium's SENSITIVE limits, for the machine-key backup.
    public static let sensitive = Argon2Parameters(
        opsLimit: UInt64(crypto_pwhash_OPSLIMIT_SENSITIVE), memLimit: Int(crypto_pwhash_MEMLIMIT_SENSITIVE))
}

/// Argon2id, one derivation at a time: each takes hundreds of MiB, and running them one by
/// one also slows down guessing.
public enum PasswordHashing {
    public static let saltBytes = Int(crypto_pwhash_SALTBYTES)
    private static let gate = Mutex(())

    /// Derives a 32-byte key from `password` and `salt`. Blocks the calling thread: call it
    /// from a thread that may block, not an event loop.
    public static func derive(password: String, salt: [UInt8], parameters: Argon2Parameters) throws(CryptoError)
        -> SecureBytes
    {
        guard salt.count == saltBytes else { throw .malformed("bad salt size") }
        let secret = SecureBytes(Array(password.utf8))
        var status: Int32 = 0
        let key = gate.withLock { _ in
            SecureBytes(count: 32) { out in
                secret.withUnsafeBytes { input in
                    status = crypto_pwhash(
                        out.u8, 32,
                        input.chars, UInt64(input.count), salt,
                        parameters.opsLimit, parameters.memLimit, crypto_pwhash_ALG_ARGON2ID13)
                }
            }
        }
        guard status == 0 else { throw .failed("Argon2id failed (out of memory?)") }
        return key
    }
}
