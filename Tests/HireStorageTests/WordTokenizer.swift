import HireCore
import HireCrypto
import HireStorage

/// The storage tests' search tokenizer: runs of ASCII letters and digits, lowercased (the
/// daemon gives the matcher's, which HireStorage cannot see).
enum WordTokenizer: SearchTokenizer {
    static let version = "test-words-1"

    static func terms(
        in text: UnsafeBufferPointer<UInt8>, query: Bool, _ emit: (_ term: String, _ range: Range<Int>, _ colocated: Bool) -> Bool
    ) {
        var start: Int?
        for index in 0...text.count {
            let byte = index < text.count ? text[index] : 0
            let isWord = (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            if isWord, start == nil { start = index }
            if !isWord, let first = start {
                let word = String(decoding: text[first..<index].map { $0 | 0x20 }, as: UTF8.self)
                guard emit(word, first..<index, false) else { return }
                start = nil
            }
        }
    }
}

extension VaultStore {
    /// A vault searched with ``WordTokenizer``.
    convenience init(
        path: String, blobDirectory: String, masterKey: SecureBytes, boardTextLimit: Int = VaultStore.defaultBoardTextLimit
    ) throws(StorageError) {
        try self.init(path: path, blobDirectory: blobDirectory, masterKey: masterKey, tokenizer: WordTokenizer.self, boardTextLimit: boardTextLimit)
    }
}
