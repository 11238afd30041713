import HireMatching
import HireStorage

/// Full-text search in every vault reads text as the matcher does (``SearchTerms``).
enum MatcherSearchTokenizer: SearchTokenizer {
    static var version: String { SearchTerms.version }

    static func terms(
        in text: UnsafeBufferPointer<UInt8>, query: Bool, _ emit: (_ term: String, _ range: Range<Int>, _ colocated: Bool) -> Bool
    ) {
        SearchTerms.terms(in: text, query: query, emit)
    }
}
