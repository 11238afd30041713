import HireMatching
import Testing

@Suite struct TaxonomyTests {
    let taxonomy = Taxonomy.builtin

    @Test(arguments: [
        ("k8s", "Kubernetes"), ("JS", "JavaScript"), ("Postgres", "PostgreSQL"), ("ReactJS", "React"), ("golang", "Go"),
        ("TS", "TypeScript"), ("Mongo", "MongoDB"), ("GCP", "Google Cloud Platform"), ("AWS", "Amazon Web Services"),
        ("ML", "Machine Learning"), ("NLP", "Natural Language Processing"), ("CI/CD", "CI/CD"), ("dotnet", ".NET"),
        ("ASP.NET Core", ".NET"), ("C#", "C#"), ("cpp", "C++"), ("node", "Node.js"), ("React-Native", "React Native"),
        ("MS Excel", "Microsoft Excel"), ("SFDC", "Salesforce"), ("QuickBooks Online", "QuickBooks"), ("RN", "Registered Nurse"),
        ("BLS", "Basic Life Support"), ("A/P", "Accounts Payable"), ("forklift certified", "Forklift Operation"),
        ("REST APIs", "REST APIs"), ("rest api", "REST APIs"), ("kubernetes", "Kubernetes"),
    ])
    func aliasesMeetTheirCanonicalName(alias: String, canonical: String) {
        #expect(taxonomy.canonical(alias) == canonical)
    }

    @Test func gazetteerEntriesAreKnownAndNamed() throws {
        #expect(taxonomy.count > 20_000)
        #expect(taxonomy.canonical("inventory management") == "Inventory Management")
        #expect(taxonomy.canonical("apache airflow") != nil)
        #expect(taxonomy.canonical("the") == nil)
        #expect(taxonomy.canonical("not a skill at all, really") == nil)
    }

    @Test func ambiguousWordsCountOnlyInSkillContexts() {
        #expect(taxonomy.skills(in: "We go to market next quarter and go fast.")["Go"] == nil)
        #expect(taxonomy.skills(in: "Languages: Python, Go, Rust")["Go"] == 1)
        #expect(taxonomy.skills(in: "Languages: Python, Go, Rust")["Rust"] == 1)
        #expect(taxonomy.skills(in: "Remove rust from the pipes in spring.")["Rust"] == nil)
        #expect(taxonomy.skills(in: "Remove rust from the pipes in spring.")["Spring"] == nil)
        #expect(taxonomy.skills(in: "We build services with Spring Boot and Java.")["Spring Boot"] == 1)
        #expect(taxonomy.skills(in: "You will excel at building relationships.")["Microsoft Excel"] == nil)
        #expect(taxonomy.skills(in: "Reports in Excel and SQL every week.")["Microsoft Excel"] == 1)
        #expect(taxonomy.skills(in: "Plan C is to write in C.")["C"] == nil)
        #expect(taxonomy.skills(in: "Skills: C, C++, Python")["C"] == 1)
        #expect(taxonomy.skills(in: "Skills: C, C++, Python")["C++"] == 1)
    }

    @Test func oneWordGazetteerEntriesNeedAList() {
        #expect(taxonomy.canonical("flink") == "Flink")
        #expect(taxonomy.skills(in: "Tools: Flink, Beam")["Flink"] == 1)
        #expect(taxonomy.skills(in: "Streaming with Kafka and Flink")["Flink"] == 1)
        let resume = "Senior Software Engineer — Lumen Cloud, Austin, TX (hybrid)"
        #expect(taxonomy.canonical("lumen") != nil)
        // Words of an ad's layout are not skills at all.
        for word in ["hybrid", "responsibility", "search", "visa"] { #expect(taxonomy.canonical(word) == nil, "\(word)") }
        // "Bilingual" alone says no language: English/French is not Spanish.
        #expect(taxonomy.skills(in: "Bilingual English/French")["Bilingual Spanish"] == nil)
        #expect(taxonomy.skills(in: "Fluent Spanish and English")["Bilingual Spanish"] == 1)
        #expect(taxonomy.skills(in: resume).isEmpty, "\(taxonomy.skills(in: resume))")
    }

    @Test func phrasesAreMatchedLongestFirstAndCounted() {
        let found = taxonomy.skills(in: "Kubernetes and k8s operators; React Native apps; react for web. Kubernetes again.")
        #expect(found["Kubernetes"] == 3)
        #expect(found["React Native"] == 1)
        #expect(found["React"] == 1)
    }

    @Test func phrasesDoNotCrossPunctuation() {
        #expect(taxonomy.skills(in: "We use machine. Learning is fun")["Machine Learning"] == nil)
        #expect(taxonomy.skills(in: "machine-learning, statistics")["Machine Learning"] == 1)
    }
}
