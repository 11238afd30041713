import CHireVFS
import Foundation
import HireCore
import GRDB
import GRDBSQLite
import HireCrypto
import Synchronization

/// One user's encrypted database (`vault/<user-id>.db`) and encrypted files
/// (`blobs/<user-id>/`). Opened only with the user's master key.
public final class VaultStore: Sendable {
    let queue: StoreQueue
    public let path: String
    public let blobDirectory: String
    private let blobWrappingKey: SecureBytes
    /// Keys ``keyedDigest(_:)``: content and identity hashes that say nothing without the vault's key.
    private let digestKey: SecureBytes
    /// The user's X25519 key pair: opens what others sealed to them (``openSealed(_:)``).
    let mailboxKeys: SealedBox.KeyPair
    /// The user's Ed25519 key pair: signs what they write to an org's log (``sign(_:)``).
    let signingKeys: Signing.KeyPair
    private let changes = Atomic<Int>(0)
    /// The board's exact-match index in memory (VaultStore+BoardIndex.swift).
    let boardIndex = Mutex<BoardIndexState>(BoardIndexState())
    /// The board index's snapshots being written in the background (``close()`` waits for them).
    let snapshotWrites = DispatchGroup()
    /// How many times the board index was built from the job table (no usable snapshot).
    let indexRebuilds = Atomic<Int>(0)
    let jobIdTableReads = Atomic<Int>(0)
    /// An import left SQLite's automatic checkpoint off: the next snapshot of the board index
    /// turns it on again (``resumeCheckpoints()``).
    let checkpointsDeferred = Atomic<Bool>(false)
    /// Above how many distinct values a board column's index keeps hashes instead of text
    /// (``BoardIndex/textLimit``); tests set it low to take that path with a small board.
    let boardTextLimit: Int
    public static let defaultBoardTextLimit = 65536

