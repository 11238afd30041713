import Foundation
import HireCore

/// The builtin interview engine: questions from a job and a resume, each with a rubric, and
/// the assessment of answers against those rubrics. Deterministic: the same inputs give the
/// same questions, and the same answers the same scores.
///
/// Questions, in this order of need: required skills the resume lacks, then those it names
/// only once; claims worth checking (years against the job's minimum, the latest title, a
/// required tool the resume lists); situations from the job's duties. A rubric point is
/// covered when the answer says one (or `minimum`) of its cues, read as the matcher reads
/// text: stemmed, with skill aliases, so "k8s" covers "Kubernetes".
public enum InterviewEngine {
    /// What a question is made from.
    public struct Inputs: Sendable {
        public var position: String
        public var description: String
        public var job: JobProfile
        public var resumeText: String
        public var resume: ResumeProfile

        public init(position: String, description: String, job: JobProfile, resumeText: String, resume: ResumeProfile) {
            self.position = position
            self.description = description
            self.job = job
            self.resumeText = resumeText
            self.resume = resume
        }
    }

    /// At most `count` questions (1…20), those about `topics` first when given (a topic is a
    /// skill, "years", "title", or words of a duty), ids `q1`, `q2`, … in order.
    public static func questions(for inputs: Inputs, count: Int = 8, topics: [String] = [], taxonomy: Taxonomy = .builtin) -> [InterviewQuestion] {
        draft(for: inputs, count: count, topics: topics, taxonomy: taxonomy).questions
    }

    /// The questions as ``questions(for:count:topics:taxonomy:)`` writes them, and the `topics`
    /// no question could be about (said back to whoever asked for them), from one pass over
    /// the inputs.
    public static func draft(for inputs: Inputs, count: Int = 8, topics: [String] = [], taxonomy: Taxonomy = .builtin)
        -> (questions: [InterviewQuestion], unmatched: [String])
    {
        let count = min(max(count, 1), 20)
        let skills = skillQuestions(inputs, taxonomy: taxonomy)
        let claims = claimQuestions(inputs, taxonomy: taxonomy)
        let situations = situationalQuestions(inputs, taxonomy: taxonomy)
        // A balanced mix: about three eighths skills, a quarter claims, the rest situations;
        // a short pool leaves its share to the others.
        var chosen: [InterviewQuestion] = []
        let shares = [(skills, (count * 3 + 7) / 8), (claims, (count + 3) / 4), (situations, count)]
        var leftovers: [InterviewQuestion] = []
        for (pool, share) in shares {
            chosen += pool.prefix(share)
            leftovers += pool.dropFirst(share)
        }
        var ordered = Array(chosen.prefix(count))
        ordered += leftovers.prefix(count - ordered.count)
        var unmatched: [String] = []
        if !topics.isEmpty {
            // Questions about the topics come first; each takes the place of the last question
            // of its own kind that is not about a topic (else of the most frequent kind), so the
            // mix keeps its kinds. A skill the resume shows well is asked about only when named.
            let all = skills + claims + situations + deepDiveQuestions(inputs, taxonomy: taxonomy)
            unmatched = topics.filter { topic in !all.contains { about($0, topic: topic) } }
            let wanted = Array(all.filter { question in topics.contains { about(question, topic: $0) } }.prefix(count))
            var rest = ordered.filter { !wanted.contains($0) }
            for question in wanted where !ordered.contains(question) && wanted.count + rest.count > count {
                let counts = Dictionary(rest.map { ($0.kind, 1) }, uniquingKeysWith: +)
                let commonest = counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
                if let index = rest.lastIndex(where: { $0.kind == question.kind }) ?? rest.lastIndex(where: { $0.kind == commonest }) {
                    rest.remove(at: index)
                }
            }
            ordered = Array((wanted + rest).prefix(count))
        }
        let numbered = ordered.enumerated().map { index, question in
            var question = question
            question.id = "q\(index + 1)"
            return question
        }
        return (numbered, unmatched)
    }

