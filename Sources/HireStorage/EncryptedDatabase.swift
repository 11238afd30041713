import CHireVFS
import Foundation
import HireCore
import GRDB
import GRDBSQLite
import HireCrypto

/// Opens SQLite files through the page-encrypting VFS, with the pragmas every store needs.
public enum EncryptedDatabase {
    private static let registered: Bool = hirevfs_register() == SQLITE_OK

    /// Registers the VFS as the default; call before opening any database.
    public static func registerVFS() {
        precondition(registered, "cannot register the encrypting SQLite VFS")
    }

    /// Opens (creating if needed) the database at `path` encrypted with `key`, and migrates it.
    /// `prepare` runs on the connection before anything else reads it (after the pragmas).
    public static func open(
        path: String, key: SecureBytes, migrator: DatabaseMigrator, prepare: @escaping @Sendable (Database) -> Void = { _ in }
    ) throws(StorageError) -> DatabaseQueue {
        registerVFS()
        let status = key.withUnsafeBytes {
            hirevfs_set_key(path, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), keyId(key))
        }
        guard status == SQLITE_OK else { throw .database("cannot register the key of \(path)") }
        var configuration = Configuration()
        configuration.label = URL(fileURLWithPath: path).lastPathComponent
        configuration.prepareDatabase { db in
            // Exclusive locking must come before the first read of a WAL database, or SQLite
            // would use a -shm wal-index file (which would hold unmasked frame checksums).
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            // A new file gets 40 reserve bytes per page for the nonce and tag; an existing one
            // keeps what it has (the VFS refuses a page 1 without them).
            var reserve: Int32 = 40
            _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve)
            try db.execute(sql: "PRAGMA page_size = 4096")
            // A warm page cache keeps decrypted pages: each miss costs a 4 KiB decryption
            // (bench/vfs: 1.06× plain SQLite with 64 MiB, 1.94× with the default 2 MiB).
            // SQLite allocates it only as pages are used.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            prepare(db)
        }
        func connect() throws -> DatabaseQueue {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return queue
        }
        do {
            let queue = try connect()
            guard try queue.read({ db in try !migrator.hasCompletedMigrations(db) }) else { return queue }
            try migrator.migrate(queue)
            // A connection that changed the schema is replaced by a fresh one: after the job
            // table was made again (v15), SQLite 3.40 failed that connection's closing
            // checkpoint with SQLITE_LOCKED one time in two (EmptyBoardImportTests).
            try queue.close()
            return try connect()
        } catch {
            let classified = classify(error, path: path)
            hirevfs_forget_key(path)
            throw classified
        }
    }

    /// Writes a consistent encrypted copy of the database to a new file `destination`, under
    /// `key` (the same key keeps a backup; another key re-keys).
    public static func vacuum(_ queue: DatabaseQueue, into destination: String, key: SecureBytes) async throws {
        let status = key.withUnsafeBytes {
            hirevfs_set_key(destination, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), keyId(key))
        }
        guard status == SQLITE_OK else { throw StorageError.database("cannot register the key of \(destination)") }
        defer { hirevfs_forget_key(destination) }
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [destination])
        }
    }

    static func keyId(_ key: SecureBytes) -> UInt32 {
        KeyedHash.hash(Array("hired-vfs-key-id".utf8), key: key, length: 4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Forgets every key (shutdown).
    public static func forgetAllKeys() {
        hirevfs_forget_all()
    }

    /// Forgets the key of a closed store (wiping it from memory).
    public static func forgetKey(path: String) {
        hirevfs_forget_key(path)
    }

    /// Maps SQLite's errors about a file to what they mean for an encrypted store.
    static func classify(_ error: any Error, path: String) -> StorageError {
        switch hirevfs_last_error() {
        case HIREVFS_ERR_KEY_ID: return .wrongKey(path: path)
        case HIREVFS_ERR_AUTH: return .corrupt(path: path, detail: damageDetail(path: path) ?? "page 1 failed authentication")
        default: break
        }
        if let damage = damage(error, path: path) { return damage }
        if let error = error as? DatabaseError {
            if error.extendedResultCode.rawValue == SQLITE_NOTADB { return .wrongKey(path: path) }
            return .database(error.message ?? "\(error.resultCode)")
        }
        return .database("\(error)")
    }

    /// `error` as `StorageError.corrupt` if it is SQLite reporting damage to the store at `path`
    /// (a page, WAL frame or journal record that failed authentication, or a corrupt b-tree);
    /// nil for any other error.
    public static func damage(_ error: any Error, path: String) -> StorageError? {
        if case .corrupt = error as? StorageError { return error as? StorageError }
        guard let error = error as? DatabaseError else { return nil }
        let code = error.extendedResultCode.rawValue
        let detail = damageDetail(path: path)
        guard code == sqliteIOErrData || error.resultCode == .SQLITE_CORRUPT || code == SQLITE_NOTADB && detail != nil
        else { return nil }
        let file = URL(fileURLWithPath: path).lastPathComponent
        return .corrupt(path: path, detail: detail ?? "\(file): \(error.message ?? "\(error.resultCode)")")
    }

    /// Whether SQLite refused a statement itself (`SQLITE_ERROR`: e.g. an FTS5 query it cannot
    /// parse), as opposed to storage damage or any other failure.
    static func isQueryError(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_ERROR
    }

    /// What the VFS last found damaged in the files of the database at `path`, naming the file.
    static func damageDetail(path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard hirevfs_damage(path, &buffer, Int32(buffer.count)) > 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A store's database queue whose SQLite errors say what they mean: damage to the store is
/// `StorageError.corrupt` (naming the file), on every access; any other error passes unchanged.
struct StoreQueue: Sendable {
    let queue: DatabaseQueue
    let path: String

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await queue.read(body) } catch { throw EncryptedDatabase.damage(error, path: path) ?? error }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await queue.write(body) } catch { throw EncryptedDatabase.damage(error, path: path) ?? error }
    }

    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await queue.writeWithoutTransaction(body) } catch {
            throw EncryptedDatabase.damage(error, path: path) ?? error
        }
    }

    /// Checkpoints the log into the database file and empties it (a clean stop leaves no log
    /// to recover), then closes the database.
    func checkpointAndClose() throws {
        defer { try? queue.close() }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }
}

/// `SQLITE_IOERR_DATA`: a page failed authentication (a macro Swift does not import).
let sqliteIOErrData: Int32 = SQLITE_IOERR | (32 << 8)
