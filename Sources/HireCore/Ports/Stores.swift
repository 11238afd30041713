import Foundation

// Store ports: what the services ask of storage, in domain values. HireStorage's `VaultStore`
// implements them all with GRDB over one user's encrypted vault; a second store (PostgreSQL)
// implements the same. Services name only the ports they use (`some JobStore & BlobStore`),
// which says what each one touches.
//
// Full-text queries (`ftsQuery`) are FTS5 expressions made by `SearchTerms.ftsQuery`; a store
// that cannot use one throws `SearchQueryRefused`. Damage found in a store is
// `StorageError.corrupt`, naming the file.

/// The jobs on a user's board, their descriptions and profiles.
public protocol JobStore: Sendable {
    /// Imports rows in one transaction (see `ImportOptions`): `next` gives batches until nil;
    /// throwing rolls everything back.
    func importJobs(_ options: ImportOptions, next: @escaping @Sendable () throws -> ImportBatch?) async throws -> ImportCounts
    /// Puts the board back as it was before the last replacing import, if `isAvailable` says
    /// its start time still allows it; throws `UndoUnavailable` otherwise.
    func undoReplace(isAvailable: @escaping @Sendable (Date) -> Bool) async throws -> UndoCounts

    /// The job with this id, or nil.
    func job(id: String) async throws -> StoredJob?
    /// The jobs with these seqs, in the order given (unknown ones left out).
    func jobs(seqs: [Int64]) async throws -> [StoredJob]
    /// The jobs with these ids (unknown ones left out).
    func jobs(ids: [String]) async throws -> [StoredJob]
    /// The seqs and ids of the jobs passing exact filters (column ordinal → accepted values),
    /// in board order, from the board's index.
    func boardMatching(_ filters: [(column: Int, values: [String])]) async throws -> (seqs: [Int64], ids: [String])
    /// A column's distinct values (by ordinal) with how many jobs hold each, most frequent
    /// first, those starting with `prefix` (any case) only, at most `limit`; and how many
    /// there are in all.
    func boardValues(column: Int, prefix: String?, limit: Int) async throws -> (values: [(value: String, count: Int)], distinct: Int)
    /// Writes the board index to disk if it changed in bulk since it was last written (after an
    /// import: so that the first call after a restart finds it). Errors leave it to be rebuilt.
    func saveBoardIndex() async
    /// Adds a job; nil when its id is taken.
    func insertJob(values: [String], parsed: ParsedFields, description: String?) async throws -> StoredJob?
    /// Writes a job's values, description and profile; returns it as stored.
    func updateJob(_ job: StoredJob) async throws -> StoredJob
    /// Deletes the jobs with these ids; returns the seqs that went.
    func deleteJobs(ids: [String]) async throws -> [Int64]
    /// How many jobs the board holds.
    func jobCount() async throws -> Int

    /// The best `limit` jobs for a full-text query, with a score and a snippet.
    func searchJobs(_ ftsQuery: String, limit: Int) async throws -> [(seq: Int64, score: Double, snippet: String)]
    /// Every job a full-text query finds.
    func searchAll(_ ftsQuery: String) async throws -> Set<Int64>
    /// A page of jobs passing exact filters and a full-text query, in a stable order after
    /// `cursor`, and how many pass in all.
    func listJobs(
        filters: [(column: BoardColumn, values: [String])], ftsQuery: String?, order: JobOrder, after cursor: JobCursor?, limit: Int
    ) async throws -> (jobs: [StoredJob], total: Int, last: JobCursor?)

    /// Sets a job's description and profile (nil: none yet); nil when there is no such job.
    func setDescription(jobId: String, description: String, profile: String?) async throws -> StoredJob?
    /// Marks a job's description as written for the job as it is now; nil when there is no such job.
    func confirmDescription(jobId: String) async throws -> StoredJob?
    /// Stores profiles (JSON) of jobs; returns how many jobs were found.
    func setProfiles(_ profiles: [(jobId: String, profile: String)]) async throws -> Int
    /// The ids of the jobs that have no profile yet, in board order.
    func jobIdsWithoutProfile() async throws -> [String]
    /// Records the blob holding a job's description file (nil: none); returns the one it replaces.
    func setJobDocument(jobId: String, blobId: String?) async throws -> String?
    /// The blob holding a job's description file, if it has one.
    func jobDocument(jobId: String) async throws -> String?
    /// Deletes description files whose job is gone.
    func sweepJobDocuments() async throws
}

