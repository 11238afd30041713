import HireCore

/// A job as the wire shows it: the domain's ``Job`` as it is.
public typealias JobView = Job

/// Column values to set (create, update); absent fields stay as they are.
public struct JobFields: Codable, Sendable, Equatable {
    public var jobId: String
    public var company: String?
    public var position: String?
    public var city: String?
    public var state: String?
    public var country: String?
    public var salary: String?
    public var bonus: String?
    public var received: String?
    public var conditionalFee: String?
    public var `internal`: String?
    public var clientRating: String?
    public var cat: String?
    public var visa: String?
    public var hrHm: String?
    public var cm: String?
    public var pipelineNumber: String?
    public var pipelineCandidates: String?
    public var notes: String?
    public var industrySegment: String?
    public var description: String?

    public init(jobId: String) { self.jobId = jobId }

    /// The value given for `column`, if any (`jobId` is always given).
    public subscript(column: BoardColumn) -> String? {
        column == .jobId ? jobId : self[keyPath: Self.columnPaths[column.ordinal - 1]]
    }

    /// Each column's property after `jobId`, in board order.
    static let columnPaths: [any KeyPath<JobFields, String?> & Sendable] = [
        \.company, \.position, \.city, \.state, \.country, \.salary, \.bonus, \.received, \.conditionalFee, \.`internal`, \.clientRating, \.cat, \.visa, \.hrHm, \.cm, \.pipelineNumber, \.pipelineCandidates, \.notes, \.industrySegment
    ]
}
