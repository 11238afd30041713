import Logging
import PostgresNIO

/// The exchange's tables, created and migrated by the daemon. `hired_schema` holds one row per
/// migration applied; at each connect the daemon applies the missing ones in order, all in one
/// transaction, under a transaction-scoped advisory lock, so two daemons starting together do
/// not both create a table (the second waits, then finds them applied). A shipped migration is
/// never edited: a change is a new one.
///
/// What the server holds: public job ads (postings, as a candidate sees them anyway), and
/// opaque bytes (sealed inbox messages, org log entries, invitations, snapshots) with the ids,
/// sequence numbers and times needed to route and order them. Identities hold names and
/// public keys. No key that opens anything is ever sent.
enum ExchangeSchema {
    /// Any constant, the same for every daemon: the advisory lock migrations take.
    static let migrationLock: Int64 = 0x6869_7265_6400_0001

    /// The migrations, in order; version n is `migrations[n - 1]`.
    static let migrations: [[String]] = [
        // 1: postings, the sealed inbox, identities, org logs.
        [
            """
            CREATE TABLE identity (
                user_id text PRIMARY KEY,
                display_name text NOT NULL,
                role text,
                box_public_key bytea,
                sign_public_key bytea,
                updated_at double precision NOT NULL)
            """,
            """
            CREATE TABLE posting (
                id text PRIMARY KEY,
                job_id text,
                recruiter_id text NOT NULL,
                title text NOT NULL,
                company text NOT NULL,
                location text NOT NULL,
                remote text,
                employment_type text,
                salary text NOT NULL,
                salary_value double precision,
                description text NOT NULL,
                profile text NOT NULL,
                posted_at double precision NOT NULL,
                updated_at double precision NOT NULL,
                closes_at double precision,
                closed_at double precision)
            """,
            "CREATE INDEX posting_posted_at ON posting (posted_at)",
            """
            CREATE TABLE inbox (
                seq bigserial PRIMARY KEY,
                id text NOT NULL UNIQUE,
                recipient_id text NOT NULL,
                sealed bytea NOT NULL,
                created_at double precision NOT NULL)
            """,
            "CREATE INDEX inbox_recipient ON inbox (recipient_id, seq)",
            // One row per org: its last sequence number, locked by each append so that numbers
            // are handed out in commit order with no gap (a sequence object would leave gaps on
            // rollback, and a reader could see n+1 committed before n).
            "CREATE TABLE org_head (org_id text PRIMARY KEY, last_seq bigint NOT NULL)",
            """
            CREATE TABLE org_log (
                org_id text NOT NULL REFERENCES org_head (org_id),
                seq bigint NOT NULL,
                body bytea NOT NULL,
                appended_at double precision NOT NULL,
                PRIMARY KEY (org_id, seq))
            """,
            """
            CREATE TABLE org_invitation (
                code_hash bytea PRIMARY KEY,
                org_id text NOT NULL,
                sealed bytea NOT NULL,
                expires_at double precision NOT NULL)
            """,
            "CREATE TABLE org_snapshot (org_id text PRIMARY KEY, up_to bigint NOT NULL, body bytea NOT NULL)",
        ],
        // 2: postings an org publishes: its id and the public key applications are sealed to.
        [
            "ALTER TABLE posting ADD COLUMN org_id text",
            "ALTER TABLE posting ADD COLUMN org_seal_key bytea",
        ],
    ]

    /// The version this build knows.
    static var latest: Int { migrations.count }

    /// Brings the schema to ``latest`` on `connection`; returns the version found before. A
    /// schema newer than this build is refused (an older daemon must not write to it).
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS hired_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var found = 0
            for try await version in try await connection.query("SELECT coalesce(max(version), 0) FROM hired_schema", logger: logger)
                .decode(Int.self)
            {
                found = version
            }
            guard found <= latest else { throw SchemaTooNew(found: found, known: latest) }
            for version in (found + 1)..<(latest + 1) {
                for statement in migrations[version - 1] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO hired_schema (version) VALUES (\(version))", logger: logger)
            }
            if found < latest { logger.notice("exchange schema migrated", metadata: ["from": "\(found)", "to": "\(latest)"]) }
            return found
        }
    }
}

/// The exchange's schema was made by a newer `hired`: this one must not write to it.
struct SchemaTooNew: Error, CustomStringConvertible {
    let found: Int
    let known: Int
    var description: String { "the exchange's schema is version \(found), newer than this hired knows (\(known)): upgrade hired" }
}
