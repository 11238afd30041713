import Foundation
import GRDB
import HireCrypto
import Synchronization

/// An original file kept in a vault (a CSV, a resume, a document), encrypted on disk.
public struct BlobRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var size: Int
    /// BLAKE2b-256 of the plaintext, hex.
    public var digest: String
    public var createdAt: Date
}

/// One user's encrypted database (`vault/<user-id>.db`) and encrypted files
/// (`blobs/<user-id>/`). Opened only with the user's master key.
public final class VaultStore: Sendable {
    let queue: DatabaseQueue
    public let path: String
    public let blobDirectory: String
    private let blobWrappingKey: SecureBytes
    private let changes = Atomic<Int>(0)

    /// Opens the vault of a user from their master key (UMK): the page key and the
    /// blob-wrapping key are derived from it. `tokenizer` splits text for full-text search;
    /// the indexes are rebuilt when the vault was indexed by another version of it.
    public init(path: String, blobDirectory: String, masterKey: SecureBytes, tokenizer: any SearchTokenizer.Type) throws(StorageError) {
        self.path = path
        self.blobDirectory = blobDirectory
        blobWrappingKey = KDF.derive(masterKey, id: 2, context: "hiredblb")
        let dataKey = KDF.derive(masterKey, id: 1, context: "hiredvlt")
        do {
            try FileManager.default.createDirectory(
                atPath: blobDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .database("cannot create \(blobDirectory): \(error.localizedDescription)")
        }
        queue = try EncryptedDatabase.open(path: path, key: dataKey, migrator: Self.migrator, prepare: Self.registration(tokenizer))
        do {
            try queue.write { db in try Self.reindexIfNeeded(db, version: tokenizer.version) }
        } catch {
            try? close()
            throw EncryptedDatabase.classify(error, path: path)
        }
    }

    private static func registration<T: SearchTokenizer>(_: T.Type) -> @Sendable (Database) -> Void {
        { db in FTSTokenizer<T>.register(db) }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 blobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE blob (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        digest TEXT NOT NULL,
                        wrappedKey BLOB NOT NULL,
                        createdAt DOUBLE NOT NULL);
                    """)
        }
        registerBoardMigrations(&migrator)
        registerResumeMigrations(&migrator)
        registerSearchMigrations(&migrator)
        return migrator
    }

    /// Counts committed changes to jobs and resumes since this store was opened (the daemon is
    /// the database's only writer), so a cache can tell cheaply that nothing changed.
    public var changeNumber: Int { changes.load(ordering: .acquiring) }
    /// Tells this opening of the vault from any other (a change number counts within one).
    public let opening = UUID()

    func noteChange() { changes.add(1, ordering: .releasing) }

    /// Closes the vault and wipes its key from the VFS.
    public func close() throws {
        try queue.close()
        EncryptedDatabase.forgetKey(path: path)
    }

    // MARK: - Blobs

    /// Stores `contents` as a new blob named `name`.
    public func putBlob(name: String, contents: Data) async throws -> BlobRecord {
        var offset = 0
        return try await putBlob(name: name) {
            let end = min(offset + SecretStream.chunkSize, contents.count)
            defer { offset = end }
            return Array(contents[offset..<end])
        }
    }

    /// Stores the file at `path` as a new blob, streaming it (a large CSV is never held whole).
    public func putBlob(name: String, file path: String) async throws -> BlobRecord {
        guard let input = FileHandle(forReadingAtPath: path) else { throw StorageError.database("cannot read \(path)") }
        defer { try? input.close() }
        return try await putBlob(name: name) { Array(try input.read(upToCount: SecretStream.chunkSize) ?? Data()) }
    }

    /// Encrypts what `read` returns under a fresh key to a temporary file, syncs and renames
    /// it into place, then records it with its digest.
    private func putBlob(name: String, read: () throws -> [UInt8]) async throws -> BlobRecord {
        let id = UUID().uuidString.lowercased()
        let key = SecureBytes.random(32)
        let final = blobDirectory + "/" + id
        let temporary = final + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw StorageError.database("cannot create \(temporary)") }
        var size = 0
        let digest = KeyedHash.Digest()
        do {
            try SecretStream.encrypt(
                key: key, associatedData: Array(id.utf8),
                read: {
                    let chunk = try read()
                    size += chunk.count
                    digest.update(chunk)
                    return chunk
                },
                write: { try handle.write(contentsOf: $0) })
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, final) == 0 else { throw StorageError.database("cannot rename \(temporary)") }
            syncDirectory(blobDirectory)
        } catch {
            try? handle.close()
            unlink(temporary)
            throw error
        }
        let record = BlobRecord(
            id: id, name: name, size: size, digest: digest.finish().map { String(format: "%02x", $0) }.joined(), createdAt: Date())
        let wrap = KeyWrap.wrap(key, with: blobWrappingKey, binding: WrapBinding(purpose: "blob", owner: id)).encoded()
        do {
            try await queue.write { db in
                try db.execute(
                    sql: "INSERT INTO blob (id, name, size, digest, wrappedKey, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [id, record.name, record.size, record.digest, wrap, record.createdAt.timeIntervalSince1970])
            }
        } catch {
            unlink(final)
            throw EncryptedDatabase.classify(error, path: path)
        }
        return record
    }

    /// The plaintext of blob `id`; tampering or truncation throws `CryptoError.authenticationFailed`.
    public func readBlob(id: String) async throws -> Data {
        guard
            let wrapData = try await queue.read({ db in
                try Data.fetchOne(db, sql: "SELECT wrappedKey FROM blob WHERE id = ?", arguments: [id])
            })
        else { throw StorageError.database("no blob \(id)") }
        let key = try KeyWrap.unwrap(
            try WrappedKey.decode(wrapData), with: blobWrappingKey, binding: WrapBinding(purpose: "blob", owner: id))
        guard let handle = FileHandle(forReadingAtPath: blobDirectory + "/" + id) else {
            throw StorageError.corrupt(path: blobDirectory + "/" + id, detail: "missing blob file")
        }
        defer { try? handle.close() }
        var plaintext = Data()
        try SecretStream.decrypt(
            key: key, associatedData: Array(id.utf8),
            read: { count in
                var bytes = [UInt8]()
                while bytes.count < count, let more = try handle.read(upToCount: count - bytes.count), !more.isEmpty {
                    bytes += more
                }
                return bytes
            },
            write: { plaintext.append(contentsOf: $0) })
        return plaintext
    }

    public func blobs() async throws -> [BlobRecord] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM blob ORDER BY createdAt").map { row in
                BlobRecord(
                    id: row["id"], name: row["name"], size: row["size"], digest: row["digest"],
                    createdAt: Date(timeIntervalSince1970: row["createdAt"]))
            }
        }
    }

    /// Moves the log into the database file and truncates the log.
    public func checkpoint() async throws {
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

/// fsync of a directory, so a rename survives a crash.
func syncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