    /// Opens the vault of a user from their master key (UMK): the page key, the
    /// blob-wrapping key and the user's X25519 key pair are derived from it. `tokenizer`
    /// splits text for full-text search; the indexes are rebuilt when the vault was indexed
    /// by another version of it.
    public init(
        path: String, blobDirectory: String, masterKey: SecureBytes, tokenizer: any SearchTokenizer.Type,
        boardTextLimit: Int = VaultStore.defaultBoardTextLimit
    ) throws(StorageError) {
        self.path = path
        self.boardTextLimit = boardTextLimit
        self.blobDirectory = blobDirectory
        blobWrappingKey = KDF.derive(masterKey, id: 2, context: "hiredblb")
        digestKey = KDF.derive(masterKey, id: 3, context: "hireddig")
        mailboxKeys = Self.mailboxKeys(masterKey: masterKey)
        signingKeys = Self.signingKeys(masterKey: masterKey)
        let dataKey = Self.dataKey(masterKey)
        do {
            try FileManager.default.createDirectory(
                atPath: blobDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .database("cannot create \(blobDirectory): \(error.localizedDescription)")
        }
        let database = try EncryptedDatabase.open(path: path, key: dataKey, migrator: Self.migrator, prepare: Self.registration(tokenizer))
        do {
            try database.write { db in try Self.reindexIfNeeded(db, version: tokenizer.version) }
        } catch {
            try? database.close()
            EncryptedDatabase.forgetKey(path: path)
            throw EncryptedDatabase.classify(error, path: path)
        }
        queue = StoreQueue(queue: database, path: path)
    }

    /// The key of the vault's database file.
    private static func dataKey(_ masterKey: SecureBytes) -> SecureBytes { KDF.derive(masterKey, id: 1, context: "hiredvlt") }

    /// The vault's database as the version whose last migration is `migration` made it (for
    /// tests of the migrations after it).
    static func openDatabase(
        path: String, masterKey: SecureBytes, tokenizer: any SearchTokenizer.Type, migratedUpTo migration: String
    ) throws -> DatabaseQueue {
        let queue = try EncryptedDatabase.open(
            path: path, key: dataKey(masterKey), migrator: DatabaseMigrator(), prepare: registration(tokenizer))
        try migrator.migrate(queue, upTo: migration)
        return queue
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
        registerUndoMigrations(&migrator)
        registerDuplicateMigrations(&migrator)
        registerSearchMigrations(&migrator)
        registerFeedbackMigrations(&migrator)
        registerResumeSearchMigrations(&migrator)
        registerEventMigrations(&migrator)
        registerApplicationMigrations(&migrator)
        registerInterviewMigrations(&migrator)
        migrator.registerMigration("v11 salaries sorted by the year") { db in
            // The lower bound as a yearly amount (2,080 hours, 260 days, 52 weeks, 12 months),
            // so that $48/hr sorts beside $100,000 a year, not below $50. Computed, not stored.
            try db.execute(
                sql: """
                    ALTER TABLE job ADD COLUMN salaryYearly REAL GENERATED ALWAYS AS (salaryMin * CASE period
                        WHEN 'hour' THEN 2080 WHEN 'day' THEN 260 WHEN 'week' THEN 52 WHEN 'month' THEN 12 ELSE 1 END) VIRTUAL
                    """)
        }
        registerBoardIndexMigrations(&migrator)
        registerProviderMigrations(&migrator)
        registerOrgMigrations(&migrator)
        registerResumePieceMigrations(&migrator)
        registerJobIdIndexMigrations(&migrator)
        return migrator
    }

    /// Counts committed changes to jobs and resumes since this store was opened (the daemon is
    /// the database's only writer), so a cache can tell cheaply that nothing changed.
    public var changeNumber: Int { changes.load(ordering: .acquiring) }
    /// Tells this opening of the vault from any other (a change number counts within one).
    public let opening = UUID()

    func noteChange() { changes.add(1, ordering: .releasing) }

    /// Keyed BLAKE2b-256 (hex) under a key of this vault: equal inputs give equal digests, and a
    /// digest of personal data (a resume's bytes, an email) reveals nothing without the key.
    public func keyedDigest(_ bytes: some Collection<UInt8>) -> String {
        KeyedHash.hash(bytes, key: digestKey).hex
    }

    /// Checkpoints and closes the vault (a locked vault leaves no log behind) and wipes its
    /// key from the VFS.
    public func close() throws {
        defer { EncryptedDatabase.forgetKey(path: path) }
        // A snapshot being written saves the next opening a rebuild; it takes well under a
        // second even for a million rows, and never holds a closing vault for long.
        _ = snapshotWrites.wait(timeout: .now() + 3)
        try queue.checkpointAndClose()
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
                    // An endless or huge input is abandoned with its request.
                    try Task.checkCancellation()
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
            id: id, name: name, size: size, digest: digest.finish().hex, createdAt: Date())
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

    /// The plaintext of blob `id`. Damage (a chunk or the final tag failing authentication,
    /// a truncated or missing file, another size or digest than recorded) throws
    /// Deletes a blob's file and record (a deleted resume's original).
    /// Runs to its end even in a cancelled task (GRDB refuses a cancelled task's access), as
    /// it is how cancelled work takes back the original it stored.
    public func deleteBlob(id: String) async throws {
        let queue = queue
        try await Task { try await queue.write { db in try db.execute(sql: "DELETE FROM blob WHERE id = ?", arguments: [id]) } }.value
        unlink(blobDirectory + "/" + id)
    }

    /// `StorageError.corrupt` naming the blob's file.
    public func readBlob(id: String) async throws -> Data {
        var plaintext = Data()
        try await readBlob(id: id) { plaintext.append(contentsOf: $0) }
        return plaintext
    }

    /// Decrypts blob `id` to its end without keeping it, checking what ``readBlob(id:write:)``
    /// checks: the primitive that verifying and downloading an original share.
    public func verifyBlob(id: String) async throws {
        try await readBlob(id: id) { _ in }
    }

    /// Reads blob `id` chunk by chunk to `write`, and checks it whole: every chunk
    /// authenticates, the stream ends with its final chunk, and its size and digest are the
    /// ones recorded. Damage (tampering, truncation, a missing file, another digest) throws
    /// `StorageError.corrupt` naming the blob's file: what was written before must then be
    /// discarded. Returns the blob's record.
    @discardableResult
    public func readBlob(id: String, write: ([UInt8]) throws -> Void) async throws -> BlobRecord {
        guard
            let (record, wrapData) = try await queue.read({ db in
                try Row.fetchOne(db, sql: "SELECT * FROM blob WHERE id = ?", arguments: [id]).map { (Self.blobRecord($0), $0["wrappedKey"] as Data) }
            })
        else { throw StorageError.database("no blob \(id)") }
        let file = blobDirectory + "/" + id
        let damaged = { (detail: String) in StorageError.corrupt(path: file, detail: "blob \(id): \(detail)") }
        let key: SecureBytes
        do {
            key = try KeyWrap.unwrap(try WrappedKey.decode(wrapData), with: blobWrappingKey, binding: WrapBinding(purpose: "blob", owner: id))
        } catch {
            throw damaged("its key record does not open")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw damaged("the file is missing") }
        defer { try? handle.close() }
        let digest = KeyedHash.Digest()
        var size = 0
        do {
            try SecretStream.decrypt(
                key: key, associatedData: Array(id.utf8),
                read: { count in
                    var bytes = [UInt8]()
                    while bytes.count < count, let more = try handle.read(upToCount: count - bytes.count), !more.isEmpty {
                        bytes += more
                    }
                    return bytes
                },
                write: { chunk in
                    digest.update(chunk)
                    size += chunk.count
                    try write(chunk)
                })
        } catch let error as CryptoError {
            switch error {
            case .authenticationFailed: throw damaged("a chunk failed authentication, or the file is truncated")
            case .malformed(let what): throw damaged(what)
            case .failed: throw error
            }
        }
        guard size == record.size, digest.finish().hex == record.digest else {
            throw damaged("its content is not the one recorded (size or digest)")
        }
        return record
    }

    /// The record of blob `id`, if there is one.
    public func blob(id: String) async throws -> BlobRecord? {
        try await queue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM blob WHERE id = ?", arguments: [id]).map(Self.blobRecord) }
    }

    static func blobRecord(_ row: Row) -> BlobRecord {
        BlobRecord(id: row["id"], name: row["name"], size: row["size"], digest: row["digest"], createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }

    /// Checks the whole vault: authenticates every page of its database file and every frame
    /// of its log (writers wait meanwhile), runs SQLite's `integrity_check` of its structure,
    /// and decrypts every blob to its end. Reports what is damaged; changes nothing.
    public func verify() async throws -> VerifyReport {
        let path = self.path
        let file = URL(fileURLWithPath: path).lastPathComponent
        var report = try await queue.queue.writeWithoutTransaction { db -> VerifyReport in
            var result = hirevfs_verify_result()
            let status = hirevfs_verify(path, &result)
            guard status == SQLITE_OK else { throw StorageError.database("cannot read \(path) to verify it (\(status))") }
            var damaged = [StoreDamage]()
            let listed = withUnsafeBytes(of: result.damaged_kind) { Array($0.bindMemory(to: Int32.self)) }
            let numbers = withUnsafeBytes(of: result.damaged_no) { Array($0.bindMemory(to: UInt32.self)) }
            for index in 0..<min(Int(result.n_damaged), listed.count) {
                let number = Int(numbers[index])
                switch listed[index] {
                case HIREVFS_VERIFY_PAGE:
                    damaged.append(StoreDamage(kind: "page", number: number, detail: "\(file): page \(number) failed authentication"))
                case HIREVFS_VERIFY_WAL_FRAME:
                    damaged.append(StoreDamage(kind: "walFrame", number: number, detail: "\(file)-wal: frame \(number) of the log failed authentication"))
                default:
                    damaged.append(StoreDamage(kind: "walHeader", detail: "\(file)-wal: the log header is damaged while the log holds frames"))
                }
            }
            if result.n_damaged > UInt32(listed.count) {
                damaged.append(StoreDamage(kind: "page", detail: "\(Int(result.n_damaged) - listed.count) more damaged pages or frames not listed"))
            }
            do {
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check(100)")
                if problems != ["ok"] {
                    damaged += problems.map { StoreDamage(kind: "structure", detail: "\(file): \($0)") }
                }
            } catch {
                let detail = EncryptedDatabase.damageDetail(path: path) ?? "\(error)"
                if !damaged.contains(where: { $0.kind != "structure" }) {
                    damaged.append(StoreDamage(kind: "structure", detail: "\(file): integrity check stopped: \(detail)"))
                }
            }
            return VerifyReport(
                pagesChecked: Int(result.pages_checked), framesChecked: Int(result.frames_checked), blobsChecked: 0, damaged: damaged)
        }
        let blobs: [BlobRecord]
        do {
            blobs = try await self.blobs()
        } catch {
            report.damaged.append(StoreDamage(kind: "structure", detail: "the list of blobs cannot be read: \(error)"))
            return report
        }
        for blob in blobs {
            try Task.checkCancellation()
            report.blobsChecked += 1
            do {
                try await verifyBlob(id: blob.id)
            } catch let StorageError.corrupt(_, detail) {
                report.damaged.append(StoreDamage(kind: "blob", blobId: blob.id, detail: "\(detail) (original file \"\(blob.name)\")"))
            }
        }
        return report
    }

    public func blobs() async throws -> [BlobRecord] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM blob ORDER BY createdAt").map(Self.blobRecord)
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
