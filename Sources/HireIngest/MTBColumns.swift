/// The 20 columns of the Master Tracking Board, in board order.
///
/// The raw value is the wire key (`jobId`); ``header`` is the CSV header text (`JobID`).
public enum MTBColumn: String, CaseIterable, Sendable, Codable {
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

    /// The column's header as the board writes it.
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

    /// The column whose header matches `name` case- and space-insensitively
    /// (`"Job ID"`, `"jobid"` and `" JobID "` are all ``jobId``), or nil. The wire key is
    /// accepted too (`"hrHm"` is ``hrHm``), so a file written with keys as headers reads back.
    public init?(header name: String) {
        guard let column = Self.byNormalisedName[MTBHeader.normalise(name)] else { return nil }
        self = column
    }

    private static let byNormalisedName: [String: MTBColumn] = {
        var names: [String: MTBColumn] = [:]
        for column in allCases {
            names[MTBHeader.normalise(column.header)] = column
            names[MTBHeader.normalise(column.rawValue)] = column
        }
        return names
    }()
}
