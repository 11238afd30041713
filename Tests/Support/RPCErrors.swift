import HireRPC

/// The error a call fails with, or nil when it succeeds (or fails otherwise).
public func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error
    } catch {
        return nil
    }
}

/// The code of the error a call fails with, or nil.
public func errorCode(_ body: () async throws -> Void) async -> RPCErrorCode? {
    await rpcError(body)?.code
}
