import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// Full-text search reads skills as the matcher does: `c++`, `c#`, `.net`, `ci/cd` are words of
/// their own, and an alias finds its skill (`k8s` finds Kubernetes).
@Suite struct SearchTokenTests {
    /// JobID, Company, Position, Notes.
    static let jobs: [(String, String, String, String)] = [
        ("J-1", "Acme", "C++ Developer", "Low-latency trading systems"),
        ("J-2", "Bolt", "Backend Engineer", "Modern C++ and Python"),
        ("J-3", "Copper", "Sales Manager", "Copper wire distribution"),
        ("J-4", "Cascade", "Data Analyst", "Cloud and cost reports"),
        ("J-5", "Delta", "C# Engineer", "ASP.NET Core services"),
        ("J-6", "Echo", "Platform Engineer", "CI/CD pipelines on Kubernetes"),
        ("J-7", "Fox", "SRE", "Runs k8s clusters; continuous integration"),
        ("J-8", "Gale", "Support Engineer", "Customer cases in c and d shifts"),
        ("J-9", "Hub", ".NET Developer", "Windows services"),
    ]

    static var csv: String {
        let columns = header.split(separator: ",").count
        return ([header] + jobs.map { id, company, position, notes in
            var fields = [id, company, position, "Austin", "TX", "USA"] + Array(repeating: "", count: columns - 6)
            fields[18] = notes
            return fields.joined(separator: ",")
        }).joined(separator: "\n")
    }

    static let expected: [(query: String, jobIds: [String])] = [
        ("c++", ["J-1", "J-2"]),
        ("C++", ["J-1", "J-2"]),
        ("cpp", ["J-1", "J-2"]),
        ("c#", ["J-5"]),
        (".net", ["J-5", "J-9"]),
        ("ci/cd", ["J-6", "J-7"]),
        ("k8s", ["J-6", "J-7"]),
        ("kubernetes", ["J-6", "J-7"]),
        ("copper", ["J-3"]),
        ("c++ python", ["J-2"]),
        ("casc", ["J-4"]),
    ]

    @Test func symbolsAndAliasesFindExactlyTheirJobs() async throws {
        try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.csv))
            for (query, jobIds) in Self.expected {
                let hits = try await client.call(Jobs.Search.self, .init(query: query)).hits
                #expect(hits.map(\.jobId).sorted() == jobIds, "jobs.search \(query)")
                let listed = try await client.call(Jobs.List.self, .init(query: query)).jobs
                #expect(listed.map(\.jobId).sorted() == jobIds, "jobs.list \(query)")
            }
            let snippet = try await client.call(Jobs.Search.self, .init(query: "c#")).hits.first?.snippet
            #expect(snippet?.contains("[C#]") == true, "\(snippet ?? "no hit")")
            // Whatever is typed makes a query; punctuation alone finds nothing instead of failing.
            for query in ["c++ (", "\"ci/cd", "ci/cd\"", "a AND (", "*", "NEAR(c++", "\"\""] {
                _ = try await client.call(Jobs.Search.self, .init(query: query + " engineer"))
                _ = try await client.call(Jobs.List.self, .init(query: query))
            }
        }
    }

    @Test func resumesAreSearchedTheSameWay() async throws {
        try await withRecruiter { client, _ in
            let texts = [
                "Ana Ruiz\nSenior C++ engineer, 8 years. Skills: C++, CMake, Linux.",
                "Bo Lind\nWarehouse lead at Copper Logistics. Forklift, inventory, cycle counts.",
                "Cy Park\nCloud engineer at Cascade. Skills: C#, .NET, Azure, k8s.",
            ]
            var ids: [String] = []
            for (index, text) in texts.enumerated() {
                ids.append(try await client.call(Resumes.Add.self, .init(text: text, filename: "r\(index).txt")).resumes[0].id)
            }
            func found(_ query: String) async throws -> [String] {
                try await client.call(Resumes.List.self, .init(query: query)).resumes.map(\.id).sorted()
            }
            #expect(try await found("c++") == [ids[0]])
            #expect(try await found("c#") == [ids[2]])
            #expect(try await found("kubernetes") == [ids[2]])
            #expect(try await found(".net") == [ids[2]])
            #expect(try await found("copper") == [ids[1]])
            #expect(try await found("c++ linux") == [ids[0]])
            // Only the resume's own words are searched, not the names of its profile's fields.
            for field in ["skills", "email", "titles", "location", "education"] where !texts.contains(where: { $0.lowercased().contains(field) }) {
                #expect(try await found(field).isEmpty, "\(field)")
            }
        }
    }
}
