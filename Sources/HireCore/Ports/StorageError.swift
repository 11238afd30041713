import Foundation

/// Why a store cannot be opened or used.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// The key does not open this file (another machine key, another user's key).
    case wrongKey(path: String)
    /// A page, a WAL frame, a journal record or a blob failed authentication, or the file is
    /// not a database: damage or tampering. `detail` names the file and what failed.
    case corrupt(path: String, detail: String)
    /// The underlying database reported an error.
    case database(String)

    public var description: String {
        switch self {
        case .wrongKey(let path): "the key does not open \(path)"
        case .corrupt(let path, let detail): "\(path) is damaged or was tampered with (\(detail)); restore it from a backup"
        case .database(let message): "database error: \(message)"
        }
    }
}

/// The store refused a full-text query as written (an FTS5 syntax it cannot parse): the
/// caller's words, not the store, are at fault.
public struct SearchQueryRefused: Error, Sendable, Equatable {
    public init() {}
}