    /// An answer against its question's rubric. Empty: 0 and every point missed; fewer than
    /// twelve words score at most 2, whatever they name.
    public static func assess(_ answer: String, against question: InterviewQuestion) -> AnswerAssessment {
        let read = ReadAnswer(answer)
        var covered: [String] = [], missed: [String] = [], evidence: [String] = []
        for point in question.rubric {
            if let quote = read.cover(point) {
                covered.append(point.point)
                if !evidence.contains(quote) { evidence.append(quote) }
            } else {
                missed.append(point.point)
            }
        }
        guard !question.rubric.isEmpty, read.words > 0 else {
            return AnswerAssessment(score: 0, covered: [], missed: question.rubric.map(\.point), evidence: [])
        }
        var score = Int((5 * Double(covered.count) / Double(question.rubric.count)).rounded())
        if read.words < 12 { score = min(score, 2) }
        return AnswerAssessment(score: score, covered: covered, missed: missed, evidence: evidence)
    }

    /// The follow-up to an answer that missed most of its rubric (more than half of its
    /// points), asking for what it left out; nil when the answer covered enough, or when
    /// `question` is itself a follow-up (one per question at most).
    public static func followUp(to question: InterviewQuestion, after assessment: AnswerAssessment) -> InterviewQuestion? {
        guard question.kind != .followUp, assessment.missed.count * 2 > question.rubric.count else { return nil }
        let missed = question.rubric.filter { assessment.missed.contains($0.point) }
        let asks = missed.prefix(3).map { asked($0.point) }.joined(separator: "; ")
        return InterviewQuestion(
            id: question.id + "-f", kind: .followUp, text: "To follow up on \(question.topic): could you say more? In particular, \(asks).",
            topic: question.topic, rubric: missed, parentId: question.id)
    }

    /// A rubric point ("Says where they used X") as asked of the candidate ("say where you
    /// used X"): the follow-up asks for what was missing in the candidate's own terms.
    static func asked(_ point: String) -> String {
        var words = point.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let verb = words.first else { return point }
        let lowered = verb.lowercased()
        if lowered.hasSuffix("sses") || lowered.hasSuffix("shes") || lowered.hasSuffix("ches") {
            words[0] = String(lowered.dropLast(2))
        } else if lowered.hasSuffix("s"), !lowered.hasSuffix("ss") {
            words[0] = String(lowered.dropLast())
        } else {
            words[0] = lowered
        }
        let pronouns = ["they": "you", "their": "your", "theirs": "yours", "them": "you", "themselves": "yourself", "they've": "you've"]
        return words.map { word in
            let core = word.trimmingCharacters(in: .punctuationCharacters)
            guard let swap = pronouns[core] else { return word }
            return word.replacingOccurrences(of: core, with: swap)
        }.joined(separator: " ")
    }

    /// The final assessment of an interview: each question's answer read together with its
    /// follow-up's (a point covered in either counts), the mean score, and a summary.
    public static func assessment(of questions: [InterviewQuestion], answers: [String: String]) -> InterviewAssessment {
        assessment(of: answered(questions, answers: answers).map { ($0.question, assess($0.text, against: $0.question)) })
    }

    /// Each question that is not a follow-up, with its answer and its follow-ups' answers as
    /// one text: what an assessment grades against the question's rubric.
    public static func answered(_ questions: [InterviewQuestion], answers: [String: String]) -> [(question: InterviewQuestion, text: String)] {
        questions.filter { $0.kind != .followUp }.map { question in
            let followUps = questions.filter { $0.parentId == question.id }
            return (question, ([answers[question.id]] + followUps.map { answers[$0.id] }).compactMap { $0 }.joined(separator: "\n"))
        }
    }

    /// The assessment made of each question's (by this engine or another grader, as
    /// `gradedBy` says).
    public static func assessment(of assessed: [(question: InterviewQuestion, assessment: AnswerAssessment)]) -> InterviewAssessment {
        let scores = assessed.map { question, assessment in
            QuestionScore(questionId: question.id, topic: question.topic, score: assessment.score, assessment: assessment)
        }
        let mean = scores.isEmpty ? 0 : Double(scores.map(\.score).reduce(0, +)) / Double(scores.count)
        let shown = (mean * 10).rounded() / 10
        let strong = scores.filter { $0.score >= 4 }.map(\.topic)
        let weak = scores.filter { $0.score <= 2 }.map(\.topic)
        // The summary says the score the assessment holds (2.25 is 2.3 in both).
        var summary = String(format: "%.1f of 5 over %d question%@.", shown, scores.count, scores.count == 1 ? "" : "s")
        if !strong.isEmpty { summary += " Strong: " + strong.joined(separator: ", ") + "." }
        if !weak.isEmpty { summary += " Weak or unanswered: " + weak.joined(separator: ", ") + "." }
        return InterviewAssessment(score: shown, summary: summary, perQuestion: scores)
    }

