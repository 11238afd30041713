import Foundation
import HireCore
import PostgresNIO

// `Exchange` on PostgreSQL: postings with their public fields only, the sealed inbox (nothing
// but the recipient's id and sealed bytes), and the member directory, which is the table of
// published identities (a local user is published at each unlock of their vault).

extension PostgresExchange {
    // MARK: - Members

    public func publishMember(_ member: Member) async throws {
        try await connections.with { [logger] connection in
            try await connection.query(
                """
                INSERT INTO identity (user_id, display_name, role, box_public_key, updated_at)
                VALUES (\(member.id), \(member.displayName), \(member.role.rawValue), \(member.publicKey), \(Date().timeIntervalSince1970))
                ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
                    box_public_key = coalesce(excluded.box_public_key, identity.box_public_key), updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    public func forgetMember(id: String) async throws {
        try await connections.with { [logger] connection in
            try await connection.transaction(logger: logger) { connection in
                try await connection.query("DELETE FROM identity WHERE user_id = \(id)", logger: logger)
                try await connection.query("DELETE FROM posting WHERE recruiter_id = \(id)", logger: logger)
                try await connection.query("DELETE FROM inbox WHERE recipient_id = \(id)", logger: logger)
            }
        }
    }

    public func member(id: String) async throws -> Member? {
        try await connections.with { [logger] connection in
            let rows = try await connection.query(
                "SELECT display_name, role, box_public_key FROM identity WHERE user_id = \(id)", logger: logger)
            for try await (name, role, key) in rows.decode((String, String?, Data?).self) {
                return Member(id: id, displayName: name, role: role.flatMap(Role.init(rawValue:)) ?? .candidate, publicKey: key)
            }
            return nil
        }
    }

    // MARK: - Postings

    public func insertPosting(_ posting: Posting) async throws {
        let row = try PostingRow(posting)
        try await connections.with { [logger] connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "INSERT INTO posting (\(PostingRow.columns)) VALUES (\((1...PostingRow.count).map { "$\($0)" }.joined(separator: ", ")))",
                    binds: try row.bindings()), logger: logger)
        }
    }

    public func posting(id: String) async throws -> Posting? {
        try await connections.with { [logger] connection in
            try await PostingRow.decode(
                connection.query(PostgresQuery(unsafeSQL: "SELECT \(PostingRow.columns) FROM posting WHERE id = $1", binds: try Self.binds([id])), logger: logger)
            ).first
        }
    }

    public func updatePosting(_ posting: Posting) async throws {
        let row = try PostingRow(posting)
        var binds = try row.bindings()
        binds.append(posting.id)
        let assignments = PostingRow.columns.split(separator: ",").enumerated().map { "\($1.trimmingCharacters(in: .whitespaces)) = $\($0 + 1)" }
        try await connections.with { [binds, logger] connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "UPDATE posting SET \(assignments.joined(separator: ", ")) WHERE id = $\(PostingRow.count + 1)", binds: binds), logger: logger)
        }
    }

    public func deletePosting(id: String) async throws -> Bool {
        try await connections.with { [logger] connection in
            let rows = try await connection.query("DELETE FROM posting WHERE id = \(id) RETURNING id", logger: logger)
            var deleted = false
            for try await _ in rows { deleted = true }
            return deleted
        }
    }

    public func postings(_ query: PostingQuery, now: Date, offset: Int, limit: Int) async throws -> [Posting] {
        var conditions: [String] = []
        var values: [(any PostgresEncodable & Sendable)?] = []
        func bind(_ value: (any PostgresEncodable & Sendable)?) -> String {
            values.append(value)
            return "$\(values.count)"
        }
        if !query.includeClosed {
            conditions.append("closed_at IS NULL AND (closes_at IS NULL OR closes_at > \(bind(now.timeIntervalSince1970)))")
        }
        for word in query.words {
            conditions.append("(title || ' ' || company || ' ' || location || ' ' || description) ILIKE \(bind("%" + Self.likeEscaped(word) + "%"))")
        }
        if let type = query.employmentType { conditions.append("lower(employment_type) = lower(\(bind(type)))") }
        if let remote = query.remote { conditions.append("remote = \(bind(remote.rawValue))") }
        if let location = query.location { conditions.append("location ILIKE \(bind("%" + Self.likeEscaped(location) + "%"))") }
        if let salary = query.salaryMin { conditions.append("salary_value >= \(bind(salary))") }
        if let company = query.company { conditions.append("lower(company) = lower(\(bind(company)))") }
        if let recruiter = query.recruiterId { conditions.append("recruiter_id = \(bind(recruiter))") }
        var sql = "SELECT \(PostingRow.columns) FROM posting"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let direction = query.descending ? "DESC" : "ASC"
        switch query.order {
        case .postedAt: sql += " ORDER BY posted_at \(direction), id"
        case .salary: sql += " ORDER BY salary_value IS NULL, salary_value \(direction), id"
        case .title: sql += " ORDER BY lower(title) \(direction), id"
        }
        sql += " LIMIT \(bind(limit)) OFFSET \(bind(offset))"
        let statement = PostgresQuery(unsafeSQL: sql, binds: try Self.binds(values))
        return try await connections.with { [logger] connection in try await PostingRow.decode(connection.query(statement, logger: logger)) }
    }

    // MARK: - Inbox

    public func putMessage(_ message: InboxMessage) async throws {
        try await connections.with { [logger] connection in
            try await connection.query(
                """
                INSERT INTO inbox (id, recipient_id, sealed, created_at)
                VALUES (\(message.id), \(message.recipientId), \(message.sealed), \(message.createdAt.timeIntervalSince1970))
                """, logger: logger)
            if let orgId = OrgInbox.orgId(ofRecipient: message.recipientId) {
                try await connection.query("SELECT pg_notify(\(Self.channel), \(orgId))", logger: logger)
            }
        }
    }

    public func messages(to recipientId: String, limit: Int, maxBytes: Int) async throws -> [InboxMessage] {
        try await connections.with { [logger] connection in
            // Sizes first: a batch of large messages (an interview's files) is cut to the budget
            // before any of them is read.
            var count = 0
            var bytes = 0
            let sizes = try await connection.query(
                "SELECT octet_length(sealed) FROM inbox WHERE recipient_id = \(recipientId) ORDER BY seq LIMIT \(limit)", logger: logger)
            for try await size in sizes.decode(Int.self) {
                if count > 0, bytes + size > maxBytes { break }
                count += 1
                bytes += size
            }
            var messages: [InboxMessage] = []
            let rows = try await connection.query(
                "SELECT id, sealed, created_at FROM inbox WHERE recipient_id = \(recipientId) ORDER BY seq LIMIT \(count)", logger: logger)
            for try await (id, sealed, createdAt) in rows.decode((String, Data, Double).self) {
                messages.append(InboxMessage(id: id, recipientId: recipientId, sealed: sealed, createdAt: Date(timeIntervalSince1970: createdAt)))
            }
            return messages
        }
    }

    public func deleteMessages(ids: [String], to recipientId: String) async throws {
        guard !ids.isEmpty else { return }
        try await connections.with { [logger] connection in
            try await connection.query("DELETE FROM inbox WHERE recipient_id = \(recipientId) AND id = ANY(\(ids))", logger: logger)
        }
    }

    // MARK: - Internal

    static func binds(_ values: [(any PostgresEncodable & Sendable)?]) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { try bindings.append(value) } else { bindings.appendNull() }
        }
        return bindings
    }

    /// `text` for an ILIKE pattern: its wildcards and the escape character taken literally.
    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// A posting as the `posting` table holds it.
struct PostingRow {
    static let columns = """
        id, job_id, recruiter_id, title, company, location, remote, employment_type, salary, salary_value, description, profile, \
        posted_at, updated_at, closes_at, closed_at, org_id, org_seal_key
        """
    /// How many columns there are (the update's id is the next bind).
    static let count = 18
    let posting: Posting
    let profile: String

    init(_ posting: Posting) throws {
        self.posting = posting
        profile = String(decoding: try JSONEncoder().encode(posting.profile), as: UTF8.self)
    }

    /// $1…$18, in the order of ``columns``.
    func bindings() throws -> PostgresBindings {
        let p = posting
        return try PostgresExchange.binds([
            p.id, p.jobId, p.recruiterId, p.title, p.company, p.location, p.remote?.rawValue, p.employmentType, p.salary,
            p.salaryValue, p.description, profile, p.postedAt.timeIntervalSince1970,
            p.updatedAt.timeIntervalSince1970, p.closesAt?.timeIntervalSince1970, p.closedAt?.timeIntervalSince1970, p.orgId,
            p.orgSealKey,
        ])
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Posting] {
        var postings: [Posting] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            var posting =
                Posting(
                    id: try r[0].decode(String.self), jobId: try r[1].decode(String?.self), recruiterId: try r[2].decode(String.self),
                    title: try r[3].decode(String.self), company: try r[4].decode(String.self), location: try r[5].decode(String.self),
                    remote: try r[6].decode(String?.self).flatMap(RemotePolicy.init(rawValue:)), employmentType: try r[7].decode(String?.self),
                    salary: try r[8].decode(String.self), description: try r[10].decode(String.self),
                    profile: try JSONDecoder().decode(JobProfile.self, from: Data(try r[11].decode(String.self).utf8)),
                    postedAt: Date(timeIntervalSince1970: try r[12].decode(Double.self)),
                    updatedAt: Date(timeIntervalSince1970: try r[13].decode(Double.self)),
                    closesAt: try r[14].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                    closedAt: try r[15].decode(Double?.self).map(Date.init(timeIntervalSince1970:)))
            posting.orgId = try r[16].decode(String?.self)
            posting.orgSealKey = try r[17].decode(Data?.self)
            postings.append(posting)
        }
        return postings
    }
}
