import Foundation
import HireCLI
import Testing

@Suite struct GeneratedFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: GeneratedFiles.all().map(\.path))
    func committedCopyIsCurrent(path: String) throws {
        let generated = try #require(GeneratedFiles.all().first { $0.path == path }).content
        let committed = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        #expect(committed == generated, "\(path) is stale: run 'make generate'")
    }
}
