import Foundation
import HireIngest
import Testing

/// A committed fixture (Tests/HireIngestTests/Fixtures/, written by scripts/make-fixtures.py).
private func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

private func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(name))))
}

/// The error `body` throws; fails the test when it throws none.
private func documentError(_ body: () throws(DocumentError) -> ExtractedDocument) -> DocumentError? {
    do {
        let document = try body()
        Issue.record("expected an error, read: \(document.text)")
        return nil
    } catch {
        return error
    }
}

/// Whether `lines` holds each of `expected` in this order (other lines may come between).
private func inOrder(_ lines: [String], _ expected: [String]) -> Bool {
    var rest = lines[...]
    for line in expected {
        guard let index = rest.firstIndex(of: line) else { return false }
        rest = rest[(index + 1)...]
    }
    return true
}

private let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}
private let hasPDFToText = pdftotext != nil

/// The demo's examples/ directory.
private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples")

/// The non-blank lines plain `pdftotext -enc UTF-8 -nopgbrk` writes for `path` (poppler's own
/// reading order), trimmed, runs of spaces made one.
private func plainPDFLines(_ path: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(pdftotext))
    process.arguments = ["-enc", "UTF-8", "-nopgbrk", path, "-"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
}

/// The non-blank lines of `text`.
private func nonBlankLines(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init)
}

@Suite struct DocumentFormatTests {
    @Test(arguments: [
        ("cv.DOCX", DocumentFormat.docx), ("a/b/resume.pdf", .pdf), ("notes.txt", .text), ("x.text", .text),
        ("README.md", .markdown), ("job.markdown", .markdown),
    ])
    func extensionNamesTheFormat(filename: String, format: DocumentFormat) {
        #expect(DocumentReader.format(forFilename: filename) == format)
    }

    @Test(arguments: ["resume", "resume.doc", "photo.png", ".docx", "archive.docx/x"])
    func otherNamesHaveNoFormat(filename: String) {
        #expect(DocumentReader.format(forFilename: filename) == nil)
    }

    @Test func magicBytesWinOverAMisleadingName() throws {
        let pdf = try fixtureBytes("two-column.pdf")
        let docx = try fixtureBytes("sample.docx")
        #expect(DocumentReader.format(of: pdf, filename: "resume.txt") == .pdf)
        #expect(DocumentReader.format(of: pdf, filename: nil) == .pdf)
        #expect(DocumentReader.format(of: docx, filename: "resume") == .docx)
        #expect(DocumentReader.format(of: Array("plain words".utf8), filename: nil) == .text)
        #expect(DocumentReader.format(of: [0x00, 0x01, 0x02], filename: nil) == nil)
        #expect(DocumentReader.format(of: docx, filename: "budget.xlsx") == nil)
    }

    @Test func legacyWordFilesAreUnsupportedWithAHint() {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0]
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(data: ole, filename: "cv.doc") }
        #expect(error == .unsupportedFormat("cv.doc is a legacy Word 97–2003 (.doc) file: save it as .docx or PDF"))
        let unnamed = documentError { () throws(DocumentError) in try DocumentReader.read(data: ole, filename: nil) }
        #expect(unnamed?.message.hasPrefix("The document is a legacy Word") == true)
    }

    @Test func aBinaryFileNamedAsTextIsRefused() {
        let binary: [UInt8] = Array("Ana Lopez".utf8) + [0x00, 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01] + Array("Swift".utf8)
        for name in ["cv.txt", "cv.md"] {
            let error = documentError { () throws(DocumentError) in try DocumentReader.read(data: binary, filename: name) }
            #expect(error == .unsupportedFormat("\(name) is named as text but holds binary data (NUL bytes): not a text document"))
        }
        #expect(DocumentReader.format(of: Array("# Ana".utf8), filename: "cv.md") == .markdown)
    }
}

