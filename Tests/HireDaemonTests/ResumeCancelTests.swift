import Foundation
import HireClient
import HireRPC
import HireTestSupport
import Testing

/// A long `resumes.add` cancelled while its text is profiled and indexed keeps nothing: no
/// resume, no original, and the vault takes the next add as usual.
@Suite struct ResumeCancelTests {
    @Test func aCancelledLongAddKeepsNothing() async throws {
        try await withRecruiter { client, daemon in
            let path = daemon.directory + "/long.txt"
            var text = ""
            var line = 0
            while text.utf8.count < 2 << 20 {
                line += 1
                text += "Senior engineer \(line): Swift, Kotlin, PostgreSQL, CI/CD, k8s on project \(line * 7919 % 10007).\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            // Cancelled later and later: while the file is read, then while it is profiled and
            // indexed, until an add is quicker than the wait (and is then deleted).
            for wait in [0.2, 0.8, 2.4, 7.2] {
                let started = ContinuousClock.now
                let call = Task { try await client.call(Resumes.Add.self, .init(path: path)) }
                try await Task.sleep(for: .seconds(wait))
                call.cancel()
                do {
                    let added = try await call.value
                    print("an add took \(ContinuousClock.now - started), less than \(wait) s")
                    _ = try await client.call(Resumes.Delete.self, .init(resumeIds: added.resumes.map(\.id)))
                    break
                } catch is CancellationError {
                } catch let error as RPCError {
                    #expect(error.code == .requestCancelled)
                }
                // The reply comes when the daemon's work has ended: nothing of it is left.
                print("an add cancelled after \(wait) s was answered after \(ContinuousClock.now - started)")
                #expect(try await client.call(Resumes.List.self, .init()).resumes.isEmpty)
                let blobs = try FileManager.default.subpathsOfDirectory(atPath: daemon.dataDir + "/blobs").filter { $0.contains("/") }
                #expect(blobs.isEmpty, "the original of an add cancelled after \(wait) s was kept: \(blobs)")
            }
            let added = try await client.call(Resumes.Add.self, .init(paths: nil, text: "Ana Ruiz\nRegistered Nurse\nBLS", filename: "ana.txt"))
            #expect(added.resumes.count == 1)
        }
    }
}
