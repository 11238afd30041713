import HireCore

/// The params of a long method that may go on in the background (`background: true`): it then
/// answers `BackgroundStart` at once.
public protocol BackgroundParams: Sendable {
    var background: Bool? { get }
}

/// The answer of a long method called with `background: true`.
public struct BackgroundStart: Codable, Sendable, Equatable {
    public var runId: String
    public init(runId: String) { self.runId = runId }
}

/// A run as `runs.*` return it: as `history.get` shows it, with how far it has come while it
/// runs.
public struct RunProgressView: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    /// queued, running, then completed, failed or cancelled.
    public var status: RunStatus
    public var createdAt: String
    public var finishedAt: String?
    public var durationMs: Int?
    public var summary: JSONValue
    public var parameters: JSONValue?
    public var results: JSONValue?
    /// The last progress the running work reported.
    public var progress: ProgressUpdate?
    /// Where a queued run stands in the queue (1: next to start).
    public var queuePosition: Int?

    public init(_ run: RunView, progress: ProgressUpdate? = nil, queuePosition: Int? = nil) {
        id = run.id
        kind = run.kind
        status = run.status
        createdAt = run.createdAt
        finishedAt = run.finishedAt
        durationMs = run.durationMs
        summary = run.summary
        parameters = run.parameters
        results = run.results
        self.progress = progress
        self.queuePosition = queuePosition
    }
}

/// Background runs: `mtb.import`, `jobs.process`, `match.run` and `resumes.add` called with
/// `background: true`.
public enum Runs {
    public enum List: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "runs.list", summary: "List runs, newest first (as history.list).", access: .session, readOnly: true,
            errors: [.badCursor])
        public typealias Params = History.List.Params
        public typealias Result = History.List.Result
        public static let example = Params(status: .running)
    }

    public enum Get: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "runs.get", summary: "Show one run with its status and progress.", access: .session, readOnly: true,
            errors: [.runNotFound], positionals: ["runId"], verbAliases: ["show"])
        public struct Params: Codable, Sendable {
            public var runId: String
            public init(runId: String) { self.runId = runId }
        }
        public typealias Result = RunProgressView
        public static let example = Params(runId: "…")
    }

    public enum Wait: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "runs.wait", summary: "Wait for a run to end and show it.",
            details: "Answers when the run has ended, or with the run as it stands when timeoutSeconds have passed.",
            access: .session, readOnly: true, errors: [.runNotFound], positionals: ["runId"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var runId: String
            public var timeoutSeconds: Double?
            public init(runId: String, timeoutSeconds: Double? = nil) {
                self.runId = runId
                self.timeoutSeconds = timeoutSeconds
            }
            public static let fieldDocs = [
                "runId": "The run.", "timeoutSeconds": "Answer after this long even if the run goes on (default 600, max 3600).",
            ]
        }
        public typealias Result = RunProgressView
        public static let example = Params(runId: "…", timeoutSeconds: 30)
        /// How long the daemon waits when the call does not say.
        public static let defaultTimeoutSeconds = 600.0
    }

    public enum Cancel: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "runs.cancel", summary: "Cancel a queued or running background run.",
            details: "Answers once the run has stopped (what a run committed before it stopped stays). A run that has ended is shown as it is.",
            access: .session, readOnly: false, errors: [.runNotFound], positionals: ["runId"])
        public typealias Params = Get.Params
        public typealias Result = RunProgressView
        public static let example = Params(runId: "…")
    }
}
