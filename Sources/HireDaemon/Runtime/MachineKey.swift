import Foundation
import Glibc
import HireCrypto

/// The machine key: the root of every key on this machine (CRYPTO.md §2).
///
/// Where it comes from, first match wins: `--machine-key-file PATH`; a systemd credential
/// `$CREDENTIALS_DIRECTORY/hired-machine-key` (`LoadCredentialEncrypted=`); else
/// `<data-dir>/machine.key` (0400), created on the first start of an empty data dir. The
/// daemon never replaces a key: a data dir with data but no key is an error.
public enum MachineKey {
    /// Loads the key, creating `<data-dir>/machine.key` only for an empty data dir.
    public static func load(dataDir: String, explicitFile: String?, environment: [String: String]) throws -> SecureBytes {
        if let explicitFile { return try read(explicitFile) }
        if let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            let path = credentials + "/hired-machine-key"
            if FileManager.default.fileExists(atPath: path) { return try read(path) }
        }
        let path = dataDir + "/machine.key"
        if FileManager.default.fileExists(atPath: path) { return try read(path) }
        if FileManager.default.fileExists(atPath: dataDir + "/system.db") {
            throw StartupError(
                "\(dataDir) holds data but its machine key \(path) is missing; restore the key from its backup "
                    + "('hired key restore') or pass --machine-key-file. No new key is made over existing data.")
        }
        return try create(path)
    }

    /// Reads a key file: 64 hex characters (and a newline) or 32 raw bytes.
    static func read(_ path: String) throws -> SecureBytes {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read the machine key \(path)")
        }
        if data.count == 32 { return SecureBytes(data) }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64, let bytes = hexBytes(text) else {
            throw StartupError("\(path) is not a machine key (expected 64 hex characters)")
        }
        return SecureBytes(bytes)
    }

    /// Creates a new key file, 0400, refusing to overwrite anything.
    static func create(_ path: String) throws -> SecureBytes {
        let key = SecureBytes.random(32)
        try write(key, to: path)
        return key
    }

    /// Writes `key` to a new file (0400, hex), refusing to overwrite anything.
    public static func write(_ key: SecureBytes, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o400)
        guard fd >= 0 else { throw StartupError("cannot create the machine key \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let text = key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } + "\n"
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written == text.utf8.count, fsync(fd) == 0 else {
            unlink(path)
            throw StartupError("cannot write the machine key \(path)")
        }
    }

    // MARK: - Backup

    /// The machine key sealed under a passphrase (Argon2id with libsodium's SENSITIVE limits).
    public static func backup(_ key: SecureBytes, passphrase: String) throws -> Data {
        let salt = Sodium.randomBytes(PasswordHashing.saltBytes)
        let kek = try PasswordHashing.derive(password: passphrase, salt: salt, parameters: .sensitive)
        let wrap = KeyWrap.wrap(
            key, with: kek, binding: backupBinding,
            kdf: PasswordKDFRecord(salt: Data(salt), parameters: .sensitive))
        return wrap.encoded()
    }

    /// Opens a backup made by `backup`; a wrong passphrase is `authenticationFailed`.
    public static func restore(_ backup: Data, passphrase: String) throws -> SecureBytes {
        let wrap = try WrappedKey.decode(backup)
        guard let kdf = wrap.kdf else { throw CryptoError.malformed("not a machine key backup") }
        let kek = try PasswordHashing.derive(password: passphrase, salt: Array(kdf.salt), parameters: kdf.parameters)
        return try KeyWrap.unwrap(wrap, with: kek, binding: backupBinding)
    }

    static let backupBinding = WrapBinding(purpose: "machine-key-backup", owner: "hired")

    static func hexBytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = text.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

/// The keys derived from the machine key, each for one purpose.
package struct MachineKeyRing: Sendable {
    /// The page key material of system.db.
    package let systemStore: SecureBytes
    /// Mixed into every password and recovery key: a copied data dir alone cannot be attacked offline.
    let pepper: SecureBytes
    /// Finds a session row from its token.
    let sessionLookup: SecureBytes
    /// Derives the key that wraps a session's copy of the user's master key.
    let sessionWrap: SecureBytes

    package init(_ machineKey: SecureBytes) {
        systemStore = KDF.derive(machineKey, id: 1, context: "hiredsys")
        pepper = KDF.derive(machineKey, id: 2, context: "hiredpep")
        sessionLookup = KDF.derive(machineKey, id: 3, context: "hiredses")
        sessionWrap = KDF.derive(machineKey, id: 4, context: "hiredses")
    }
}