@Suite struct DOCXReadingTests {
    @Test func docxKeepsOrderTablesTabsBreaksAndEntities() throws {
        let document = try DocumentReader.read(path: fixture("sample.docx"))
        #expect(document.format == .docx)
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            inOrder(lines, [
                "Ana López\tana.lopez@example.com · (555) 010-2030",  // the header comes first, once
                "Summary",
                "Backend engineer with eight years of experience; R&D lead.",
                "Tools & platforms: <Swift>, \"k8s\", O'Reilly café – “quoted”",
                "Experience",
                "Senior Software Engineer\tJan 2018 – Present",  // a run split mid-word, a tab, no tab stop
                "Acme Corp", "Austin, TX", "Remote",  // <w:br/> and <w:cr/>
                "Moved services to Kubernetes.",  // the deleted "Docker Swarm" is gone
                "See my portfolio for more.",  // the field's result, not its code
                "Open to relocation",
                "Led the migration to k8s", "Cut cloud costs by 30%",
                "Skills", "Skill | Years", "Swift | 6", "PostgreSQL | 5", "empty first cell",
                "Layout", "Left one", "Left two", "", "Right one", "Right two",
                "Education", "B.S. Computer Science, University of Texas, 2014",
                "References available on request",  // the footer comes last
            ]))
        #expect(lines.filter { $0.hasPrefix("Ana López") }.count == 1)
        #expect(lines.filter { $0 == "Open to relocation" }.count == 1)  // not again from mc:Fallback
        #expect(!document.text.contains("Docker Swarm"))
        #expect(!document.text.contains("HYPERLINK"))
        #expect(!document.text.contains("\n\n\n"))  // three empty paragraphs make one blank line
        #expect(lines[lines.firstIndex(of: "Summary")! - 1] == "")
    }

    @Test func docxFromMemoryMatchesTheFile() throws {
        let fromFile = try DocumentReader.read(path: fixture("sample.docx"))
        let fromData = try DocumentReader.read(data: fixtureBytes("sample.docx"), filename: "upload")
        #expect(fromData == fromFile)
    }

    @Test func damagedZipIsUnreadable() {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: fixture("corrupt.docx")) }
        #expect(error == .unreadable("corrupt.docx is not a valid DOCX file: its zip archive is damaged"))
    }

    @Test func zipWithoutDocumentXMLIsUnreadable() {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: fixture("no-document.docx")) }
        #expect(error == .unreadable("no-document.docx is not a Word document: it has no word/document.xml"))
    }

    @Test func xmlBeyondTheLimitIsTooLarge() {
        let configuration = DocumentReader.Configuration(maxTextBytes: 1000)
        let error = documentError { () throws(DocumentError) in
            try DocumentReader.read(path: fixture("sample.docx"), configuration: configuration)
        }
        #expect(error == .tooLarge("sample.docx holds more than 1000 bytes of XML (a zip bomb?)"))
    }

    @Test func fileBeyondTheLimitIsTooLarge() throws {
        let configuration = DocumentReader.Configuration(maxFileBytes: 100)
        let error = documentError { () throws(DocumentError) in
            try DocumentReader.read(path: fixture("sample.docx"), configuration: configuration)
        }
        #expect(error == .tooLarge("sample.docx is larger than 100 bytes"))
        let bytes = try fixtureBytes("sample.docx")
        let inMemory = documentError { () throws(DocumentError) in
            try DocumentReader.read(data: bytes, filename: "/home/dana/cv.docx", configuration: configuration)
        }
        #expect(inMemory == .tooLarge("cv.docx is larger than 100 bytes"))
    }

    /// Extracted text over 8 MiB is refused, by default, before anything reads it.
    @Test(arguments: ["resume.txt", "resume.md"])
    func textBeyondTheLimitIsTooLarge(name: String) throws {
        let line = String(repeating: "Senior engineer with Swift and C++ experience. ", count: 20) + "\n"
        let text = String(repeating: line, count: 8 * 1024 * 1024 / line.utf8.count + 1)
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(data: Array(text.utf8), filename: name) }
        #expect(error == .tooLarge("\(name) has 8.0 MiB of text; at most 8 MiB of text is read from one document"))
        // The limit is on the text: exactly at it is read.
        let configuration = DocumentReader.Configuration(maxExtractedTextBytes: line.utf8.count)
        #expect(try DocumentReader.read(data: Array(line.utf8), filename: name, configuration: configuration).text.hasPrefix("Senior"))
        let over = documentError { () throws(DocumentError) in
            try DocumentReader.read(data: Array((line + "x").utf8), filename: name, configuration: configuration)
        }
        #expect(over == .tooLarge("\(name) has \(line.utf8.count + 1) bytes of text; at most \(line.utf8.count) bytes of text is read from one document"))
    }
}

