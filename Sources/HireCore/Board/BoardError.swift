import Foundation

/// Why an import, a filter or a drop-down of the board cannot be done.
public enum BoardError: Error, Sendable, Equatable {
    /// The file is not a board CSV or cannot be read; the reason, in words.
    case badFile(String)
    /// Bad rows rejected an import that aborts on them: nothing was imported. `runId` is the
    /// failed run recorded (nil for a dry run, which records nothing).
    case rejected(errors: [LineFailure], runId: String?)
    /// A replace would remove `removed` of the `boardSize` jobs, a larger share than
    /// `maxRemoveShare` allows without confirmation: nothing changed.
    case needsConfirmation(removed: Int, boardSize: Int, maxRemoveShare: Double)
    /// No board column has this name.
    case unknownColumn(String)
}

/// A line of an imported file that could not be used, and why.
public struct LineFailure: Sendable, Equatable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// A value given for a command that it cannot take: which one (when it has a name), and why.
public struct InvalidInput: Error, Sendable, Equatable {
    /// The name of the input at fault, when one is.
    public var param: String?
    public var message: String
    public init(_ message: String, param: String? = nil) {
        self.message = message
        self.param = param
    }
}