    // MARK: Questions

    /// Required skills the resume does not name, then those it names once.
    static func skillQuestions(_ inputs: Inputs, taxonomy: Taxonomy) -> [InterviewQuestion] {
        let required = inputs.job.skills?.required ?? []
        let counts = taxonomy.skills(in: inputs.resumeText)
        let others = required.prefix(6)
        var lacking: [InterviewQuestion] = [], barely: [InterviewQuestion] = []
        for skill in required {
            let related = Array(others.filter { $0 != skill }.prefix(3))
            switch counts[skill] ?? 0 {
            case 0:
                lacking.append(
                    InterviewQuestion(
                        id: "", kind: .skill,
                        text: "The role needs \(skill), which your resume does not mention. Where have you used \(skill) or the closest thing to it, and how would you get productive with it here?",
                        topic: skill,
                        rubric: [
                            RubricPoint(point: "Says where they used \(skill) or the closest tool they know", cues: [skill, "similar", "equivalent", "instead", "closest"]),
                            Rubrics.ownRole, Rubrics.difficulty,
                            RubricPoint(point: "Gives a concrete plan to close the gap", cues: Rubrics.learning),
                        ] + (related.isEmpty ? [] : [Rubrics.connects(related)])))
            case 1:
                barely.append(
                    workQuestion(
                        skill, related: related,
                        text: "Your resume names \(skill) once. Describe a piece of work where you used \(skill): what you built, what was hard, and how it turned out."))
            default: continue
            }
        }
        return lacking + barely
    }

    /// Skills of the job (required or preferred) the resume names more than once: asked about
    /// only when a topic names them (what the resume shows well needs no question otherwise).
    static func deepDiveQuestions(_ inputs: Inputs, taxonomy: Taxonomy) -> [InterviewQuestion] {
        let skills = (inputs.job.skills?.required ?? []) + (inputs.job.skills?.preferred ?? [])
        let counts = taxonomy.skills(in: inputs.resumeText)
        let others = (inputs.job.skills?.required ?? []).prefix(6)
        return skills.filter { (counts[$0] ?? 0) > 1 }.map { skill in
            workQuestion(
                skill, related: Array(others.filter { $0 != skill }.prefix(3)),
                text: "Your resume shows \(skill) in several places. Take the piece of work with \(skill) that best fits this role: what you built, the hardest decision, and how it turned out.")
        }
    }

    /// A question about a piece of work with a skill the resume names: the work, the
    /// candidate's own part, a difficulty, a result, and how it ties to the role's other needs.
    static func workQuestion(_ skill: String, related: [String], text: String) -> InterviewQuestion {
        InterviewQuestion(
            id: "", kind: .skill, text: text, topic: skill,
            rubric: [
                RubricPoint(point: "Names a concrete piece of work with \(skill)", cues: [skill]),
                Rubrics.ownRole, Rubrics.difficulty, Rubrics.result,
            ] + (related.isEmpty ? [] : [Rubrics.connects(related)]))
    }

