import Foundation

/// A key encrypted under another key (a KEK): `{version, alg, kdf?, keyId, nonce, ciphertext}`.
///
/// The associated data names the wrap's purpose, its owner, the wrapped key's id and any
/// extra binding (a session's expiry), so a wrap cannot be moved to another purpose, user or
/// expiry: it would fail to open.
public struct WrappedKey: Codable, Sendable, Equatable {
    public var version = 1
    public var alg = "xchacha20poly1305"
    /// How the KEK was derived, for password wraps.
    public var kdf: PasswordKDFRecord?
    public var keyId: String
    public var nonce: Data
    public var ciphertext: Data

    /// The record as stored (compact JSON).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try! encoder.encode(self)
    }

    public static func decode(_ data: Data) throws(CryptoError) -> WrappedKey {
        guard let wrap = try? JSONDecoder().decode(WrappedKey.self, from: data), wrap.version == 1,
            wrap.alg == "xchacha20poly1305"
        else { throw .malformed("unknown key wrap format") }
        return wrap
    }
}

/// The Argon2id salt and costs a password wrap was made with.
public struct PasswordKDFRecord: Codable, Sendable, Equatable {
    public var alg = "argon2id13"
    public var salt: Data
    public var parameters: Argon2Parameters

    public init(salt: Data, parameters: Argon2Parameters) {
        self.salt = salt
        self.parameters = parameters
    }
}

/// What a wrap is for; it becomes the wrap's associated data.
public struct WrapBinding: Sendable {
    public var purpose: String
    public var owner: String
    public var extra: String

    public init(purpose: String, owner: String, extra: String = "") {
        self.purpose = purpose
        self.owner = owner
        self.extra = extra
    }

    func associatedData(keyId: String) -> [UInt8] {
        Array(["hired-wrap", "v1", purpose, owner, keyId, extra].joined(separator: "\u{0}").utf8)
    }
}

public enum KeyWrap {
    /// A short public id of a key (not secret: it tells keys apart in records and headers).
    public static func keyId(_ key: SecureBytes) -> String {
        KeyedHash.hash(Array("hired-key-id".utf8), key: key, length: 8).hex
    }

    public static func wrap(_ key: SecureBytes, with kek: SecureBytes, binding: WrapBinding, kdf: PasswordKDFRecord? = nil)
        -> WrappedKey
    {
        let id = keyId(key)
        let sealed = AEAD.seal(key, key: kek, associatedData: binding.associatedData(keyId: id))
        return WrappedKey(kdf: kdf, keyId: id, nonce: Data(sealed.nonce), ciphertext: Data(sealed.ciphertext))
    }

    /// Opens a wrap; a wrong KEK or a moved/altered wrap is `authenticationFailed`.
    public static func unwrap(_ wrap: WrappedKey, with kek: SecureBytes, binding: WrapBinding) throws(CryptoError)
        -> SecureBytes
    {
        let key = try AEAD.open(
            Array(wrap.ciphertext), nonce: Array(wrap.nonce), key: kek,
            associatedData: binding.associatedData(keyId: wrap.keyId))
        guard keyId(key) == wrap.keyId else { throw .authenticationFailed }
        return key
    }
}
