import Foundation
import HireCLI
import Testing

/// The completions do what a user types TAB for (issue 13 item 0): run in the real shells.
/// bash is everywhere; zsh and fish are checked for syntax where they are installed.
@Suite struct CompletionTests {
    /// Runs `script` in `shell` with the arguments; standard output, or nil when the shell is
    /// not installed.
    private func run(_ shell: String, _ arguments: [String], in directory: String) throws -> (status: Int32, out: String)? {
        guard let path = ["/usr/bin/\(shell)", "/bin/\(shell)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A folder with a board CSV, a job description and a subfolder, and the generated script.
    private func workspace(_ path: String) throws -> (directory: String, script: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory + "/reports", withIntermediateDirectories: true)
        for file in ["board.csv", "J-1.md"] { #expect(FileManager.default.createFile(atPath: "\(directory)/\(file)", contents: Data())) }
        let script = "\(directory)/completion"
        try #require(GeneratedFiles.all().first { $0.path == path }).content.write(toFile: script, atomically: true, encoding: .utf8)
        return (directory, script)
    }

    /// What bash offers for each line (the last word is the one being completed).
    private func bash(_ lines: [[String]]) throws -> [[String]] {
        let (directory, script) = try workspace("contrib/completions/hire.bash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var body = "source \(script)\ncompopt() { :; }\n"
        for words in lines {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            body += "COMP_WORDS=(hire \(quoted)); COMP_CWORD=\(words.count); COMPREPLY=(); _hire; printf '%s\\n' \"${COMPREPLY[*]}\"\n"
        }
        let result = try #require(try run("bash", ["--norc", "-c", body], in: directory))
        #expect(result.status == 0, "\(result.out)")
        return result.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: " ").map(String.init).sorted()
        }
    }

    @Test func bashCompletesValuesFilesColumnsAndCallParams() throws {
        let offered = try bash([
            ["mtb", "import", "--mode", ""],  // an enum's values
            ["mtb", "import", "bo"],  // a path positional: file names
            ["history", "export", "--dir", ""],  // a directory
            ["mtb", "filter", "--st"],  // the board's column flags
            ["jobs", "list", "--ca"],
            ["call", "mtb.import", "mo"],  // param names after hire call METHOD
            ["call", "mtb.import", "mode="],
            ["call", "jobs.attachDescription", "path=J"],
            ["login", "--"],  // the shortcuts
            ["passwd", "--"],
            ["match", "--to"],  // the default verb's flags
            ["events", "list", "--topics", "run."],
            ["", ],
        ])
        #expect(offered[0] == ["merge", "replace"])
        #expect(offered[1] == ["board.csv"])
        #expect(offered[2] == ["reports"])
        #expect(offered[3] == ["--state"])
        #expect(offered[4] == ["--cat"])
        #expect(offered[5] == ["mode="])
        #expect(offered[6] == ["mode=merge", "mode=replace"])
        #expect(offered[7] == ["path=J-1.md"])
        #expect(offered[8] == ["--help", "--json", "--password-stdin", "--ttl-seconds"])
        #expect(offered[9] == ["--help", "--json", "--password-stdin"])
        #expect(offered[10] == ["--top", "--top-k"])
        #expect(offered[11] == ["run.completed", "run.failed"])
        #expect(Set(["login", "register", "passwd", "recover", "logout", "call", "mtb"]).isSubset(of: offered[12]))
    }

    @Test func fishCompletesValuesFilesColumnsAndCallParams() throws {
        let (directory, script) = try workspace("contrib/completions/hire.fish")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = ["hire mtb import --mode ", "hire mtb import bo", "hire mtb filter --st", "hire call mtb.import mode=", "hire passwd --p"]
        let body = "source \(script)\n" + lines.map { "complete -C '\($0)'; echo ---" }.joined(separator: "\n")
        guard let result = try run("fish", ["--no-config", "-c", body], in: directory) else { return }  // not installed here
        let offered = result.out.components(separatedBy: "---\n").map { block in
            block.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }.sorted()
        }
        #expect(offered.prefix(5) == [["merge", "replace"], ["board.csv"], ["--state"], ["mode=", "mode=merge", "mode=replace"], ["--password-stdin"]],
            "\(result.out)")
    }

    /// zsh's completion builtins need its line editor: stubbed here to print what the generated
    /// function asks for (zsh itself then filters the words by the prefix typed).
    @Test func zshAsksForValuesFilesAndCallParams() throws {
        let (directory, script) = try workspace("contrib/completions/_hire")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = [["mtb", "import", "--mode", ""], ["mtb", "import", "bo"], ["history", "export", "--dir", ""],
                     ["call", "mtb.import", "mode="], ["call", "jobs.attachDescription", "path=J"], ["login", "--"]]
        var body = """
            source \(script)
            compadd() { local a; for a in "$@"; do [[ $a == -* && $a != --* || $a == -- || -z $a ]] || print -r -- "$a"; done; }
            compset() { PREFIX=${PREFIX#*=}; }
            _files() { print -r -- "FILES${1:+ $1}:$PREFIX"; }
            t() { words=(hire "$@"); CURRENT=${#words}; PREFIX=${words[-1]}; _hire | sort | tr '\\n' ' '; print; }

            """
        for words in lines { body += "t " + words.map { "'\($0)'" }.joined(separator: " ") + "\n" }
        guard let result = try run("zsh", ["-f", "-c", body], in: directory) else { return }  // not installed here
        let offered = result.out.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(offered.prefix(6) == ["merge replace", "FILES:bo", "FILES -/:", "merge replace", "FILES:J",
            "--help --json --password-stdin --ttl-seconds"], "\(result.out)")
    }

    @Test(arguments: [("zsh", "contrib/completions/_hire"), ("fish", "contrib/completions/hire.fish")])
    func theOtherShellsParseTheirScript(shell: String, path: String) throws {
        let (directory, script) = try workspace(path)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let result = try run(shell, ["-n", script], in: directory) else { return }  // not installed here
        #expect(result.status == 0, "\(shell): \(result.out)")
    }
}
