import Foundation
import HireCore
import HireRPC

/// Exports: a CSV written where the caller asked, or returned in the reply.
enum Exports {
    /// An export's CSV: written to `target` (checked by `PeerAccess.prepareWrite` before the
    /// export did its work) when there is one, else returned.
    static func deliver(
        csv: String, rows: Int, to target: PeerAccess.WriteTarget?, remote: String? = nil, overwrite: Bool? = nil, files: PeerAccess
    ) async throws -> Jobs.Export.Result {
        if let remote {
            guard target == nil else { throw InvalidInput("give path or remote, not both") }
            try await RemoteFiles.upload(Data(csv.utf8), to: remote, param: "remote", overwrite: overwrite ?? false, files: files)
            return Jobs.Export.Result(rows: rows, path: remote, csv: nil)
        }
        guard let target else { return Jobs.Export.Result(rows: rows, path: nil, csv: csv) }
        try await target.write { try $0.write(contentsOf: Data(csv.utf8)) }
        return Jobs.Export.Result(rows: rows, path: target.path, csv: nil)
    }
}

/// A value as compact JSON text (for profile columns).
func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try RPCCoding.encode(value), as: UTF8.self)
}

extension JSONValue {
    /// Any Encodable as a JSON tree.
    init(encoding value: some Encodable) {
        self = (try? JSONValue(parsing: RPCCoding.encode(value))) ?? .null
    }
}
