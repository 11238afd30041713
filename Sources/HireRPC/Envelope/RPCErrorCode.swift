/// Every error code the daemon sends, in one place. Codes are never renumbered.
///
/// Ranges: the specification's own (-32700…-32600), -32800 for a cancelled request,
/// daemon-wide codes in -32000…-32099, then domain codes per noun (1000s auth, 2000s
/// jobs/MTB, 3000s resumes, 4000s matching, 5000s board, 6000s runs, 7000s postings and applications).
public struct RPCErrorCode: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    // MARK: JSON-RPC 2.0
    public static let parseError = RPCErrorCode(rawValue: -32700)
    public static let invalidRequest = RPCErrorCode(rawValue: -32600)
    public static let methodNotFound = RPCErrorCode(rawValue: -32601)
    public static let invalidParams = RPCErrorCode(rawValue: -32602)
    public static let internalError = RPCErrorCode(rawValue: -32603)
    /// The request was cancelled by `$/cancelRequest`, a closed connection or shutdown.
    public static let requestCancelled = RPCErrorCode(rawValue: -32800)

    // MARK: Daemon-wide: sessions and access
    /// The method needs a session: `auth.login` or `auth.attach` first.
    public static let notAuthenticated = RPCErrorCode(rawValue: -32001)
    /// The session expired or was ended (logout, revoke, password change).
    public static let sessionExpired = RPCErrorCode(rawValue: -32002)
    /// The session's role may not call this method.
    public static let forbidden = RPCErrorCode(rawValue: -32003)
    /// Too many attempts; `data.retryAfterSeconds` says when to try again.
    public static let rateLimited = RPCErrorCode(rawValue: -32004)
    /// The vault was locked after a long idle time: `auth.attach` with the token again.
    public static let vaultLocked = RPCErrorCode(rawValue: -32005)

    // MARK: Daemon-wide limits
    /// More requests in flight on this connection than the limit allows.
    public static let tooManyRequests = RPCErrorCode(rawValue: -32010)
    /// A batch with more items than the limit allows.
    public static let batchTooLarge = RPCErrorCode(rawValue: -32011)
    /// A message larger than the limit; the connection is closed after this reply.
    public static let messageTooLarge = RPCErrorCode(rawValue: -32012)
    /// The daemon already serves as many connections as it allows.
    public static let tooManyConnections = RPCErrorCode(rawValue: -32013)
    /// The daemon is stopping and takes no new requests.
    public static let shuttingDown = RPCErrorCode(rawValue: -32014)
    /// A `Content-Length` framing header is missing or malformed; the connection is closed.
    public static let badFraming = RPCErrorCode(rawValue: -32015)

    // MARK: Daemon-wide: storage
    /// Stored data failed authentication (a damaged or altered page, log frame, journal or
    /// file): the message names the store and file; restore it from a backup. Never a
    /// user's mistake, and nothing was changed.
    public static let storageDamaged = RPCErrorCode(rawValue: -32020)
    /// The exchange (the PostgreSQL server `hired --exchange` names) cannot be reached now: the
    /// message names it and says why. What lives in vaults is still served; try again later.
    public static let exchangeUnreachable = RPCErrorCode(rawValue: -32021)

    // MARK: 1000s: accounts
    public static let usernameTaken = RPCErrorCode(rawValue: 1001)
    public static let emailTaken = RPCErrorCode(rawValue: 1002)
    public static let invalidEmail = RPCErrorCode(rawValue: 1003)
    /// The password breaks the policy; `data.reason` says how.
    public static let weakPassword = RPCErrorCode(rawValue: 1004)
    /// Login, password or recovery key is wrong (never saying which).
    public static let wrongCredentials = RPCErrorCode(rawValue: 1005)
    public static let invalidUsername = RPCErrorCode(rawValue: 1006)
    public static let sessionNotFound = RPCErrorCode(rawValue: 1007)
    /// The token is unknown, malformed, or belongs to another uid.
    public static let invalidToken = RPCErrorCode(rawValue: 1008)

    // MARK: 2000s: jobs and the board
    public static let jobNotFound = RPCErrorCode(rawValue: 2001)
    public static let jobExists = RPCErrorCode(rawValue: 2002)
    /// A filter or sort names a column the board does not have.
    public static let unknownColumn = RPCErrorCode(rawValue: 2003)
    /// The file is not a board CSV (no header, no JobID column, duplicate columns).
    public static let badCSV = RPCErrorCode(rawValue: 2004)
    /// With onError "abort", bad rows rejected the whole file; `data.errors` lists them.
    public static let importRejected = RPCErrorCode(rawValue: 2005)
    /// A full-text query that cannot be parsed.
    public static let badQuery = RPCErrorCode(rawValue: 2006)
    /// A paging cursor that is not one this daemon gave.
    public static let badCursor = RPCErrorCode(rawValue: 2007)
    /// A replace would remove more of the board than allowed without `confirm`; nothing changed.
    /// `data`: `{removed, boardSize, share, maxRemoveShare}`.
    public static let replaceNeedsConfirmation = RPCErrorCode(rawValue: 2008)
    /// `mtb.undo`: no replacing import to undo (none, undone already, the board changed since, or not today).
    public static let nothingToUndo = RPCErrorCode(rawValue: 2009)
    /// `match.run` names a job whose description is stale (left out of matching until confirmed).
    public static let descriptionStale = RPCErrorCode(rawValue: 2010)

    // MARK: 3000s: resumes and documents
    public static let resumeNotFound = RPCErrorCode(rawValue: 3001)
    /// The file cannot be read as its format (a damaged DOCX, a PDF poppler rejects).
    public static let unreadableDocument = RPCErrorCode(rawValue: 3002)
    /// The document has no extractable text (a scanned image, an empty file).
    public static let noText = RPCErrorCode(rawValue: 3003)
    /// A file type the engines do not read (they read DOCX, PDF, text and Markdown).
    public static let unsupportedFormat = RPCErrorCode(rawValue: 3004)
    /// No original file is kept for this (a description given as text, a run that is not an import).
    public static let noOriginal = RPCErrorCode(rawValue: 3005)
    /// The kept original file is damaged or truncated (it fails authentication): restore from a backup.
    public static let originalDamaged = RPCErrorCode(rawValue: 3006)
    /// The resume is the same file or person as one in the vault (`data.duplicateOf`); not stored
    /// unless `allowDuplicates`.
    public static let duplicateResume = RPCErrorCode(rawValue: 3007)

    // MARK: 4000s: matching
    /// A `provider` other than the ones this daemon has (`builtin`).
    public static let unknownProvider = RPCErrorCode(rawValue: 4001)
    /// `match.feedback` named a resume and job that the run did not rank together.
    public static let matchNotInRun = RPCErrorCode(rawValue: 4002)

    // MARK: 6000s: runs
    public static let runNotFound = RPCErrorCode(rawValue: 6001)

    // MARK: 7000s: postings and applications
    public static let postingNotFound = RPCErrorCode(rawValue: 7001)
    /// Only the recruiter who published the posting may do this; `data.postingId` names it.
    public static let postingForbidden = RPCErrorCode(rawValue: 7002)
    /// The posting is closed (by its owner, or past `closesAt`): it takes no applications.
    public static let postingClosed = RPCErrorCode(rawValue: 7003)
    public static let applicationNotFound = RPCErrorCode(rawValue: 7004)
    /// One application per candidate per posting: `data.applicationId` names the earlier one.
    public static let alreadyApplied = RPCErrorCode(rawValue: 7005)
    /// The pipeline does not allow that move (`data.from`, `data.to`).
    public static let invalidTransition = RPCErrorCode(rawValue: 7006)
    /// The recipient has no public key yet: they have not logged in since keys were made.
    public static let recipientHasNoKey = RPCErrorCode(rawValue: 7007)
    public static let interviewNotFound = RPCErrorCode(rawValue: 7008)
    /// The interview takes no more answers: it was submitted (`data.status`).
    public static let interviewClosed = RPCErrorCode(rawValue: 7009)
    /// No such question in the interview (`data.questionId`).
    public static let questionNotFound = RPCErrorCode(rawValue: 7010)
    /// Only a submitted interview is reviewed, once (`data.status`).
    public static let interviewNotReviewable = RPCErrorCode(rawValue: 7011)
    public static let artifactNotFound = RPCErrorCode(rawValue: 7012)
    /// Interviews are for applications still in the pipeline (`data.status`).
    public static let applicationClosed = RPCErrorCode(rawValue: 7013)
    /// A submission must answer at least one question.
    public static let nothingAnswered = RPCErrorCode(rawValue: 7014)

    // MARK: 8000s: organisations
    public static let orgNotFound = RPCErrorCode(rawValue: 8001)
    public static let orgForbidden = RPCErrorCode(rawValue: 8002)
    public static let invalidInvitation = RPCErrorCode(rawValue: 8003)
    public static let alreadyInOrg = RPCErrorCode(rawValue: 8004)
    public static let notInOrg = RPCErrorCode(rawValue: 8005)
    public static let lastAdmin = RPCErrorCode(rawValue: 8006)

    /// Every code with its name and default message, for documentation.
    public static let all: [(code: RPCErrorCode, name: String)] = [
        (.parseError, "parseError"), (.invalidRequest, "invalidRequest"), (.methodNotFound, "methodNotFound"),
        (.invalidParams, "invalidParams"), (.internalError, "internalError"),
        (.requestCancelled, "requestCancelled"), (.tooManyRequests, "tooManyRequests"),
        (.batchTooLarge, "batchTooLarge"), (.messageTooLarge, "messageTooLarge"),
        (.tooManyConnections, "tooManyConnections"), (.shuttingDown, "shuttingDown"),
        (.badFraming, "badFraming"), (.storageDamaged, "storageDamaged"), (.exchangeUnreachable, "exchangeUnreachable"),
        (.notAuthenticated, "notAuthenticated"), (.sessionExpired, "sessionExpired"),
        (.forbidden, "forbidden"), (.rateLimited, "rateLimited"), (.vaultLocked, "vaultLocked"),
        (.usernameTaken, "usernameTaken"), (.emailTaken, "emailTaken"), (.invalidEmail, "invalidEmail"),
        (.weakPassword, "weakPassword"), (.wrongCredentials, "wrongCredentials"), (.invalidUsername, "invalidUsername"),
        (.sessionNotFound, "sessionNotFound"), (.invalidToken, "invalidToken"), (.jobNotFound, "jobNotFound"),
        (.jobExists, "jobExists"), (.unknownColumn, "unknownColumn"), (.badCSV, "badCSV"), (.importRejected, "importRejected"),
        (.badQuery, "badQuery"), (.badCursor, "badCursor"), (.replaceNeedsConfirmation, "replaceNeedsConfirmation"),
        (.nothingToUndo, "nothingToUndo"), (.descriptionStale, "descriptionStale"), (.resumeNotFound, "resumeNotFound"),
        (.unreadableDocument, "unreadableDocument"), (.noText, "noText"), (.unsupportedFormat, "unsupportedFormat"),
        (.noOriginal, "noOriginal"), (.originalDamaged, "originalDamaged"),
        (.duplicateResume, "duplicateResume"),
        (.unknownProvider, "unknownProvider"), (.matchNotInRun, "matchNotInRun"), (.runNotFound, "runNotFound"),
        (.postingNotFound, "postingNotFound"), (.postingForbidden, "postingForbidden"), (.postingClosed, "postingClosed"),
        (.applicationNotFound, "applicationNotFound"), (.alreadyApplied, "alreadyApplied"), (.invalidTransition, "invalidTransition"),
        (.recipientHasNoKey, "recipientHasNoKey"), (.interviewNotFound, "interviewNotFound"), (.interviewClosed, "interviewClosed"),
        (.questionNotFound, "questionNotFound"), (.interviewNotReviewable, "interviewNotReviewable"),
        (.artifactNotFound, "artifactNotFound"), (.applicationClosed, "applicationClosed"), (.nothingAnswered, "nothingAnswered"),
        (.orgNotFound, "orgNotFound"), (.orgForbidden, "orgForbidden"), (.invalidInvitation, "invalidInvitation"),
        (.alreadyInOrg, "alreadyInOrg"), (.notInOrg, "notInOrg"), (.lastAdmin, "lastAdmin"),
    ]

    /// The message sent when a handler gives none.
    public var defaultMessage: String {
        switch self {
        case .parseError: "Parse error"
        case .invalidRequest: "Invalid Request"
        case .methodNotFound: "Method not found"
        case .invalidParams: "Invalid params"
        case .internalError: "Internal error"
        case .requestCancelled: "Request cancelled"
        case .tooManyRequests: "Too many requests in flight on this connection"
        case .batchTooLarge: "Batch too large"
        case .messageTooLarge: "Message too large"
        case .tooManyConnections: "Too many connections"
        case .shuttingDown: "The daemon is shutting down"
        case .badFraming: "Bad message framing"
        case .storageDamaged: "Stored data is damaged: restore it from a backup"
        case .exchangeUnreachable: "The exchange is unreachable: try again later"
        case .notAuthenticated: "Not logged in: call auth.login or auth.attach first"
        case .sessionExpired: "Session expired or ended: log in again"
        case .forbidden: "Forbidden for this role"
        case .rateLimited: "Too many attempts: try again later"
        case .vaultLocked: "Vault locked after inactivity: attach the session again"
        case .usernameTaken: "Username taken"
        case .emailTaken: "Email taken"
        case .invalidEmail: "Invalid email address"
        case .weakPassword: "Password too weak"
        case .wrongCredentials: "Wrong login or password"
        case .invalidUsername: "Invalid username"
        case .sessionNotFound: "No such session"
        case .invalidToken: "Invalid token: log in again"
        case .jobNotFound: "No such job"
        case .jobExists: "A job with this id exists"
        case .unknownColumn: "Unknown column"
        case .badCSV: "Not a board CSV"
        case .importRejected: "Import rejected: bad rows"
        case .badQuery: "Bad search query"
        case .badCursor: "Bad cursor"
        case .replaceNeedsConfirmation: "This replace removes much of the board: confirm it"
        case .nothingToUndo: "Nothing to undo"
        case .descriptionStale: "The job's description is stale"
        case .resumeNotFound: "No such resume"
        case .unreadableDocument: "The document cannot be read"
        case .noText: "The document has no extractable text"
        case .unsupportedFormat: "Unsupported document format"
        case .noOriginal: "No original file is kept for this"
        case .originalDamaged: "The original file is damaged: restore from a backup"
        case .duplicateResume: "Duplicate resume"
        case .unknownProvider: "Unknown provider"
        case .matchNotInRun: "No such match in this run"
        case .runNotFound: "No such run"
        case .postingNotFound: "No such posting"
        case .postingForbidden: "Only the posting's owner may do this"
        case .postingClosed: "The posting is closed"
        case .applicationNotFound: "No such application"
        case .alreadyApplied: "Already applied to this posting"
        case .invalidTransition: "The pipeline does not allow this status change"
        case .recipientHasNoKey: "The recipient cannot receive sealed messages yet"
        case .interviewNotFound: "No such interview"
        case .interviewClosed: "The interview takes no more answers"
        case .questionNotFound: "No such question in this interview"
        case .interviewNotReviewable: "Only a submitted interview can be reviewed"
        case .artifactNotFound: "No such artifact"
        case .applicationClosed: "The application is no longer in the pipeline"
        case .nothingAnswered: "Nothing answered"
        case .orgNotFound: "No such org among yours"
        case .orgForbidden: "Your role in the org does not allow this"
        case .invalidInvitation: "No invitation has this code: mistyped, used or expired"
        case .alreadyInOrg: "You are already in this org"
        case .notInOrg: "Not a member of the org"
        case .lastAdmin: "The last admin cannot leave while others remain"
        default: "Error \(rawValue)"
        }
    }
}