    /// The resume's years against the job's minimum, its latest title, and a required tool
    /// it lists.
    static func claimQuestions(_ inputs: Inputs, taxonomy: Taxonomy) -> [InterviewQuestion] {
        var questions: [InterviewQuestion] = []
        let roleWords = Rubrics.contentWords(of: inputs.position, taxonomy: taxonomy)
        if let years = inputs.resume.yearsExperience {
            let asked = inputs.job.minYears.map { ", and the role asks for \(Rubrics.number($0))+" } ?? ""
            questions.append(
                InterviewQuestion(
                    id: "", kind: .claim,
                    text: "Your resume shows about \(Rubrics.number(years)) years of experience\(asked). Which of those years are closest to this role, and what did you own in them?",
                    topic: "years",
                    rubric: [
                        RubricPoint(point: "Names the roles or periods closest to this one", cues: roleWords + (inputs.job.skills?.required.prefix(4) ?? [])),
                        RubricPoint(point: "Says how long, and when", cues: ["#number", "year", "month", "since"]),
                        Rubrics.ownership, Rubrics.result,
                    ]))
        }
        if let title = inputs.resume.titles.first {
            questions.append(
                InterviewQuestion(
                    id: "", kind: .claim,
                    text: "As \(title), what were you responsible for day to day, and what is one thing you changed there?",
                    topic: "title",
                    rubric: [
                        RubricPoint(point: "Describes their day-to-day responsibilities", cues: ["responsible", "daily", "day to day", "owned", "managed", "handled", "in charge"]),
                        RubricPoint(point: "Names one change they made", cues: ["changed", "introduced", "improved", "automated", "redesigned", "started", "replaced", "streamlined"]),
                        Rubrics.people, Rubrics.result,
                    ]))
        }
        let listed = Set(inputs.resume.skills)
        if let tool = inputs.job.skills?.required.first(where: listed.contains) {
            questions.append(
                InterviewQuestion(
                    id: "", kind: .claim,
                    text: "You list \(tool). What is the most demanding thing you have done with \(tool)?",
                    topic: tool,
                    rubric: [
                        RubricPoint(point: "Names the work done with \(tool)", cues: [tool]),
                        RubricPoint(point: "Explains what made it demanding (scale, design, constraints)", cues: ["scale", "complex", "architecture", "performance", "large", "design", "constraint", "deadline", "volume", "critical"]),
                        Rubrics.difficulty, Rubrics.result,
                    ]))
        }
        return questions
    }

    /// One question per duty of the ad (its responsibilities section, else its requirement
    /// lines), in the ad's order, six at most.
    static func situationalQuestions(_ inputs: Inputs, taxonomy: Taxonomy) -> [InterviewQuestion] {
        let sections = Sections.split(inputs.description, as: .job)
        var duties = sections.filter { $0.kind == .responsibilities }.flatMap(\.lines)
        if duties.isEmpty { duties = sections.filter { $0.kind == .required || $0.kind == .preamble }.flatMap(\.lines) }
        var questions: [InterviewQuestion] = []
        for line in duties {
            let duty = Rubrics.bare(line.text)
            let words = Rubrics.contentWords(of: duty, taxonomy: taxonomy)
            guard words.count >= 2, duty.count <= 200 else { continue }
            questions.append(
                InterviewQuestion(
                    id: "", kind: .situational,
                    text: "The role involves: “\(duty)”. Tell me about a time you did this, or how you would go about it: the situation, what you did, and the outcome.",
                    topic: duty,
                    rubric: [
                        RubricPoint(point: "Sets out a real situation (where, when, what was at stake)", cues: ["when", "project", "team", "company", "client", "customer", "situation", "we had", "at my"]),
                        RubricPoint(point: "Describes their own actions step by step", cues: ["first", "then", "next", "after", "plan", "steps", "i started", "i decided"]),
                        RubricPoint(point: "Addresses the duty itself", cues: Array(words.prefix(6)), minimum: min(2, words.count)),
                        Rubrics.result,
                    ]))
            if questions.count == 6 { break }
        }
        return questions
    }

    /// `question` is about `topic`: its topic, or a word of it, is the topic.
    static func about(_ question: InterviewQuestion, topic: String) -> Bool {
        let wanted = topic.lowercased()
        return question.topic.lowercased() == wanted || question.topic.lowercased().split(separator: " ").contains { $0 == wanted }
    }
}

/// Rubric points many questions share, and the reading of cue words.
enum Rubrics {
    static let ownRole = RubricPoint(
        point: "Explains what they did themselves and why", cues: ["i built", "i wrote", "i designed", "i decided", "i led", "i implemented", "i chose", "my role", "i was responsible", "because"])
    static let difficulty = RubricPoint(
        point: "Describes a difficulty and how it was solved", cues: ["problem", "issue", "challenge", "bug", "difficult", "hard", "failed", "fix", "solved", "resolved", "debug", "tradeoff", "trade-off"])
    static let result = RubricPoint(
        point: "Gives a result, with a measure where possible", cues: ["#number", "percent", "reduced", "improved", "increased", "saved", "faster", "outcome", "result", "cut", "grew"])
    static let ownership = RubricPoint(
        point: "Says what they owned (scope, decisions, people)", cues: ["owned", "responsible", "led", "managed", "team", "mentored", "in charge", "decided"])
    static let people = RubricPoint(
        point: "Says whom they worked with", cues: ["team", "stakeholder", "manager", "colleague", "client", "customer", "patient", "engineer", "department"])
    static let learning = ["learn", "course", "documentation", "docs", "practice", "side project", "certification", "tutorial", "read", "mentor", "pair"]

