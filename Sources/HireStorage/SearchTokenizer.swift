import GRDB
import GRDBSQLite

/// How the vault's full-text indexes (the board's `jobText`, the resumes' `resumeText`) split
/// text into terms. The daemon gives the matcher's, so that search reads `c++`, `ci/cd` and skill
/// aliases as matching does; storage only runs it inside SQLite (as the FTS5 tokenizer `hire`).
public protocol SearchTokenizer: Sendable {
    /// Changes whenever the terms of some text would: a vault indexed under another version is
    /// reindexed when it is opened (FTS5 removes a row by tokenizing it again, so an index must
    /// never meet a tokenizer other than its own).
    static var version: String { get }

    /// Calls `emit` with each term of `text` (UTF-8): the term, the bytes of `text` it stands for,
    /// and whether it shares the previous term's position (a synonym). `query` is true for one
    /// string of a search. Stops when `emit` returns false.
    static func terms(
        in text: UnsafeBufferPointer<UInt8>, query: Bool, _ emit: (_ term: String, _ range: Range<Int>, _ colocated: Bool) -> Bool)
}

/// A ``SearchTokenizer`` as an FTS5 tokenizer, registered on every connection of a vault.
final class FTSTokenizer<Terms: SearchTokenizer>: FTS5CustomTokenizer {
    static var name: String { "hire" }

    init(db: Database, arguments: [String]) throws {}

    func tokenize(
        context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?, nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeBufferPointer(start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        var code = SQLITE_OK
        Terms.terms(in: text, query: tokenization.contains(.query)) { term, range, colocated in
            var term = term
            code = term.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    tokenCallback(
                        context, colocated ? FTS5_TOKEN_COLOCATED : 0, chars.baseAddress, CInt(chars.count), CInt(range.lowerBound),
                        CInt(range.upperBound))
                }
            }
            return code == SQLITE_OK
        }
        return code
    }

    /// Registers the tokenizer on a connection.
    static func register(_ db: Database) {
        db.add(tokenizer: Self.self)
    }
}
