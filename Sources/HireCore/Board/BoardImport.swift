import Foundation

/// What an import of a board file is asked to do: the command the board service runs for
/// `mtb.import` and `jobs.import`.
public struct BoardImport: Sendable, Equatable {
    /// Where the rows come from.
    public enum Source: Sendable, Equatable {
        /// A CSV file the caller named (opened for them, as they may read it).
        case file(path: String)
        /// CSV text given in the request.
        case text(String)
    }

    public var source: Source
    /// Remove the jobs the file lacks (else: merge by JobID).
    public var replace: Bool
    /// One bad row rejects the whole file (else: the bad rows are skipped and listed).
    public var abortOnBadRow: Bool
    /// Count everything, change nothing, record nothing.
    public var dryRun: Bool
    /// The caller confirmed a replace that removes more than `maxRemoveShare` of the board.
    public var confirmed: Bool
    /// The share of the board (0…1) a replace may remove without confirmation.
    public var maxRemoveShare: Double

    public init(source: Source, replace: Bool, abortOnBadRow: Bool, dryRun: Bool, confirmed: Bool, maxRemoveShare: Double) {
        self.source = source
        self.replace = replace
        self.abortOnBadRow = abortOnBadRow
        self.dryRun = dryRun
        self.confirmed = confirmed
        self.maxRemoveShare = maxRemoveShare
    }
}

/// What an import did.
public struct BoardImportOutcome: Sendable, Equatable {
    /// The run recorded (nil for a dry run).
    public var runId: String?
    /// Rows read, good and bad.
    public var rows: Int
    public var counts: ImportCounts
    /// The bad rows skipped.
    public var skipped: [LineFailure]
    public var dryRun: Bool

    public init(runId: String?, rows: Int, counts: ImportCounts, skipped: [LineFailure], dryRun: Bool) {
        self.runId = runId
        self.rows = rows
        self.counts = counts
        self.skipped = skipped
        self.dryRun = dryRun
    }
}