/// A user's resumes.
public protocol ResumeStore: Sendable {
    /// Adds a resume with what `reading` gives (its profile, match document and identity),
    /// unless it duplicates an earlier one and `allowDuplicates` is false: then nothing is
    /// stored and the earlier one is named. The text is indexed for search before `reading` is
    /// called, so a profile computed meanwhile on other threads costs no time of its own;
    /// `reading` may block, and what it throws stores nothing. (`resume.profile` is replaced.)
    func insertResume(_ resume: StoredResume, allowDuplicates: Bool, reading: @escaping @Sendable () throws -> ProfiledResume)
        async throws -> (stored: StoredResume?, duplicateOf: DuplicateResume?)
    /// Resumes stored before identities were kept.
    func resumesWithoutIdentity() async throws -> [StoredResume]
    /// Stores the identities of earlier resumes.
    func setResumeIdentities(_ identities: [(resumeId: String, identity: ResumeIdentity)]) async throws
    /// The resume with this id, or nil.
    func resume(id: String) async throws -> StoredResume?
    /// The resumes with these ids (unknown ones left out).
    func resumes(ids: [String]) async throws -> [StoredResume]
    /// A page of resumes, newest first, after `cursor` (createdAt in seconds since 1970, seq),
    /// whose text matches every FTS5 query of `strings` (all resumes when it is empty).
    func listResumes(matching strings: [String], after cursor: (Double, Int64)?, limit: Int) async throws -> [StoredResume]
    /// Deletes resumes (and their match documents); returns those that went.
    func deleteResumes(ids: [String]) async throws -> [StoredResume]
    /// How many resumes the user has.
    func resumeCount() async throws -> Int
    /// A digest of `bytes` keyed by the store's own key: equal inputs meet, and nobody
    /// without the key learns anything from it.
    func keyedDigest(_ bytes: some Collection<UInt8>) -> String
}

/// The matcher's cache of documents (terms and profile per job and resume).
public protocol MatchDocumentStore: Sendable {
    /// Tells this opening of the store from any other (a change number counts within one).
    var opening: UUID { get }
    /// Grows with every write to the store: unchanged means nothing needs syncing.
    var changeNumber: Int { get }
    /// Jobs that are new or changed since their match document was made.
    func jobsNeedingMatchDocuments() async throws -> [StoredJob]
    /// Ids of documents whose job or resume is gone.
    func orphanMatchDocuments(kind: StoredMatchDocument.Kind) async throws -> [String]
    /// Writes and removes documents of a kind in one transaction.
    func updateMatchDocuments(kind: StoredMatchDocument.Kind, put documents: [StoredMatchDocument], remove ids: [String]) async throws
    /// Every document's version, by id.
    func matchVersions(kind: StoredMatchDocument.Kind) async throws -> [String: Double]
    /// The documents with these ids.
    func matchDocuments(kind: StoredMatchDocument.Kind, ids: [String]) async throws -> [StoredMatchDocument]
}

/// Original files (imported CSVs, resumes, descriptions), kept encrypted, and the check of
/// the whole store.
public protocol BlobStore: Sendable {
    /// Keeps `contents` as a new blob named `name`.
    func putBlob(name: String, contents: Data) async throws -> BlobRecord
    /// Keeps the file at `path` as a new blob named `name`.
    func putBlob(name: String, file path: String) async throws -> BlobRecord
    /// A blob's whole content, authenticated.
    func readBlob(id: String) async throws -> Data
    /// Streams a blob's content to `write` in chunks; a damaged blob throws
    /// `StorageError.corrupt` (what was written before must then be discarded).
    @discardableResult
    func readBlob(id: String, write: ([UInt8]) throws -> Void) async throws -> BlobRecord
    /// A blob's record, or nil.
    func blob(id: String) async throws -> BlobRecord?
    /// Every blob's record.
    func blobs() async throws -> [BlobRecord]
    /// Deletes a blob (an unknown id is ignored), even from a cancelled task.
    func deleteBlob(id: String) async throws
    /// Checks every page, log frame and blob of the store; changes nothing.
    func verify() async throws -> VerifyReport
}

/// The recorded runs of a user: the history.
public protocol RunStore: Sendable {
    /// Stores a run, replacing the one with its id (a background run is stored when it is
    /// queued, and again as it starts and ends).
    func insertRun(_ run: Run) async throws
    /// The run with this id, or nil.
    func run(id: String) async throws -> Run?
    /// Runs newest first, filtered; `after` is the (createdAt in seconds since 1970, id) of the
    /// last run of the previous page.
    func runs(kind: String?, status: RunStatus?, from: Date?, to: Date?, after: (Double, String)?, limit: Int) async throws -> [Run]
    /// Deletes the runs with these ids (unknown ids are ignored); returns how many went.
    func deleteRuns(ids: [String]) async throws -> Int
    /// How many runs of each kind there are, and when the latest one ended (or began).
    func runCounts() async throws -> (byKind: [String: Int], last: Date?)
}

