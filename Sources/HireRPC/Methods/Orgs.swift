import HireCore

/// An org as one member sees it.
public struct OrgView: Codable, Sendable, Equatable, SchemaDocumented {
    public var orgId: String
    public var name: String
    public var role: String?
    public var epoch: Int
    public var memberCount: Int
    public var removed: Bool
    public init(orgId: String, name: String, role: String?, epoch: Int, memberCount: Int, removed: Bool) {
        self.orgId = orgId
        self.name = name
        self.role = role
        self.epoch = epoch
        self.memberCount = memberCount
        self.removed = removed
    }
    public static let fieldDocs = [
        "role": "Your role: admin, recruiter or viewer; absent once you left or were removed.",
        "epoch": "The org's key epoch: it moves on whenever a member leaves or is removed.",
        "removed": "You left or were removed: nothing written since reaches you.",
    ]
}

/// A member of an org, as the org's log pinned them.
public struct OrgMemberView: Codable, Sendable, Equatable {
    public var userId: String
    public var displayName: String
    public var role: String
    public init(userId: String, displayName: String, role: String) {
        self.userId = userId
        self.displayName = displayName
        self.role = role
    }
}

/// An entry of the org's log this member's daemon refused.
public struct OrgRejectedEntry: Codable, Sendable, Equatable {
    public var seq: Int
    public var reason: String
    public var at: String
    public init(seq: Int, reason: String, at: String) {
        self.seq = seq
        self.reason = reason
        self.at = at
    }
}

/// A job of an org's shared board: its id and the board columns set on it.
public struct OrgBoardJob: Codable, Sendable, Equatable {
    public var jobId: String
    public var columns: [String: String]
    /// Its description (`orgs.describe`), when asked for.
    public var description: String?
    /// For a described job: true once an edit or import gave it another company or position
    /// (describe it again to clear it).
    public var descriptionStale: Bool?
    /// Its profile, made by the member who described it.
    public var profile: JobProfile?
    public init(
        jobId: String, columns: [String: String], description: String? = nil, descriptionStale: Bool? = nil, profile: JobProfile? = nil
    ) {
        self.jobId = jobId
        self.columns = columns
        self.description = description
        self.descriptionStale = descriptionStale
        self.profile = profile
    }
}

/// A resume a member shared with an org (`resumes.share`), as every member's copy has it.
public struct OrgSharedResume: Codable, Sendable, Equatable {
    public var resumeId: String
    public var filename: String?
    /// The candidate's name, as the sharer's profile read it.
    public var name: String?
    public var skills: [String]
    /// The member who shared it, and their display name.
    public var sharedBy: String
    public var sharedByName: String?
    /// With `includeText`.
    public var text: String?
    public init(
        resumeId: String, filename: String?, name: String?, skills: [String], sharedBy: String, sharedByName: String?, text: String?
    ) {
        self.resumeId = resumeId
        self.filename = filename
        self.name = name
        self.skills = skills
        self.sharedBy = sharedBy
        self.sharedByName = sharedByName
        self.text = text
    }
}

