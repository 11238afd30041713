/// The 20 columns of the Master Tracking Board, in board order. The raw values are the wire
/// keys and `header` the CSV headers: both are part of the public contract.
public enum BoardColumn: String, CaseIterable, Codable, Sendable {
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
