/// A job on the board: the 20 columns as written, extra columns, the fields parsed for
/// sorting, and the description and profile once present. The wire shows it as it is
/// (`JobView` in HireRPC), so its fields are part of the public contract; times are RFC 3339 text.
public struct Job: Codable, Sendable, Equatable {
    public var jobId: String
    public var company: String
    public var position: String
    public var city: String
    public var state: String
    public var country: String
    public var salary: String
    public var bonus: String
    public var received: String
    public var conditionalFee: String
    public var `internal`: String
    public var clientRating: String
    public var cat: String
    public var visa: String
    public var hrHm: String
    public var cm: String
    public var pipelineNumber: String
    public var pipelineCandidates: String
    public var notes: String
    public var industrySegment: String
    /// Columns the board does not know, kept from the imported file.
    public var extras: [String: String]?
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var currency: String?
    public var period: String?
    /// `Received` as an ISO date, when it parses.
    public var receivedDate: String?
    public var description: String?
    /// With a description: true when it is stale (the job's company or position changed since;
    /// left out of matching until `jobs.confirmDescription` or a new description).
    public var descriptionStale: Bool?
    public var profile: JobProfile?
    public var createdAt: String
    public var updatedAt: String

    public init(jobId: String) {
        self.jobId = jobId
        company = ""
        position = ""
        city = ""
        state = ""
        country = ""
        salary = ""
        bonus = ""
        received = ""
        conditionalFee = ""
        `internal` = ""
        clientRating = ""
        cat = ""
        visa = ""
        hrHm = ""
        cm = ""
        pipelineNumber = ""
        pipelineCandidates = ""
        notes = ""
        industrySegment = ""
        createdAt = ""
        updatedAt = ""
    }

    /// The value of one column.
    public subscript(column: BoardColumn) -> String {
        get { self[keyPath: Self.columnPaths[column.ordinal]] }
        set { self[keyPath: Self.columnPaths[column.ordinal]] = newValue }
    }

    /// Each column's property, in board order.
    static let columnPaths: [any WritableKeyPath<Job, String> & Sendable] = [
        \.jobId, \.company, \.position, \.city, \.state, \.country, \.salary, \.bonus, \.received, \.conditionalFee, \.`internal`, \.clientRating, \.cat, \.visa, \.hrHm, \.cm, \.pipelineNumber, \.pipelineCandidates, \.notes, \.industrySegment
    ]
}
