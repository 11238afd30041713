import Foundation
import HireRPC

/// Files derived from the catalogue and committed to the repository. `make generate`
/// rewrites them; a test fails when a committed copy differs from what this produces.
public enum GeneratedFiles {
    /// Every generated file: its path under the repository root and its content.
    public static func all() -> [(path: String, content: String)] {
        [
            ("clients/openrpc.json", OpenRPC.document(methods: Catalogue.methods).prettyString),
            ("man/hired-rpc.7", ManPages.rpc()),
            ("man/hire.1", ManPages.hire()),
            ("contrib/completions/hire.bash", Completions.bash()),
            ("contrib/completions/_hire", Completions.zsh()),
            ("contrib/completions/hire.fish", Completions.fish()),
        ]
    }

    /// Writes every generated file under `root`.
    public static func write(root: String) throws {
        for (path, content) in all() {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url, options: .atomic)
        }
    }
}
