import HireCore

/// An error that knows how it crosses the wire. The daemon's one mapping from errors to
/// replies passes these through as ``rpcError``; anything else is an internal error.
public protocol RPCErrorConvertible: Error {
    /// The error as the client sees it: its code and a message for people.
    var rpcError: RPCError { get }
}

// Domain errors (HireCore) know nothing of the wire: their codes and messages are given here.

extension JobError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.jobNotFound, "no job \(id)")
        case .exists(let id): RPCError(.jobExists, "job \(id) exists; use jobs.update")
        }
    }
}

extension ResumeError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.resumeNotFound, "no resume \(id)")
        }
    }
}

extension RunError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let id): RPCError(.runNotFound, "no run \(id)")
        }
    }
}

extension SearchQueryRefused: RPCErrorConvertible {
    public var rpcError: RPCError { RPCError(.badQuery, "the search query cannot be used: try plain words") }
}
