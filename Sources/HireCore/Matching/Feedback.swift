/// A recruiter's judgement of one match: a grade from 0 (a bad fit) to 3 (an excellent one).
/// `"bad"` is 0 and `"good"` is 1; grades say more, and both kinds can be mixed (only labels
/// of the same query are compared with each other).
public struct FeedbackLabel: Sendable, Equatable, Codable {
    /// 0…3.
    public let grade: Int
    /// The word it was given as (`good`, `bad`), if it was one: written back as given.
    public let word: String?

    /// The highest grade.
    public static let maxGrade = 3
    /// A good fit (grade 1).
    public static let good = FeedbackLabel(grade: 1, word: "good")
    /// A bad fit (grade 0).
    public static let bad = FeedbackLabel(grade: 0, word: "bad")

    private init(grade: Int, word: String?) {
        self.grade = grade
        self.word = word
    }

    /// A grade 0…3; nil out of range.
    public init?(grade: Int) {
        guard (0...Self.maxGrade).contains(grade) else { return nil }
        self.init(grade: grade, word: nil)
    }

    /// `good`, `bad` (any case), or a grade's digit; nil for anything else.
    public init?(text: String) {
        switch text.lowercased() {
        case "good": self = .good
        case "bad": self = .bad
        default:
            guard let grade = Int(text) else { return nil }
            self.init(grade: grade)
        }
    }

    /// What a label may be, for error messages.
    public static let accepted = "good, bad, or a grade 0–3 (0 a bad fit … 3 an excellent one)"

    /// From a string (`good`, `bad`, `"2"`) or an integer grade.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let grade = try? container.decode(Int.self) {
            guard let label = FeedbackLabel(grade: grade) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(Self.accepted); got \(grade)")
            }
            self = label
            return
        }
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(Self.accepted)")
        }
        guard let label = FeedbackLabel(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(Self.accepted); got '\(text)'")
        }
        self = label
    }

    /// The word it was given as, or the grade.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let word { try container.encode(word) } else { try container.encode(grade) }
    }
}

/// Why feedback cannot be taken.
public enum FeedbackError: Error, Sendable, Equatable {
    /// The match run has no match of this resume and job.
    case pairNotInRun(runId: String, resumeId: String, jobId: String)
}