@Suite(.serialized, .enabled(if: hasPDFToText, "pdftotext is not installed (poppler-utils)"))
struct PDFReadingTests {
    @Test func twoColumnsComeOneAfterTheOther() throws {
        let document = try DocumentReader.read(path: fixture("two-column.pdf"))
        #expect(document.format == .pdf)
        let lines = document.text.split(separator: "\n").map(String.init)
        let left = lines.indices.filter { lines[$0].hasPrefix("LEFT-") }
        let right = lines.indices.filter { lines[$0].hasPrefix("RIGHT-") }
        #expect(left.count == 11)
        #expect(right.count == 11)
        #expect(left.max()! < right.min()!)
        #expect(lines.first == "Jo Park")
        #expect(lines.contains("LEFT-02 jo.park@example.com"))
        #expect(lines.contains("RIGHT-04 Built batch pipelines in Airflow"))
    }

    @Test func narrowColumnHeadingsAreFollowedByTheirOwnContent() throws {
        let path = examples.appendingPathComponent("resumes/marcus-chen.pdf").path
        let lines = nonBlankLines(try DocumentReader.read(path: path).text)
        let following = { (heading: String) -> String? in
            lines.firstIndex(of: heading).flatMap { $0 + 1 < lines.count ? lines[$0 + 1] : nil }
        }
        // Plain pdftotext reads "Skills" then "Lead Data Engineer, Permian Analytics", and
        // "Experience" after the first job.
        #expect(following("Contact") == "Fort Worth, TX")
        #expect(following("Skills") == "Python, SQL, Scala")
        #expect(following("Education") == "M.S. Computer Science")
        #expect(following("Summary")?.hasPrefix("Data engineer with 13 years") == true)
        #expect(following("Experience") == "Lead Data Engineer, Permian Analytics")
        // The narrow left column, then the wide right one.
        #expect(
            inOrder(lines, [
                "Marcus Chen", "Principal Data Engineer", "Contact", "linkedin.com/in/example-mchen", "Skills",
                "Great Expectations", "Education", "B.S. Electrical", "Engineering, 2009", "Summary", "Experience",
                "Jun 2011 – Jun 2014", "• ETL in Python and SQL Server for trading reports",
            ]))
        #expect(lines.firstIndex(of: "Engineering, 2009")! + 1 == lines.firstIndex(of: "Summary")!)
    }

    @Test func columnsKeepEveryWord() throws {
        let path = examples.appendingPathComponent("resumes/marcus-chen.pdf").path
        let words = try DocumentReader.read(path: path).text.split(whereSeparator: \.isWhitespace).map(String.init)
        let plain = try plainPDFLines(path).flatMap { $0.split(separator: " ").map(String.init) }
        #expect(words.count > 150)
        #expect(words.sorted() == plain.sorted())
    }

    @Test(arguments: ["resumes/priya-raman.pdf", "resumes/tom-becker.pdf"])
    func singleColumnReadsAsPlainPdftotext(file: String) throws {
        let path = examples.appendingPathComponent(file).path
        let lines = nonBlankLines(try DocumentReader.read(path: path).text)
        #expect(lines.count > 20)
        #expect(lines == (try plainPDFLines(path)))
    }

    @Test func pdfFromMemoryMatchesTheFileAndLeavesNoTemporaryFile() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: temporary))
        let fromData = try DocumentReader.read(data: fixtureBytes("two-column.pdf"), filename: "jo.pdf")
        let after = try Set(FileManager.default.contentsOfDirectory(atPath: temporary))
        #expect(fromData == (try DocumentReader.read(path: fixture("two-column.pdf"))))
        #expect(after.subtracting(before).filter { $0.hasPrefix("hired-document-") }.isEmpty)
    }

    @Test func imageOnlyPDFHasNoText() {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: fixture("image-only.pdf")) }
        #expect(error == .noText("image-only.pdf has no extractable text (a scanned image?)"))
    }

    @Test func damagedPDFIsUnreadableWithPopplersReason() throws {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: fixture("damaged.pdf")) }
        guard case .unreadable(let message) = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("damaged.pdf cannot be read: "))
        #expect(message.contains("Error"))
        // From memory the temporary file's path never shows.
        let bytes = try fixtureBytes("damaged.pdf")
        let inMemory = documentError { () throws(DocumentError) in try DocumentReader.read(data: bytes, filename: "upload.pdf") }
        #expect(inMemory?.message.contains("hired-document-") == false)
    }

    @Test func missingPdftotextSaysWhatToInstall() {
        let configuration = DocumentReader.Configuration(pdftotextPath: "/nonexistent/pdftotext")
        let error = documentError { () throws(DocumentError) in
            try DocumentReader.read(path: fixture("two-column.pdf"), configuration: configuration)
        }
        #expect(error?.message.contains("install poppler-utils") == true)
    }
}