    /// The point that links an answer to the job's other required skills.
    static func connects(_ skills: [String]) -> RubricPoint {
        RubricPoint(point: "Connects it to the role's other needs (" + skills.joined(separator: ", ") + ")", cues: skills)
    }

    /// A duty line without its bullet and final full stop.
    static func bare(_ line: String) -> String {
        var text = Substring(line)
        while let first = text.first, "-*•·–—>#0123456789.) \t".contains(first) { text = text.dropFirst() }
        while let last = text.last, ".;:, ".contains(last) { text = text.dropLast() }
        return String(text)
    }

    /// A text's skills and longer words (four letters or more, not stopwords), in order, once each.
    static func contentWords(of text: String, taxonomy: Taxonomy) -> [String] {
        var seen: Set<String> = [], words: [String] = []
        let tokens = Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon)
        let skills = taxonomy.matches(in: tokens)
        var next = 0, index = 0
        while index < tokens.count {
            if next < skills.count, skills[next].start == index {
                let name = taxonomy.names[Int(skills[next].skill)]
                if seen.insert(name.lowercased()).inserted { words.append(name) }
                index = skills[next].end
                next += 1
                continue
            }
            let token = tokens[index]
            if token.text.count >= 4, token.hasLetter, !Stopwords.contains(token.text), seen.insert(token.text).inserted { words.append(token.text) }
            index += 1
        }
        return words
    }

    /// A number as a person writes it: 7, 7.5.
    static func number(_ value: Double) -> String { Written.number(value) }
}

/// An answer read once: its sentences with their terms, to find each rubric point's cues in.
struct ReadAnswer {
    /// Sentences, and the terms of each (the matcher's terms, skill terms and every word's own).
    private var sentences: [(text: String, terms: Set<String>, number: Bool)] = []
    private(set) var words = 0

    init(_ answer: String) {
        var current = ""
        func close() {
            let text = current.trimmingSpaces
            current = ""
            guard !text.isEmpty else { return }
            let tokens = Tokenizer.tokens(in: text)
            words += tokens.filter(\.hasLetter).count
            sentences.append((text, Self.terms(of: text), tokens.contains { $0.text.first?.isNumber == true }))
        }
        // A sentence ends at . ! or ? before a space or the end (not "2.5" or "e.g.x"), or at a
        // blank line; a single line break is a space (answers written in a file are wrapped).
        let characters = Array(answer)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case ".", "!", "?":
                current.append(character)
                if next == nil || next!.isWhitespace { close() }
            case "\n":
                if next == "\n" || next == "\r" { close() } else { current.append(" ") }
            default:
                current.append(character)
            }
        }
        close()
    }

    /// The sentence that shows `point` covered (its cues met, `minimum` of them, in the whole
    /// answer), or nil.
    func cover(_ point: RubricPoint) -> String? {
        var met = 0
        var quote: String?
        for cue in point.cues {
            let found: String?
            if cue == "#number" {
                found = sentences.first { $0.number }?.text
            } else {
                let wanted = Self.terms(of: cue)
                found = wanted.isEmpty ? nil : sentences.first { wanted.isSubset(of: $0.terms) }?.text
            }
            guard let found else { continue }
            met += 1
            quote = quote ?? found
            if met >= max(point.minimum, 1) { return quote.map(Self.quoted) }
        }
        return nil
    }

    /// A quote of at most 200 characters.
    static func quoted(_ sentence: String) -> String {
        sentence.count <= 200 ? sentence : String(sentence.prefix(199)) + "…"
    }

    /// A text's terms as the matcher reads it, and each word's own term (a word inside a skill
    /// phrase still counts as itself).
    static func terms(of text: String) -> Set<String> {
        var terms = Set(TermVector(text: text).terms.keys)
        for token in Tokenizer.tokens(in: text) {
            if let term = TermVector.term(for: token) { terms.insert(term) }
        }
        return terms
    }
}
