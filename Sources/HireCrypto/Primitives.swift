import CSodium

/// Why a cryptographic operation failed. Authentication failures never say more.
public enum CryptoError: Error, Equatable {
    /// Wrong key, or the data was changed.
    case authenticationFailed
    /// A record or file is not in a format this version reads.
    case malformed(String)
    /// libsodium refused (out of memory for Argon2id, …).
    case failed(String)
}

/// XChaCha20-Poly1305 with associated data: every key wrap and small secret record.
public enum AEAD {
    public static let keyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    public static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts with a fresh random nonce; returns (nonce, ciphertext+tag).
    public static func seal(_ plaintext: SecureBytes, key: SecureBytes, associatedData: [UInt8]) -> (nonce: [UInt8], ciphertext: [UInt8]) {
        plaintext.withUnsafeBytes { seal($0, key: key, associatedData: associatedData) }
    }

    public static func seal(_ plaintext: UnsafeRawBufferPointer, key: SecureBytes, associatedData: [UInt8])
        -> (nonce: [UInt8], ciphertext: [UInt8])
    {
        precondition(key.count == keyBytes)
        let nonce = Sodium.randomBytes(nonceBytes)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
        var length: UInt64 = 0
        key.withUnsafeBytes { keyBytes in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext, &length, plaintext.u8, UInt64(plaintext.count),
                associatedData, UInt64(associatedData.count), nil, nonce, keyBytes.u8)
        }
        return (nonce, ciphertext)
    }

    /// Decrypts into guarded memory, or throws `authenticationFailed`.
    public static func open(_ ciphertext: [UInt8], nonce: [UInt8], key: SecureBytes, associatedData: [UInt8]) throws(CryptoError)
        -> SecureBytes
    {
        guard key.count == keyBytes, nonce.count == nonceBytes, ciphertext.count >= tagBytes else {
            throw .malformed("bad AEAD sizes")
        }
        var ok = false
        let plaintext = SecureBytes(count: ciphertext.count - tagBytes) { out in
            var length: UInt64 = 0
            key.withUnsafeBytes { keyBytes in
                ok = crypto_aead_xchacha20poly1305_ietf_decrypt(
                    out.u8, &length, nil, ciphertext, UInt64(ciphertext.count),
                    associatedData, UInt64(associatedData.count), nonce, keyBytes.u8) == 0
            }
        }
        guard ok else { throw .authenticationFailed }
        return plaintext
    }
}

/// Keyed BLAKE2b: the pepper step, token lookups, key ids.
public enum KeyedHash {
    public static func hash(_ message: some Collection<UInt8>, key: SecureBytes, length: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let input = Array(message)
        key.withUnsafeBytes { keyBytes in
            _ = crypto_generichash(
                &out, length, input, UInt64(input.count), keyBytes.u8, keyBytes.count)
        }
        return out
    }

    /// The hash into guarded memory, for results that are keys.
    public static func key(_ message: SecureBytes, key: SecureBytes) -> SecureBytes {
        SecureBytes(count: 32) { out in
            message.withUnsafeBytes { input in
                key.withUnsafeBytes { keyBytes in
                    _ = crypto_generichash(
                        out.u8, 32, input.u8,
                        UInt64(input.count), keyBytes.u8, keyBytes.count)
                }
            }
        }
    }

    /// Incremental unkeyed BLAKE2b-256, for content hashes of streamed data.
    public final class Digest {
        // libsodium's state is an over-aligned struct Swift sees as opaque: allocate it raw.
        private let state: UnsafeMutableRawPointer

        public init() {
            Sodium.initialize()
            state = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
            crypto_generichash_init(OpaquePointer(state), nil, 0, 32)
        }

        deinit { state.deallocate() }

        public func update(_ bytes: [UInt8]) {
            crypto_generichash_update(OpaquePointer(state), bytes, UInt64(bytes.count))
        }

        public func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 32)
            crypto_generichash_final(OpaquePointer(state), &out, 32)
            return out
        }
    }

    /// Unkeyed BLAKE2b-256, for content hashes.
    public static func digest(_ message: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let input = Array(message)
        _ = crypto_generichash(&out, 32, input, UInt64(input.count), nil, 0)
        return out
    }
}

/// `crypto_shorthash` (SipHash-2-4): a 64-bit keyed hash of short inputs. With a random key
/// nobody else knows, two inputs hash alike only by chance (one in 2^64 for a pair), so a
/// hash can stand in for text that is compared but rarely shown (the board index's large
/// dictionaries keep one per value instead of the value).
public enum ShortHash {
    public static let keyBytes = Int(crypto_shorthash_KEYBYTES)

    public static func randomKey() -> [UInt8] { Sodium.randomBytes(keyBytes) }

    /// The hash of `message` under `key` (``keyBytes`` long).
    public static func hash(_ message: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> UInt64 {
        var out: UInt64 = 0
        withUnsafeMutableBytes(of: &out) { out in
            _ = crypto_shorthash(
                out.baseAddress!.assumingMemoryBound(to: UInt8.self), message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                UInt64(message.count), key.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return UInt64(littleEndian: out)
    }
}

/// `crypto_kdf`: subkeys of a master key, each for one purpose.
public enum KDF {
    /// Derives subkey `id` in `context` (exactly 8 ASCII characters) from `master`.
    public static func derive(_ master: SecureBytes, id: UInt64, context: StaticString) -> SecureBytes {
        precondition(context.utf8CodeUnitCount == 8 && master.count == 32)
        return SecureBytes(count: 32) { out in
            master.withUnsafeBytes { key in
                context.withUTF8Buffer { ctx in
                    ctx.withMemoryRebound(to: CChar.self) { ctxChars in
                        _ = crypto_kdf_derive_from_key(
                            out.u8, 32, id, ctxChars.baseAddress!,
                            key.u8)
                    }
                }
            }
        }
    }
}

/// Constant-time equality of two byte arrays of the same length.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.count == b.count && sodium_memcmp(a, b, a.count) == 0
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits a byte: how digests and key ids are written.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
