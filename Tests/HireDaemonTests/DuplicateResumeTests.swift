import Foundation
import HireCore
import HireClient
import HireRPC
import HireTestSupport
import Testing

/// One person is one resume: a file added again, a copy under another name, or another
/// resume of the same person is reported as a duplicate of the first and not stored, unless
/// duplicates are allowed.
@Suite struct DuplicateResumeTests {
    static let maya = Labelled.resumes["ios"]!

    @Test func theSameFileOrACopyIsNotStoredTwice() async throws {
        try await withRecruiter { client, daemon in
            let dir = daemon.directory + "/in"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for name in ["maya.txt", "maya copy.txt", "maya (2).txt"] {
                try Self.maya.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            }
            let first = try #require(try await client.call(Resumes.Add.self, .init(path: dir + "/maya.txt")).resumes.first)
            #expect(first.duplicateOf == nil)
            // One file: the duplicate is the answer, naming the resume it repeats.
            do {
                _ = try await client.call(Resumes.Add.self, .init(path: dir + "/maya.txt"))
                Issue.record("the same file twice must be reported")
            } catch let error as RPCError {
                #expect(error.code == .duplicateResume)
                #expect(error.data?["duplicateOf"] == .string(first.id))
                #expect(error.data?["duplicateReason"] == "sameFile")
                #expect(error.message.contains(first.id))
            }
            // Several: each duplicate is listed in errors and not stored.
            let copies = try await client.call(Resumes.Add.self, .init(paths: [dir + "/maya copy.txt", dir + "/maya (2).txt"]))
            #expect(copies.resumes.isEmpty)
            #expect(copies.errors.map(\.code) == [RPCErrorCode.duplicateResume.rawValue, RPCErrorCode.duplicateResume.rawValue])
            #expect(copies.errors.map(\.duplicateOf) == [first.id, first.id])
            #expect(copies.errors.map(\.filename) == ["maya copy.txt", "maya (2).txt"])
            #expect(try await client.call(Resumes.List.self, .init()).resumes.map(\.id) == [first.id])
            // Their originals were not kept either: one resume, one blob (besides nothing else).
            let blobs = try FileManager.default.subpathsOfDirectory(atPath: daemon.dataDir + "/blobs").filter { $0.contains("/") }
            #expect(blobs.count == 1)
            // Matching ranks the person once.
            _ = try await client.call(MTB.Import.self, .init(csv: Labelled.board))
            let run = try await client.call(Match.Run.self, .init(jobIds: ["IOS-1"], topK: 5))
            #expect(run.matches.map(\.resumeId) == [first.id])
            // Allowed, the copy is stored and still says whose copy it is.
            let allowed = try await client.call(Resumes.Add.self, .init(path: dir + "/maya copy.txt", allowDuplicates: true))
            #expect(allowed.resumes.first?.duplicateOf == first.id)
            #expect(allowed.resumes.first?.duplicateReason == "sameFile")
            #expect(try await client.call(Resumes.List.self, .init()).resumes.count == 2)
        }
    }

    @Test func anotherResumeOfThePersonIsADuplicateButANamesakeIsNot() async throws {
        try await withRecruiter { client, _ in
            func add(_ text: String) async throws -> Resumes.Add.Result {
                try await client.call(Resumes.Add.self, .init(paths: nil, text: text, filename: "r.txt"))
            }
            func duplicateOf(_ text: String) async -> (String?, String?) {
                do {
                    _ = try await client.call(Resumes.Add.self, .init(text: text, filename: "r.txt"))
                    return (nil, nil)
                } catch let error as RPCError {
                    return (error.data?["duplicateOf"]?.stringValue, error.data?["duplicateReason"]?.stringValue)
                } catch {
                    return (nil, "\(error)")
                }
            }
            let maya = try #require(try await add(Self.maya).resumes.first)
            #expect(maya.email == "maya.chen@example.com")
            // The same email, written in capitals, on an updated resume.
            let updated = Self.maya.replacingOccurrences(of: "maya.chen@example.com", with: "Maya.Chen@Example.com")
                .replacingOccurrences(of: "7 years", with: "8 years")
            #expect(await duplicateOf(updated) == (maya.id, "email"))
            // The same phone written another way, no email.
            let phoneOnly = Self.maya.replacingOccurrences(of: " · maya.chen@example.com", with: "")
                .replacingOccurrences(of: "(512) 555-0142", with: "+1 512 555 0142")
            #expect(await duplicateOf(phoneOnly) == (maya.id, "phone"))
            // The same name with no email or phone to tell them apart.
            let nameOnly = Self.maya.replacingOccurrences(of: "Austin, TX · maya.chen@example.com · (512) 555-0142", with: "Austin, TX")
            #expect(await duplicateOf(nameOnly) == (maya.id, "name"))
            // A namesake with her own email and phone is another person.
            let namesake = Self.maya.replacingOccurrences(of: "maya.chen@example.com", with: "mchen77@example.org")
                .replacingOccurrences(of: "(512) 555-0142", with: "(737) 555-0199")
            let other = try await add(namesake)
            #expect(other.resumes.count == 1)
            #expect(other.resumes.first?.duplicateOf == nil)
            #expect(try await client.call(Resumes.List.self, .init()).resumes.count == 2)
        }
    }
}
