import Foundation
import GRDB
import HireCore
import HireCrypto

// `ApplicationStore` and `SealedMailbox`: applications a user sent or received, and the key
// pair that opens what others sealed to them.

extension VaultStore {
    /// One table for both sides: a candidate's copies (`sent`) and a recruiter's (`received`),
    /// each with the resume as it was sent. History and explanation are JSON.
    static func registerApplicationMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8 applications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE application (
                        id TEXT PRIMARY KEY,
                        side TEXT NOT NULL,
                        postingId TEXT NOT NULL,
                        postingTitle TEXT NOT NULL,
                        postingCompany TEXT NOT NULL,
                        recruiterId TEXT NOT NULL,
                        candidateId TEXT NOT NULL,
                        candidateName TEXT NOT NULL,
                        resumeId TEXT NOT NULL,
                        resumeFilename TEXT,
                        resumeText TEXT NOT NULL,
                        resumeProfile TEXT NOT NULL,
                        resumeTerms BLOB NOT NULL,
                        coverLetter TEXT,
                        status TEXT NOT NULL,
                        submittedAt DOUBLE NOT NULL,
                        updatedAt DOUBLE NOT NULL,
                        score DOUBLE,
                        explanation TEXT,
                        history TEXT NOT NULL);
                    CREATE INDEX application_posting ON application(side, postingId, candidateId);
                    """)
        }
    }

    /// The user's X25519 key pair: its seed is a subkey of the master key (CRYPTO.md §2).
    public static func mailboxKeys(masterKey: SecureBytes) -> SealedBox.KeyPair {
        SealedBox.KeyPair(seed: KDF.derive(masterKey, id: 4, context: "hiredbox"))
    }

    public var publicKey: Data { Data(mailboxKeys.publicKey) }

    /// The user's Ed25519 key pair, made like the X25519 pair from a subkey of the master key:
    /// nothing more to keep or wrap.
    public static func signingKeys(masterKey: SecureBytes) -> Signing.KeyPair {
        Signing.KeyPair(seed: KDF.derive(masterKey, id: 5, context: "hiredsig"))
    }

    /// The Ed25519 public key others check this user's signatures with.
    public var signPublicKey: Data { Data(signingKeys.publicKey) }

    /// This user's signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] { signingKeys.sign(message) }

    public func openSealed(_ sealed: Data) throws -> Data {
        Data(try mailboxKeys.open(Array(sealed)).exposedBytes)
    }

    public func insertApplications(_ applications: [StoredApplication]) async throws -> Int {
        let rows = try applications.map { ($0, try Self.historyJSON($0.history)) }
        return try await queue.write { db in
            var stored = 0
            for (application, history) in rows {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO application (
                            id, side, postingId, postingTitle, postingCompany, recruiterId, candidateId, candidateName, resumeId,
                            resumeFilename, resumeText, resumeProfile, resumeTerms, coverLetter, status, submittedAt, updatedAt, score,
                            explanation, history)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        application.id, application.side.rawValue, application.postingId, application.postingTitle,
                        application.postingCompany, application.recruiterId, application.candidateId, application.candidateName,
                        application.resumeId, application.resumeFilename, application.resumeText, application.resumeProfile,
                        Data(application.resumeTerms), application.coverLetter, application.status.rawValue,
                        application.submittedAt.timeIntervalSince1970, application.updatedAt.timeIntervalSince1970, application.score,
                        application.explanation, history,
                    ])
                stored += db.changesCount
            }
            return stored
        }
    }

    public func application(id: String) async throws -> StoredApplication? {
        try await queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM application WHERE id = ?", arguments: [id]).map(Self.application)
        }
    }

    public func application(postingId: String, candidateId: String, side: StoredApplication.Side) async throws -> StoredApplication? {
        try await queue.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM application WHERE side = ? AND postingId = ? AND candidateId = ? ORDER BY submittedAt LIMIT 1",
                arguments: [side.rawValue, postingId, candidateId]
            ).map(Self.application)
        }
    }

    public func applications(
        side: StoredApplication.Side, postingId: String?, status: ApplicationStatus?, order: ApplicationOrder, descending: Bool,
        offset: Int, limit: Int
    ) async throws -> [StoredApplication] {
        var sql = "SELECT * FROM application WHERE side = ?"
        var arguments: StatementArguments = [side.rawValue]
        if let postingId {
            sql += " AND postingId = ?"
            arguments += [postingId]
        }
        if let status {
            sql += " AND status = ?"
            arguments += [status.rawValue]
        }
        let direction = descending ? "DESC" : "ASC"
        switch order {
        case .score: sql += " ORDER BY score IS NULL, score \(direction), id"
        case .submittedAt: sql += " ORDER BY submittedAt \(direction), id"
        }
        sql += " LIMIT ? OFFSET ?"
        arguments += [limit, offset]
        return try await queue.read { [sql, arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.application) }
    }

    public func updateStatuses(_ applications: [StoredApplication]) async throws {
        let rows = try applications.map { ($0, try Self.historyJSON($0.history)) }
        try await queue.write { db in
            for (application, history) in rows {
                try db.execute(
                    sql: "UPDATE application SET status = ?, updatedAt = ?, history = ? WHERE id = ?",
                    arguments: [application.status.rawValue, application.updatedAt.timeIntervalSince1970, history, application.id])
            }
        }
    }

    public func setScores(_ scores: [(applicationId: String, score: Double, explanation: String?)]) async throws {
        try await queue.write { db in
            for (id, score, explanation) in scores {
                try db.execute(
                    sql: "UPDATE application SET score = ?, explanation = ? WHERE id = ?", arguments: [score, explanation, id])
            }
        }
    }

    public func unscoredPostings() async throws -> [String] {
        try await queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT postingId FROM application WHERE side = 'received' AND score IS NULL ORDER BY postingId")
        }
    }

    public func applicationCounts(postingIds: [String]) async throws -> [String: Int] {
        guard !postingIds.isEmpty else { return [:] }
        return try await queue.read { db in
            var counts: [String: Int] = [:]
            let marks = Array(repeating: "?", count: postingIds.count).joined(separator: ",")
            for row in try Row.fetchAll(
                db, sql: "SELECT postingId, count(*) AS n FROM application WHERE side = 'received' AND postingId IN (\(marks)) GROUP BY postingId",
                arguments: StatementArguments(postingIds))
            {
                counts[row["postingId"]] = row["n"]
            }
            return counts
        }
    }

    public func statusCounts(postingId: String?) async throws -> [ApplicationStatus: Int] {
        try await queue.read { db in
            var counts: [ApplicationStatus: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT status, count(*) AS n FROM application WHERE side = 'received' AND (?1 IS NULL OR postingId = ?1) GROUP BY status",
                arguments: [postingId])
            {
                if let status = ApplicationStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    private static func historyJSON(_ history: [StatusChange]) throws -> String {
        String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
    }

    private static func application(_ row: Row) throws -> StoredApplication {
        let history = try JSONDecoder().decode([StatusChange].self, from: Data((row["history"] as String).utf8))
        return StoredApplication(
            id: row["id"], side: StoredApplication.Side(rawValue: row["side"]) ?? .sent, postingId: row["postingId"],
            postingTitle: row["postingTitle"], postingCompany: row["postingCompany"], recruiterId: row["recruiterId"],
            candidateId: row["candidateId"], candidateName: row["candidateName"], resumeId: row["resumeId"],
            resumeFilename: row["resumeFilename"], resumeText: row["resumeText"], resumeProfile: row["resumeProfile"],
            resumeTerms: Array(row["resumeTerms"] as Data), coverLetter: row["coverLetter"],
            status: ApplicationStatus(rawValue: row["status"]) ?? .submitted, submittedAt: Date(timeIntervalSince1970: row["submittedAt"]),
            updatedAt: Date(timeIntervalSince1970: row["updatedAt"]), score: row["score"], explanation: row["explanation"],
            history: history)
    }
}