@Suite struct TextReadingTests {
    @Test func emptyFileHasNoText() {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: fixture("empty.txt")) }
        #expect(error == .noText("empty.txt is empty"))
    }

    @Test(arguments: ["   \n\n\t \r\n", "\u{FEFF}\u{00A0}\n", "2024 - 2025\n---\n"])
    func textWithoutLettersHasNoText(text: String) {
        let error = documentError { () throws(DocumentError) in
            try DocumentReader.read(data: Array(text.utf8), filename: "blank.txt")
        }
        #expect(error == .noText("blank.txt has no extractable text"))
    }

    @Test func missingFileIsUnreadable() {
        let error = documentError { () throws(DocumentError) in try DocumentReader.read(path: "/nonexistent/dir/cv.txt") }
        #expect(error == .unreadable("cv.txt does not exist"))
    }

    @Test func byteOrderMarkAndCRLFAreNormalised() throws {
        let document = try DocumentReader.read(path: fixture("bom-crlf.txt"))
        #expect(document == ExtractedDocument(text: "Maria Gonzalez\n\nSkills:\tGo, Rust\nCafé – naïve", format: .text))
    }

    @Test func invalidUTF8IsReadAsWindows1252() throws {
        let document = try DocumentReader.read(path: fixture("windows-1252.txt"))
        #expect(document.text == "“René” – salary €50k\nO’Brien")
    }

    @Test func utf16WithByteOrderMarkIsRead() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + "Zoë\r\nSwift".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try DocumentReader.read(data: bytes, filename: nil).text == "Zoë\nSwift")
    }

    @Test func markdownLosesItsMarkupButKeepsItsLines() throws {
        let document = try DocumentReader.read(path: fixture("sample.md"))
        #expect(document.format == .markdown)
        #expect(
            document.text == """
                Senior Data Engineer

                About the role: you will own our pipelines and legacy systems.
                Apply at our site or jobs@example.com.
                logo

                Requirements

                - 5+ years of Python and SQL
                - Experience with Airflow and dbt
                - snake_case_names and 5 * 3 stay as written
                1. Numbered items keep their number

                Remote (US) or hybrid in Austin, TX.

                pipeline: nightly_load
                retries: 3

                Skill | Years
                Spark | 3
                """)
    }
}

@Suite(.enabled(if: hasPDFToText, "pdftotext is not installed (poppler-utils)"))
struct ExampleDocumentTests {

    @Test(arguments: [
        ("jobs/J-000202.md", "Senior Backend Engineer"), ("jobs/J-000311.docx", "Principal Data Engineer"),
        ("jobs/J-000201.md", "Site Reliability Engineer"), ("jobs/J-000237.md", "Sr. Frontend Engineer"),
        ("jobs/J-000182.md", "Remote Data Scientist"), ("jobs/J-000141.docx", "Staff Financial Analyst"),
        ("jobs/J-000221.md", "Junior Technical Writer"), ("jobs/J-000131.md", "Principal Accountant"),
        ("resumes/ana-lopez.docx", "Ana López"), ("resumes/marcus-chen.pdf", "Marcus Chen"),
        ("resumes/priya-raman.pdf", "Priya Raman"), ("resumes/daniel-okafor.txt", "DANIEL OKAFOR"),
        ("resumes/sofia-marin.md", "Sofia Marín"), ("resumes/rachel-goldberg.docx", "Rachel Goldberg"),
        ("resumes/tom-becker.pdf", "Tom Becker"), ("resumes/luis-herrera.docx", "Luis Herrera, CPA"),
    ])
    func everyExampleReadsWithItsTitleFirst(file: String, firstLine: String) throws {
        let document = try DocumentReader.read(path: examples.appendingPathComponent(file).path)
        let first = try #require(document.text.split(separator: "\n").first)
        #expect(first.hasPrefix(firstLine))
        #expect(document.text.split(whereSeparator: \.isWhitespace).count > 100)
    }
}