/// Organisations: members who share a board through an end-to-end encrypted log (docs/orgs.md).
public enum Orgs {
    public enum Create: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.create", summary: "Create an organisation, with you as its admin.",
            access: .role(.recruiter), readOnly: false, positionals: ["name"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var name: String
            public init(name: String) { self.name = name }
            public static let fieldDocs = ["name": "The org's name, shared (encrypted) with its members."]
        }
        public typealias Result = OrgView
        public static let example = Params(name: "Acme Talent")
    }

    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.list", summary: "List the orgs you belong to (or belonged to).", access: .role(.recruiter), readOnly: true)
        public typealias Params = Empty
        public struct Result: Codable, Sendable {
            public var orgs: [OrgView]
            public init(orgs: [OrgView]) { self.orgs = orgs }
        }
        public static let example = Empty()
    }

    public enum Invite: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.invite", summary: "Make a one-time invitation code for a new member (admins).",
            details: "The code is shown once and kept nowhere: give it to the invitee yourself. It expires, works once, and stops working when the org's key epoch moves on.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound, .orgForbidden], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var role: String
            public var expiresIn: Int?
            public init(orgId: String, role: String, expiresIn: Int? = nil) {
                self.orgId = orgId
                self.role = role
                self.expiresIn = expiresIn
            }
            public static let fieldDocs = [
                "role": "admin, recruiter or viewer.", "expiresIn": "Seconds until the code expires (default 7 days, at most 30).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var code: String
            public var expiresAt: String
            public init(code: String, expiresAt: String) {
                self.code = code
                self.expiresAt = expiresAt
            }
        }
        public static let example = Params(orgId: "8c1d…", role: "recruiter", expiresIn: 86400)
    }

    public enum Join: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.join", summary: "Join an org with an invitation code.", access: .role(.recruiter), readOnly: false,
            errors: [.invalidInvitation, .alreadyInOrg], positionals: ["code"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var code: String
            public init(code: String) { self.code = code }
            public static let fieldDocs = ["code": "The code an admin gave you."]
        }
        public typealias Result = OrgView
        public static let example = Params(code: "3f9a0c1e-…")
    }

    public enum Members: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.members", summary: "List an org's members and roles.", access: .role(.recruiter), readOnly: true,
            errors: [.orgNotFound], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public init(orgId: String) { self.orgId = orgId }
            public static let fieldDocs = ["orgId": "The org's id."]
        }
        public struct Result: Codable, Sendable {
            public var members: [OrgMemberView]
            public init(members: [OrgMemberView]) { self.members = members }
        }
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Remove: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.remove", summary: "Remove a member (admins): the org moves to a new key they never receive.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound, .orgForbidden, .notInOrg],
            positionals: ["orgId", "userId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var userId: String
            public init(orgId: String, userId: String) {
                self.orgId = orgId
                self.userId = userId
            }
            public static let fieldDocs = ["userId": "The member to remove."]
        }
        public typealias Result = OrgView
        public static let example = Params(orgId: "8c1d…", userId: "5b0e…")
    }

    public enum Leave: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.leave", summary: "Leave an org; an admin's daemon then moves it to a new key.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound, .lastAdmin], positionals: ["orgId"])
        public typealias Params = Members.Params
        public typealias Result = OrgView
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Status: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.status", summary: "Show an org's sync: pending changes, last sync, lag, rejected entries.",
            details: "Syncs first when the exchange answers; syncError says why it did not.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var contentHash: Bool?
            public init(orgId: String, contentHash: Bool? = nil) {
                self.orgId = orgId
                self.contentHash = contentHash
            }
            public static let fieldDocs = [
                "orgId": "The org's id.",
                "contentHash": "Also return a hash of your copy of the org's shared data (reads all of it: for a big board, seconds).",
            ]
        }
        public struct Result: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var lastSeq: Int
            public var pendingChanges: Int
            public var lastSyncAt: String?
            public var lagEntries: Int
            public var lagSeconds: Int
            public var syncError: String?
            public var rejected: [OrgRejectedEntry]
            public var contentHash: String?
            public init(
                orgId: String, lastSeq: Int, pendingChanges: Int, lastSyncAt: String?, lagEntries: Int, lagSeconds: Int,
                syncError: String?, rejected: [OrgRejectedEntry], contentHash: String? = nil
            ) {
                self.orgId = orgId
                self.lastSeq = lastSeq
                self.pendingChanges = pendingChanges
                self.lastSyncAt = lastSyncAt
                self.lagEntries = lagEntries
                self.lagSeconds = lagSeconds
                self.syncError = syncError
                self.rejected = rejected
                self.contentHash = contentHash
            }
            public static let fieldDocs = [
                "lastSeq": "The last log entry applied to your vault.", "pendingChanges": "Your edits not yet in the log.",
                "contentHash": "When asked: BLAKE2b of every shared field of your copy; equal on members whose copies converged.",
                "lastSyncAt": "When your daemon last reached the end of the log.",
                "lagEntries": "Entries in the log not yet applied (counted up to 10,000).",
                "lagSeconds": "Seconds since the last sync while entries wait; 0 when caught up.",
                "rejected": "Entries refused (bad signature or tag, replay, not a member), never applied.",
            ]
        }
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Compact: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.compact", summary: "Store an encrypted, signed snapshot of the org for new members to start from.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound, .orgForbidden], positionals: ["orgId"])
        public typealias Params = Members.Params
        public struct Result: Codable, Sendable {
            public var upTo: Int
            public init(upTo: Int) { self.upTo = upTo }
        }
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Board: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.board", summary: "List the jobs of an org's shared board.", access: .role(.recruiter), readOnly: true,
            errors: [.orgNotFound], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var includeDescriptions: Bool?
            public init(orgId: String, includeDescriptions: Bool? = nil) {
                self.orgId = orgId
                self.includeDescriptions = includeDescriptions
            }
            public static let fieldDocs = ["includeDescriptions": "Include each job's description (profiles are always included)."]
        }
        public struct Result: Codable, Sendable {
            public var jobs: [OrgBoardJob]
            public init(jobs: [OrgBoardJob]) { self.jobs = jobs }
        }
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Import: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.import", summary: "Import a Master Tracking Board CSV into an org's shared board (merge or replace).",
            details: "Only what differs from your copy of the org's board is sent to the members, so importing the same file again sends nothing. replace deletes the org's jobs the file lacks; one that would delete more than 20% of the board changes nothing and fails with replaceNeedsConfirmation unless confirm is true. Bad rows are skipped and listed. dryRun counts and sends nothing.",
            access: .role(.recruiter), readOnly: false,
            errors: [.orgNotFound, .orgForbidden, .badCSV, .replaceNeedsConfirmation], positionals: ["orgId", "path"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var path: String?
            public var csv: String?
            public var mode: ImportMode?
            public var dryRun: Bool?
            public var confirm: Bool?
            public init(orgId: String, path: String? = nil, csv: String? = nil, mode: ImportMode? = nil, dryRun: Bool? = nil, confirm: Bool? = nil) {
                self.orgId = orgId
                self.path = path
                self.csv = csv
                self.mode = mode
                self.dryRun = dryRun
                self.confirm = confirm
            }
            public static let fieldDocs = [
                "path": "The CSV file (absolute path).", "csv": "The CSV text (instead of path).",
                "mode": "merge (default): upsert by JobID; replace: the org's board becomes the file.",
                "dryRun": "Count what would change; send nothing.", "confirm": "Allow a replace that deletes more than 20% of the board.",
            ]
        }
        /// As `mtb.import`'s (no run is recorded: runId is absent).
        public typealias Result = ImportResult
        public static let example = Params(orgId: "8c1d…", path: "/home/dana/mtb.csv")
    }

    public enum Resumes: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.resumes", summary: "List the resumes members shared with an org.", access: .role(.recruiter), readOnly: true,
            errors: [.orgNotFound], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var includeText: Bool?
            public init(orgId: String, includeText: Bool? = nil) {
                self.orgId = orgId
                self.includeText = includeText
            }
            public static let fieldDocs = ["includeText": "Include each resume's text."]
        }
        public struct Result: Codable, Sendable {
            public var resumes: [OrgSharedResume]
            public init(resumes: [OrgSharedResume]) { self.resumes = resumes }
        }
        public static let example = Params(orgId: "8c1d…")
    }

    public enum Filter: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.filter", summary: "Find the jobs of an org's shared board whose columns equal the values given (exact match).",
            details: "As mtb.filter on your board: a job passes when, for every column given, its value equals one of the values given (after trimming). Served from your copy of the org's board, synced first.",
            access: .role(.recruiter), readOnly: true, errors: [.orgNotFound, .unknownColumn], positionals: ["orgId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var filters: Filters
            public var includeDescriptions: Bool?
            public init(orgId: String, filters: Filters, includeDescriptions: Bool? = nil) {
                self.orgId = orgId
                self.filters = filters
                self.includeDescriptions = includeDescriptions
            }
            public static let fieldDocs = Board.Params.fieldDocs.merging(["filters": MTB.Filter.Params.fieldDocs["filters"]!]) { a, _ in a }
        }
        public struct Result: Codable, Sendable {
            public var jobs: [OrgBoardJob]
            public var total: Int
            public init(jobs: [OrgBoardJob], total: Int) {
                self.jobs = jobs
                self.total = total
            }
        }
        public static let example = Params(orgId: "8c1d…", filters: ["state": FilterValues(["TX"])])
    }

    public enum Values: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.values", summary: "List a column's distinct values on an org's shared board, with counts, most frequent first.",
            details: "As mtb.values on your board (empty values are not counted; ties in byte order), from your copy of the org's board, synced first.",
            access: .role(.recruiter), readOnly: true, errors: [.orgNotFound, .unknownColumn], positionals: ["orgId", "column"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var column: String
            public var prefix: String?
            public var limit: Int?
            public init(orgId: String, column: String, prefix: String? = nil, limit: Int? = nil) {
                self.orgId = orgId
                self.column = column
                self.prefix = prefix
                self.limit = limit
            }
            public static let fieldDocs = MTB.Values.Params.fieldDocs
        }
        public typealias Result = MTB.Values.Result
        public static let example = Params(orgId: "8c1d…", column: "state")
    }

    public enum Describe: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.describe", summary: "Attach a description (a file or text) to a job of an org's shared board, and profile it.",
            details: "The description and the job's profile (made by the builtin engine from the description and the job's columns) become fields of the job on every member's copy, as an edit does; describing the job again replaces them. DOCX, PDF, text and Markdown files are read to text; the org keeps the text, not the file. A description may hold at most 1 MiB of text.",
            access: .role(.recruiter), readOnly: false,
            errors: [.orgNotFound, .orgForbidden, .jobNotFound, .unreadableDocument, .noText, .unsupportedFormat],
            positionals: ["orgId", "jobId", "path"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var jobId: String
            public var path: String?
            public var text: String?
            public init(orgId: String, jobId: String, path: String? = nil, text: String? = nil) {
                self.orgId = orgId
                self.jobId = jobId
                self.path = path
                self.text = text
            }
            public static let fieldDocs = [
                "path": "A DOCX, PDF, text or Markdown file the daemon can read (absolute path).",
                "text": "The description as text (instead of path).",
            ]
        }
        public typealias Result = OrgBoardJob
        public static let example = Params(orgId: "8c1d…", jobId: "J-000123", path: "/home/dana/jds/J-000123.docx")
    }

    public enum Edit: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "orgs.edit", summary: "Set columns of a job on an org's shared board, or delete it.",
            details: "Applied to your copy at once and sent to the other members (queued while the exchange is unreachable). Concurrent edits: the last writer of each column wins, on every member's copy alike.",
            access: .role(.recruiter), readOnly: false, errors: [.orgNotFound, .orgForbidden, .unknownColumn],
            positionals: ["orgId", "jobId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var orgId: String
            public var jobId: String
            public var set: [String: String]?
            public var delete: Bool?
            public init(orgId: String, jobId: String, set: [String: String]? = nil, delete: Bool? = nil) {
                self.orgId = orgId
                self.jobId = jobId
                self.set = set
                self.delete = delete
            }
            public static let fieldDocs = [
                "set": "Board columns (wire keys, as mtb.columns lists them) and their new values; an empty value clears one.",
                "delete": "Delete the job from the org's board.",
            ]
        }
        public typealias Result = OrgBoardJob
        public static let example = Params(orgId: "8c1d…", jobId: "J-000123", set: ["pipelineNumber": "3"])
    }
}
