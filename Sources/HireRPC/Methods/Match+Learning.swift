import HireCore

// `match.feedback` and `match.model`: learning the ranking from the user's own decisions.

extension Match {
    /// `match.feedback`: a label on one match of a run, kept as training data in the vault.
    public enum Feedback: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "match.feedback", summary: "Label one match of a run a good or bad fit, to learn your ranking from.",
            details: "The label (good, bad, or a grade 0–3) and the match's features as the run had them are kept in your vault; labelling the same resume and job again replaces the label. Once there are enough labels, a ranking model is fitted and used by match.run while it beats the default ranking on your held-out labels (see match.model).",
            access: .session, readOnly: false, errors: [.runNotFound, .matchNotInRun], positionals: ["runId", "resumeId", "jobId", "label"])
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var runId: String
            public var resumeId: String
            public var jobId: String
            public var label: FeedbackLabel
            public init(runId: String, resumeId: String, jobId: String, label: FeedbackLabel) {
                self.runId = runId
                self.resumeId = resumeId
                self.jobId = jobId
                self.label = label
            }
            public static let fieldDocs = [
                "runId": "The match run the pair was ranked in.", "resumeId": "The resume of the pair.", "jobId": "The job of the pair.",
                "label": "good or bad, or a grade 0 (a bad fit) to 3 (an excellent one); good is 1.",
            ]
        }
        public struct Result: Codable, Sendable, SchemaDocumented {
            public var runId: String
            public var resumeId: String
            public var jobId: String
            /// The grade kept, 0…3.
            public var grade: Int
            /// True when an earlier label of the same resume and job was replaced.
            public var replaced: Bool
            /// Labels kept in all.
            public var labels: Int
            public init(runId: String, resumeId: String, jobId: String, grade: Int, replaced: Bool, labels: Int) {
                self.runId = runId
                self.resumeId = resumeId
                self.jobId = jobId
                self.grade = grade
                self.replaced = replaced
                self.labels = labels
            }
            public static let fieldDocs = [
                "grade": "The grade kept, 0–3 (bad is 0, good is 1).",
                "replaced": "True when an earlier label of this resume and job was replaced.",
                "labels": "Labels kept in all.",
            ]
        }
        public static let example = Params(runId: "run-01J9Z", resumeId: "R-1a2b3c4d", jobId: "J-000123", label: .good)
    }

    /// `match.model`: the learned ranking's state, or its reset.
    public enum Model: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "match.model", summary: "Show the ranking learned from your feedback, or reset it to the default.",
            details: "Says whether match.run ranks with learned weights or the default score, on how many labels, the cross-validated figures of the model against the default on your held-out labels, and the weight of each feature. reset deletes the model (labels are kept; a model is fitted again once new feedback arrives); forgetLabels deletes the labels too.",
            access: .session, readOnly: false)
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var reset: Bool?
            public var forgetLabels: Bool?
            public init(reset: Bool? = nil, forgetLabels: Bool? = nil) {
                self.reset = reset
                self.forgetLabels = forgetLabels
            }
            public static let fieldDocs = [
                "reset":
                    "Delete the learned model and rank by the default score; the labels are kept, and a model is fitted again once new feedback arrives.",
                "forgetLabels": "Also delete every label (implies reset).",
            ]
        }
        /// One feature's learned weight.
        public struct Weight: Codable, Sendable, Equatable, SchemaDocumented {
            public var feature: String
            public var weight: Double
            public var meaning: String
            public init(feature: String, weight: Double, meaning: String) {
                self.feature = feature
                self.weight = weight
                self.meaning = meaning
            }
            public static let fieldDocs = [
                "feature": "The feature's name.", "weight": "What one unit of it adds to the learned score.",
                "meaning": "What the feature is, in words.",
            ]
        }
        public struct Result: Codable, Sendable, SchemaDocumented {
            public var ranking: MatchRanking
            public var status: RankingModelStatus?
            public var summary: String
            public var labels: Int
            public var queries: Int
            public var minimumLabels: Int
            public var minimumQueries: Int
            public var fittedAt: String?
            public var evaluation: RankingEvaluation?
            public var weights: [Weight]?
            public var reset: Bool?
            public var forgotLabels: Int?
            public init(
                ranking: MatchRanking, status: RankingModelStatus?, summary: String, labels: Int, queries: Int, minimumLabels: Int,
                minimumQueries: Int, fittedAt: String? = nil, evaluation: RankingEvaluation? = nil, weights: [Weight]? = nil, reset: Bool? = nil,
                forgotLabels: Int? = nil
            ) {
                self.ranking = ranking
                self.status = status
                self.summary = summary
                self.labels = labels
                self.queries = queries
                self.minimumLabels = minimumLabels
                self.minimumQueries = minimumQueries
                self.fittedAt = fittedAt
                self.evaluation = evaluation
                self.weights = weights
                self.reset = reset
                self.forgotLabels = forgotLabels
            }
            public static let fieldDocs = [
                "ranking": "What orders match.run's results now: learned or default.",
                "status": "learned (in use), notBetter (fitted, did not beat the default on held-out labels), tooFewLabels, or reset; absent with no feedback.",
                "summary": "The state in a sentence.", "labels": "Labels kept.",
                "queries": "Labelled queries (resumes, or jobs for per-job runs) whose labels are not all the same.",
                "minimumLabels": "Labels needed before a model is fitted.", "minimumQueries": "Such queries needed before a model is fitted.",
                "fittedAt": "When the model was fitted (or reset), RFC 3339.",
                "evaluation": "The model against the default ranking on held-out labels, cross-validated by query.",
                "weights": "The fitted weight of each feature, largest first.", "reset": "True when this call reset the model.",
                "forgotLabels": "Labels this call deleted.",
            ]
        }
        public static let example = Params(reset: true)
    }
}
