import Foundation

/// Whether a file argument names a file on an rclone remote (`gdrive:Boards/mtb.csv`).
enum RcloneRemotes {
    /// True when `word` is `NAME:path`, no local file has that name, and `NAME` is one of the
    /// remotes `rclone listremotes` lists for this user.
    static func names(_ word: String, workingDirectory: String) -> Bool {
        guard let colon = word.firstIndex(of: ":"), colon != word.startIndex, !word.hasPrefix("/"), !word.hasPrefix("."),
            word[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }),
            !FileManager.default.fileExists(atPath: (workingDirectory as NSString).appendingPathComponent(word))
        else { return false }
        return configured().contains(String(word[...colon]))
    }

    /// The remotes of this user's rclone configuration (`NAME:` each); none when rclone is missing.
    private static func configured() -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["rclone", "listremotes"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
