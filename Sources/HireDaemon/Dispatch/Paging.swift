import Foundation
import HireRPC

/// What every list method shares: the page size (`limit`, 1–1000, default 50) and the one
/// cursor format, the list's name and its page's last sort key as JSON in base64. Clients treat
/// a cursor as opaque; one that is not this list's is refused naming the `cursor` param.
enum Paging {
    static func limit(_ requested: Int?) throws(RPCError) -> Int {
        let limit = requested ?? 50
        guard (1...1000).contains(limit) else { throw RPCError(.invalidParams, "limit must be between 1 and 1000", data: ["param": "limit"]) }
        return limit
    }

    /// The cursor that resumes a list of `list` (its noun: "jobs", "runs", …) after `key`.
    static func cursor<Key: Encodable>(after key: Key, in list: String) -> String {
        (try? JSONEncoder().encode(Cursor(list: list, after: key)))?.base64EncodedString() ?? ""
    }

    /// The key a cursor of `list` resumes after; nil when there is no cursor (the first page).
    static func key<Key: Decodable>(_ cursor: String?, as: Key.Type, in list: String) throws(RPCError) -> Key? {
        guard let cursor else { return nil }
        guard let data = Data(base64Encoded: cursor), let decoded = try? JSONDecoder().decode(Cursor<Key>.self, from: data),
            decoded.list == list
        else {
            throw RPCError(.badCursor, "that cursor is not one this daemon gave for \(list)", data: ["param": "cursor"])
        }
        return decoded.after
    }

    /// What a cursor holds: which list it pages (so that one list's cursor is no other's) and
    /// the last key of the page it followed.
    fileprivate struct Cursor<Key> {
        var list: String
        var after: Key
    }
}

extension Paging.Cursor: Encodable where Key: Encodable {}
extension Paging.Cursor: Decodable where Key: Decodable {}
