/// Why a document could not be turned into text.
///
/// Each case carries a sentence for the user that names the document and the problem, for
/// example "resume.pdf has no extractable text (a scanned image?)". It names the file by its
/// last path component only, never its directory.
public enum DocumentError: Error, Sendable, Equatable {
    /// Not a DOCX, PDF, text or Markdown document (an image, a legacy `.doc`, a binary file…).
    case unsupportedFormat(String)
    /// The document is damaged, encrypted, cannot be opened, or its reader is missing
    /// (`pdftotext`).
    case unreadable(String)
    /// The document was read but holds no letters: a scanned image, an empty file, whitespace.
    case noText(String)
    /// The file, or the text inside it, is larger than the reader's limits
    /// (see ``DocumentReader/Limits``).
    case tooLarge(String)

    /// The sentence for the user.
    public var message: String {
        switch self {
        case .unsupportedFormat(let message), .unreadable(let message), .noText(let message), .tooLarge(let message):
            message
        }
    }
}