/// A user's feedback on matches (`match.feedback`) and the ranking model learned from it.
public protocol FeedbackStore: Sendable {
    /// Stores a label; one for the same resume and job is replaced. True when one was.
    func putFeedback(_ feedback: StoredFeedback) async throws -> Bool
    /// Every label.
    func allFeedback() async throws -> [StoredFeedback]
    /// How many labels there are and the latest one's sequence number.
    func feedbackState() async throws -> FeedbackState
    /// Deletes every label; returns how many went.
    func deleteFeedback() async throws -> Int
    /// The learned ranking model (JSON), if one was stored.
    func rankingModel() async throws -> String?
    /// Stores the ranking model (JSON), or removes it (nil).
    func setRankingModel(_ model: String?) async throws
}

/// A user's event log: what happened to them (runs ending, applications, interviews), in order.
public protocol EventStore: Sendable {
    /// Appends an event; returns it with its id, greater than every id before it.
    func appendEvent(_ event: NewEvent) async throws -> StoredEvent
    /// Events with an id above `after` (all when nil), oldest first, of these topics only
    /// (every topic when nil), at most `limit`.
    func events(after: Int64?, topics: [EventTopic]?, limit: Int) async throws -> [StoredEvent]
}

/// The LLM providers a user configured, their API keys, and the answers they gave (a cache
/// keyed by a hash of the question, the provider and the model).
public protocol ProviderStore: Sendable {
    /// Stores a provider, replacing the one with its name. `apiKey`: nil keeps the key stored
    /// before (if any), an empty string removes it, any other value replaces it.
    func putProvider(_ settings: ProviderSettings, apiKey: String?) async throws
    /// Every provider, by name, with whether it has an API key.
    func providers() async throws -> [(settings: ProviderSettings, hasKey: Bool)]
    /// The provider with this name and its API key, or nil.
    func provider(named name: String) async throws -> (settings: ProviderSettings, apiKey: String?)?
    /// Deletes the provider and the answers cached for it; true when it existed.
    func deleteProvider(named name: String) async throws -> Bool
    /// A cached answer (validated JSON text) and the usage it cost, or nil.
    func cachedAnswer(key: String) async throws -> String?
    /// Caches an answer under `key` for provider `name`.
    func putCachedAnswer(key: String, provider name: String, answer: String) async throws
}

/// Everything a user's vault holds, as one store: what a request's services are given.
public typealias UserStore = JobStore & ResumeStore & MatchDocumentStore & BlobStore & RunStore & FeedbackStore & EventStore
    & ApplicationStore & InterviewStore & SealedMailbox & ProviderStore & OrgReplicaStore

/// The user's key pair, derived from their master key and held by their open vault: opens
/// what others sealed to them through the ``Exchange``'s inbox.
public protocol SealedMailbox: Sendable {
    /// The public key others seal to.
    var publicKey: Data { get }
    /// Opens a box sealed to this user; throws when it was sealed to someone else or changed.
    func openSealed(_ sealed: Data) throws -> Data
}

/// Applications in a user's vault: a candidate's copies of what they sent, a recruiter's
/// of what they received.
public protocol ApplicationStore: Sendable {
    /// Stores applications in one transaction, skipping those whose id is there already (a
    /// message delivered twice); returns how many were stored.
    func insertApplications(_ applications: [StoredApplication]) async throws -> Int
    /// The application with this id, or nil.
    func application(id: String) async throws -> StoredApplication?
    /// This side's application to a posting from a candidate, if any.
    func application(postingId: String, candidateId: String, side: StoredApplication.Side) async throws -> StoredApplication?
    /// A page of one side's applications, filtered, in `order` (unscored last), from `offset`.
    func applications(
        side: StoredApplication.Side, postingId: String?, status: ApplicationStatus?, order: ApplicationOrder, descending: Bool,
        offset: Int, limit: Int
    ) async throws -> [StoredApplication]
    /// Writes the status, history and `updatedAt` of applications, in one transaction.
    func updateStatuses(_ applications: [StoredApplication]) async throws
    /// Writes the score and explanation (JSON) of applications, in one transaction.
    func setScores(_ scores: [(applicationId: String, score: Double, explanation: String?)]) async throws
    /// The postings with received applications not scored yet, in id order.
    func unscoredPostings() async throws -> [String]
    /// How many applications each posting received.
    func applicationCounts(postingIds: [String]) async throws -> [String: Int]
    /// How many received applications (to one posting, when `postingId`) are in each status.
    func statusCounts(postingId: String?) async throws -> [ApplicationStatus: Int]
}

/// Interviews in a user's vault: a recruiter's copies of those they created, a candidate's of
/// those they were sent.
public protocol InterviewStore: Sendable {
    /// Stores a copy, replacing the one with its id.
    func putInterview(_ interview: StoredInterview) async throws
    /// The copy with this id, or nil.
    func interview(id: String) async throws -> StoredInterview?
    /// Copies for one application (all when nil), in one status (any when nil), oldest first.
    func interviews(applicationId: String?, status: InterviewStatus?) async throws -> [StoredInterview]
}
