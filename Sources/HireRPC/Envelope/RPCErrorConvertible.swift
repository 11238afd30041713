import HireCore

/// An error that knows how it crosses the wire. The daemon's one mapping from errors to
/// replies passes these through as ``rpcError``; anything else is an internal error.
public protocol RPCErrorConvertible: Error {
    /// The error as the client sees it: its code and a message for people.
    var rpcError: RPCError { get }
}

// Domain errors (HireCore) know nothing of the wire: their codes and messages are given here.

extension JobError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.jobNotFound, "no job \(id)")
        case .exists(let id): RPCError(.jobExists, "job \(id) exists; use jobs.update")
        case .noDescriptionFile(let id):
            RPCError(.noOriginal, "job \(id) has no description file (none attached, or it was given as text)")
        case .descriptionStale(let id):
            RPCError(
                .descriptionStale,
                "job \(id) is left out of matching: its company or position changed since its description was attached; "
                    + "confirm the description (jobs.confirmDescription) or attach a new one",
                data: ["jobId": .string(id)])
        }
    }
}

extension ResumeError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.resumeNotFound, "no resume \(id)")
        case .noOriginal(let id): RPCError(.noOriginal, "resume \(id) has no original file")
        case .duplicate(let filename, let earlier):
            RPCError(
                .duplicateResume,
                "\(filename) is \(Self.sameness(earlier.reason)) \(earlier.resumeId), already in the vault; "
                    + "not stored (allowDuplicates stores it anyway)",
                data: ["duplicateOf": .string(earlier.resumeId), "duplicateReason": .string(earlier.reason.rawValue)])
        }
    }

    /// "the same file as", "the same person (same email) as", …
    private static func sameness(_ reason: DuplicateResume.Reason) -> String {
        switch reason {
        case .sameFile: "the same file as"
        case .email: "the same person (same email) as"
        case .phone: "the same person (same phone) as"
        case .name: "the same person (same name, no email or phone telling them apart) as"
        }
    }
}

extension RunError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.runNotFound, "no run \(id)")
        case .notAMatchRun(let id): RPCError(.runNotFound, "no matching run \(id)")
        case .noOriginal(let id, let kind):
            kind.hasSuffix(".import")
                ? RPCError(.noOriginal, "run \(id) kept no copy of its file (it could not be archived, or the file changed before it was)")
                : RPCError(.noOriginal, "run \(id) is a \(kind) run: only imports keep the file they read")
        }
    }
}

extension PostingError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.postingNotFound, "no posting \(id)", data: ["postingId": .string(id)])
        case .notOwner(let id):
            RPCError(
                .postingForbidden, "forbidden: posting \(id) belongs to another recruiter; only its owner may do this",
                data: ["postingId": .string(id)])
        case .closed(let id): RPCError(.postingClosed, "posting \(id) is closed to applications", data: ["postingId": .string(id)])
        }
    }
}

extension ApplicationError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.applicationNotFound, "no application \(id)", data: ["applicationId": .string(id)])
        case .alreadyApplied(let postingId, let applicationId, let status):
            RPCError(
                .alreadyApplied,
                status == .withdrawn
                    ? "you applied to posting \(postingId) and withdrew (application \(applicationId)): one application per posting, so it cannot be sent again"
                    : "you already applied to posting \(postingId) (application \(applicationId), \(status.rawValue)): one application per posting",
                data: ["postingId": .string(postingId), "applicationId": .string(applicationId), "status": .string(status.rawValue)])
        case .invalidTransition(let id, let from, let to):
            RPCError(
                .invalidTransition,
                from.isOpen
                    ? "application \(id) cannot go from \(from.rawValue) to \(to.rawValue): the pipeline goes submitted → screening → interviewing → offered → hired, never back, or to rejected or withdrawn"
                    : "application \(id) is \(from.rawValue): its status cannot change any more",
                data: ["applicationId": .string(id), "from": .string(from.rawValue), "to": .string(to.rawValue)])
        }
    }
}

extension InterviewError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.interviewNotFound, "no interview \(id)", data: ["interviewId": .string(id)])
        case .notAnswerable(let id, let status):
            RPCError(
                .interviewClosed, "interview \(id) is \(status.rawValue): it takes no more answers",
                data: ["interviewId": .string(id), "status": .string(status.rawValue)])
        case .questionNotFound(let id, let questionId):
            RPCError(
                .questionNotFound, "interview \(id) has no question \(questionId)",
                data: ["interviewId": .string(id), "questionId": .string(questionId)])
        case .notReviewable(let id, let status):
            RPCError(
                .interviewNotReviewable,
                status == .reviewed
                    ? "interview \(id) is already reviewed" : "interview \(id) is \(status.rawValue): only a submitted interview can be reviewed",
                data: ["interviewId": .string(id), "status": .string(status.rawValue)])
        case .artifactNotFound(let id, let artifactId):
            RPCError(
                .artifactNotFound, "interview \(id) has no artifact \(artifactId)",
                data: ["interviewId": .string(id), "artifactId": .string(artifactId)])
        case .applicationClosed(let id, let status):
            RPCError(
                .applicationClosed, "application \(id) is \(status.rawValue): interviews are for applications still in the pipeline",
                data: ["applicationId": .string(id), "status": .string(status.rawValue)])
        case .nothingAnswered(let id):
            RPCError(.nothingAnswered, "interview \(id) has no answer yet: answer at least one question before submitting", data: ["interviewId": .string(id)])
        }
    }
}

extension ExchangeError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .recipientHasNoKey(let userId):
            RPCError(
                .recipientHasNoKey, "user \(userId) cannot receive sealed messages until their next login", data: ["userId": .string(userId)])
        }
    }
}

