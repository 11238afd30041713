import Foundation
import HireCore
import NIOCore
import PostgresNIO

// `OrgLog` on PostgreSQL. An append locks its org's `org_head` row for the length of its
// transaction and numbers its entries from it, so sequence numbers per org are gapless and
// committed in order (a reader that saw n has seen every entry before n); the NOTIFY sent in
// the same transaction is delivered at commit, to every daemon listening.

extension PostgresExchange {
    public func publish(_ identity: PublishedIdentity) async throws {
        try await connections.with { [logger] connection in
            try await connection.query(
                """
                INSERT INTO identity (user_id, display_name, box_public_key, sign_public_key, updated_at)
                VALUES (\(identity.userId), \(identity.displayName), \(identity.boxPublicKey), \(identity.signPublicKey),
                    \(Date().timeIntervalSince1970))
                ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, box_public_key = excluded.box_public_key,
                    sign_public_key = excluded.sign_public_key, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// Nil also for a member known only from the directory (``publishMember(_:)``): without a
    /// signing key they have published no identity.
    public func identity(userId: String) async throws -> PublishedIdentity? {
        try await connections.with { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT display_name, box_public_key, sign_public_key FROM identity
                WHERE user_id = \(userId) AND box_public_key IS NOT NULL AND sign_public_key IS NOT NULL
                """, logger: logger)
            for try await (name, box, sign) in rows.decode((String, Data, Data).self) {
                return PublishedIdentity(userId: userId, displayName: name, boxPublicKey: box, signPublicKey: sign)
            }
            return nil
        }
    }

    public func append(orgId: String, bodies: [Data]) async throws -> [Int64] {
        guard !bodies.isEmpty else { return [] }
        return try await connections.with { [logger] connection in
            try await connection.transaction(logger: logger) { connection in
                // Creates the head at 0 the first time, then takes its row lock either way.
                try await connection.query(
                    "INSERT INTO org_head (org_id, last_seq) VALUES (\(orgId), 0) ON CONFLICT (org_id) DO NOTHING", logger: logger)
                var last: Int64 = 0
                for try await seq in try await connection.query(
                    "SELECT last_seq FROM org_head WHERE org_id = \(orgId) FOR UPDATE", logger: logger
                ).decode(Int64.self) {
                    last = seq
                }
                let seqs = (1...Int64(bodies.count)).map { last + $0 }
                let now = Date().timeIntervalSince1970
                try await connection.query(
                    """
                    INSERT INTO org_log (org_id, seq, body, appended_at)
                    SELECT \(orgId), s, b, \(now) FROM unnest(\(seqs), \(bodies.map { ByteBuffer(bytes: $0) })) AS t(s, b)
                    """, logger: logger)
                try await connection.query("UPDATE org_head SET last_seq = \(seqs.last!) WHERE org_id = \(orgId)", logger: logger)
                try await connection.query("SELECT pg_notify(\(Self.channel), \(orgId))", logger: logger)
                return seqs
            }
        }
    }

    public func entries(orgId: String, after: Int64, limit: Int) async throws -> [OrgLogEntry] {
        wakeUps.noteRead(orgId)
        return try await connections.with { [logger] connection in
            var entries: [OrgLogEntry] = []
            let rows = try await connection.query(
                "SELECT seq, body FROM org_log WHERE org_id = \(orgId) AND seq > \(after) ORDER BY seq LIMIT \(limit)", logger: logger)
            for try await (seq, body) in rows.decode((Int64, Data).self) {
                entries.append(OrgLogEntry(orgId: orgId, seq: seq, body: body))
            }
            return entries
        }
    }

    public func putInvitation(codeHash: Data, _ invitation: OrgInvitation) async throws {
        try await connections.with { [logger] connection in
            try await connection.query(
                """
                INSERT INTO org_invitation (code_hash, org_id, sealed, expires_at)
                VALUES (\(codeHash), \(invitation.orgId), \(invitation.sealed), \(invitation.expiresAt.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    /// One DELETE … RETURNING: of two takers, the second finds the row gone. An expired
    /// invitation is deleted too, and returned to nobody.
    public func takeInvitation(codeHash: Data, now: Date) async throws -> OrgInvitation? {
        try await connections.with { [logger] connection in
            let rows = try await connection.query(
                "DELETE FROM org_invitation WHERE code_hash = \(codeHash) RETURNING org_id, sealed, expires_at", logger: logger)
            var taken: OrgInvitation?
            for try await (orgId, sealed, expiresAt) in rows.decode((String, Data, Double).self) {
                let expires = Date(timeIntervalSince1970: expiresAt)
                if expires > now { taken = OrgInvitation(orgId: orgId, sealed: sealed, expiresAt: expires) }
            }
            return taken
        }
    }

    public func putSnapshot(_ snapshot: OrgSnapshot) async throws {
        try await connections.with { [logger] connection in
            try await connection.query(
                """
                INSERT INTO org_snapshot (org_id, up_to, body) VALUES (\(snapshot.orgId), \(snapshot.upTo), \(snapshot.body))
                ON CONFLICT (org_id) DO UPDATE SET up_to = excluded.up_to, body = excluded.body
                """, logger: logger)
        }
    }

    public func latestSnapshot(orgId: String) async throws -> OrgSnapshot? {
        try await connections.with { [logger] connection in
            let rows = try await connection.query("SELECT up_to, body FROM org_snapshot WHERE org_id = \(orgId)", logger: logger)
            for try await (upTo, body) in rows.decode((Int64, Data).self) {
                return OrgSnapshot(orgId: orgId, upTo: upTo, body: body)
            }
            return nil
        }
    }
}
