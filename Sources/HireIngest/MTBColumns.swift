import HireCore

/// The board's columns are the domain's (`BoardColumn` in HireCore; the wire uses the same
/// keys and headers); files are read with the very same list.
public typealias MTBColumn = BoardColumn

extension BoardColumn {
    /// The column whose header (or wire key) matches `name` case- and space-insensitively
    /// (`"Job ID"`, `"jobid"`, `" JobID "` and `"jobId"` are all ``jobId``), or nil.
    public init?(header name: String) {
        guard let column = BoardColumn.matching(name) else { return nil }
        self = column
    }
}
