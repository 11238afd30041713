import HireCore

/// The texts the daemon indexes (``TermVector``) for matching.
public enum MatchText {
    /// A job's text: the position three times (a job is about its title above all), the
    /// industry segment, then the description. Company, people, pipeline notes and the other
    /// board columns stay out: they say nothing about the work.
    public static func job(_ job: Job, description: String?) -> String {
        var parts: [String] = []
        let position = job.position.trimmingSpaces
        if !position.isEmpty { parts += [position, position, position] }
        let industry = job.industrySegment.trimmingSpaces
        if !industry.isEmpty { parts.append(industry) }
        if let description = description?.trimmingSpaces, !description.isEmpty { parts.append(description) }
        return parts.joined(separator: "\n")
    }
}
