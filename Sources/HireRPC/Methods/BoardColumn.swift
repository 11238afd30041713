/// The 20 columns of the Master Tracking Board, in board order: the wire keys and CSV
/// headers are part of the public contract.
public enum BoardColumn: String, CaseIterable, Codable, Sendable, SchemaStringEnum {
    case jobId
    case company
    case position
    case city
    case state
    case country
    case salary
    case bonus
    case received
    case conditionalFee
    case `internal`
    case clientRating
    case cat
    case visa
    case hrHm
    case cm
    case pipelineNumber
    case pipelineCandidates
    case notes
    case industrySegment

    /// The CSV header as the board writes it.
    public var header: String {
        switch self {
        case .jobId: "JobID"
        case .company: "Company"
        case .position: "Position"
        case .city: "City"
        case .state: "State"
        case .country: "Country"
        case .salary: "Salary"
        case .bonus: "Bonus"
        case .received: "Received"
        case .conditionalFee: "Conditional Fee"
        case .internal: "Internal"
        case .clientRating: "Client Rating"
        case .cat: "CAT"
        case .visa: "Visa"
        case .hrHm: "HR/HM"
        case .cm: "CM"
        case .pipelineNumber: "Pipeline #"
        case .pipelineCandidates: "Pipeline Candidates"
        case .notes: "Notes"
        case .industrySegment: "Industry Segment"
        }
    }

    /// The column's position in board order (0 for ``jobId`` … 19 for ``industrySegment``).
    public var ordinal: Int {
        switch self {
        case .jobId: 0
        case .company: 1
        case .position: 2
        case .city: 3
        case .state: 4
        case .country: 5
        case .salary: 6
        case .bonus: 7
        case .received: 8
        case .conditionalFee: 9
        case .internal: 10
        case .clientRating: 11
        case .cat: 12
        case .visa: 13
        case .hrHm: 14
        case .cm: 15
        case .pipelineNumber: 16
        case .pipelineCandidates: 17
        case .notes: 18
        case .industrySegment: 19
        }
    }

    /// The column whose header or key is `name`, compared case- and space-insensitively
    /// (`"State "`, `"state"`, `"Job ID"` and `"jobid"` all match).
    public static func matching(_ name: String) -> BoardColumn? {
        let wanted = normalized(name)
        return allCases.first { normalized($0.header) == wanted || normalized($0.rawValue) == wanted }
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { !$0.isWhitespace })
    }
}

/// A job as the wire shows it: the 20 columns as written, extra columns, the fields parsed
/// for sorting, and the description and profile once present.
public struct JobView: Codable, Sendable, Equatable {
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
    static let columnPaths: [any WritableKeyPath<JobView, String> & Sendable] = [
        \.jobId, \.company, \.position, \.city, \.state, \.country, \.salary, \.bonus, \.received, \.conditionalFee, \.`internal`, \.clientRating, \.cat, \.visa, \.hrHm, \.cm, \.pipelineNumber, \.pipelineCandidates, \.notes, \.industrySegment
    ]
}

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