extension ExchangeUnreachable: RPCErrorConvertible {
    public var rpcError: RPCError { RPCError(.exchangeUnreachable, description, data: ["exchange": .string(location)]) }
}

extension FeedbackError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .pairNotInRun(let runId, let resumeId, let jobId):
            RPCError(
                .matchNotInRun, "run \(runId) has no match of resume \(resumeId) with job \(jobId): label a pair the run ranked",
                data: ["runId": .string(runId), "resumeId": .string(resumeId), "jobId": .string(jobId)])
        }
    }
}

extension BoardError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .badFile(let reason): return RPCError(.badCSV, reason)
        case .rejected(let errors, let runId):
            let message = "\(errors.count) bad row\(errors.count == 1 ? "" : "s"); nothing was imported (use onError \"skip\" to import the good rows)"
            // At most 10,000 lines are listed: a reply stays a reasonable size.
            let list = JSONValue.array(errors.prefix(10_000).map { .object(["line": .int($0.line), "message": .string($0.message)]) })
            var data: [String: JSONValue] = ["errors": list]
            if let runId { data["runId"] = .string(runId) }
            return RPCError(.importRejected, message, data: .object(data))
        case .needsConfirmation(let removed, let boardSize, let maxRemoveShare):
            let share = Double(removed) / Double(max(1, boardSize))
            return RPCError(
                .replaceNeedsConfirmation,
                "this import removes \(removed) of \(boardSize) jobs (\(Int((share * 100).rounded()))%), more than "
                    + "\(Int((maxRemoveShare * 100).rounded()))% of the board; nothing was changed: confirm it with confirm: true "
                    + "(hire: --yes), or see what it would do with dryRun: true (hire: --dry-run)",
                data: [
                    "removed": .int(removed), "boardSize": .int(boardSize), "share": .double(share), "maxRemoveShare": .double(maxRemoveShare),
                ])
        case .unknownColumn(let key):
            return RPCError(
                .unknownColumn, "unknown column '\(key)'; columns: \(BoardColumn.allCases.map(\.rawValue).joined(separator: ", "))",
                data: ["column": .string(key)])
        }
    }
}

extension UndoUnavailable: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .nothingToUndo:
            RPCError(
                .nothingToUndo,
                "there is no replacing import to undo: none was made, it was undone already, or a job was created, changed or deleted since")
        case .expired(let runId, let at):
            RPCError(
                .nothingToUndo,
                "the last replacing import (run \(runId), \(rfc3339(at))) was not made today: it can no longer be undone",
                data: ["runId": .string(runId)])
        }
    }
}

extension InvalidInput: RPCErrorConvertible {
    public var rpcError: RPCError { RPCError(.invalidParams, message, data: param.map { ["param": .string($0)] }) }
}

extension ProviderError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .unknown(let name, let known):
            RPCError(.unknownProvider, "unknown provider '\(name)'; this daemon has: \(known.joined(separator: ", "))", data: ["param": "provider"])
        case .unavailable:
            RPCError(.unknownProvider, "this daemon was built without LLM providers: only builtin", data: ["param": "provider"])
        }
    }
}

extension SearchQueryRefused: RPCErrorConvertible {
    public var rpcError: RPCError { RPCError(.badQuery, "the search query cannot be used: try plain words") }
}

extension AccountError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalidUsername: RPCError(.invalidUsername, "username must be 3–32 letters, digits, '.', '_' or '-'")
        case .invalidEmail(let email): RPCError(.invalidEmail, "'\(email)' is not a valid email address")
        case .weakPassword(let reason): RPCError(.weakPassword, "password refused: \(reason)", data: ["reason": .string(reason)])
        case .usernameTaken(let username): RPCError(.usernameTaken, "username '\(username)' is taken")
        case .emailTaken(let email): RPCError(.emailTaken, "email '\(email)' is already registered")
        case .wrongCredentials: RPCError(.wrongCredentials)
        case .wrongRecoveryKey: RPCError(.wrongCredentials, "Wrong login or recovery key")
        case .rateLimited(let seconds, true):
            RPCError(.rateLimited, "too many failed logins on this machine; try again in a minute", data: ["retryAfterSeconds": .int(seconds)])
        case .rateLimited(let seconds, false):
            RPCError(
                .rateLimited, "too many failed attempts for this account; try again in \(seconds) s", data: ["retryAfterSeconds": .int(seconds)])
        case .notAToken: RPCError(.invalidToken, "that is not a session token")
        case .unknownToken: RPCError(.invalidToken, "unknown session token: log in again")
        case .sessionExpired: RPCError(.sessionExpired, "the session expired: log in again")
        case .sessionEnded: RPCError(.sessionExpired, "the session ended: log in again")
        case .accountGone: RPCError(.sessionExpired, "the account no longer exists")
        case .sessionOver: RPCError(.sessionExpired)
        case .sessionNotFound(let id): RPCError(.sessionNotFound, "you have no session \(id)")
        case .vaultLocked: RPCError(.vaultLocked, "the vault was locked after inactivity: call auth.attach with your token again")
        }
    }
}

extension OrgError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.orgNotFound, "you have no org \(id)")
        case .notAllowed(let what): RPCError(.orgForbidden, "not allowed in this org: \(what)")
        case .invalidInvitation: RPCError(.invalidInvitation)
        case .alreadyMember(let id): RPCError(.alreadyInOrg, "you already have org \(id)")
        case .notAMember(let id): RPCError(.notInOrg, "\(id) is not a member of the org")
        case .lastAdmin: RPCError(.lastAdmin, "make another member admin (invite one) before leaving")
        case .damaged: RPCError(.storageDamaged)
        }
    }
}
