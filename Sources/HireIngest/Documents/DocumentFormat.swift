/// The kinds of document ``DocumentReader`` turns into text.
public enum DocumentFormat: String, Sendable, CaseIterable {
    /// A Word document (Office Open XML, `.docx`), read natively.
    case docx
    /// A PDF, read through poppler's `pdftotext`.
    case pdf
    /// Plain text (`.txt`): UTF-8, UTF-16 with a byte order mark, or Windows-1252.
    case text
    /// Markdown (`.md`), read as text with its markup removed.
    case markdown
}

/// The text of a document, ready for the profilers.
///
/// `text` is never empty and always holds at least one letter. Lines and blank lines between
/// sections are kept (a heading stays on its own line); runs of spaces are collapsed, there is
/// at most one blank line in a row, and there is no leading or trailing whitespace.
public struct ExtractedDocument: Sendable, Equatable {
    /// The document's text, lines separated by `\n`.
    public var text: String
    /// The format the text was read from.
    public var format: DocumentFormat

    /// A document read as `format`.
    public init(text: String, format: DocumentFormat) {
        self.text = text
        self.format = format
    }
}
