import Foundation
import HireCore
import HireMatching
import Testing

/// The extraction defects of issue 11 ("Extraction precision"), each as the smallest text that
/// showed it; eval/extraction measures the same on whole ads and resumes.
@Suite struct ExtractionPrecisionTests {
    func job(_ text: String, position: String = "", company: String = "", country: String = "") -> JobProfile {
        var job = Job(jobId: "J-1")
        job.position = position
        job.company = company
        job.country = country
        return JobProfiler.profile(description: text, job: job)
    }

    func resume(_ text: String) -> ResumeProfile { ResumeProfiler.profile(text: text, now: Fixtures.now) }

    // MARK: Years

    /// "Present" ran to the clock (June 2025 here), so a resume last updated in January 2021
    /// gained four and a half years it never claimed.
    @Test func presentEndsAtTheDocumentsOwnDate() {
        let text = "Experience\nSoftware Engineer, Acme\nJan 2020 – Present\n\nLast updated: January 2021\n"
        #expect(resume(text).yearsExperience == 1.1)
        // A date later than the clock is no document date: the clock ends the range.
        let future = "Experience\nSoftware Engineer, Acme\nJan 2020 – Present\n\nUpdated: March 2031\n"
        #expect(resume(future).yearsExperience == 5.5)
    }

    /// A teacher's employer, "East Side High School", made the line schooling and its dates uncounted.
    @Test func aSchoolIsATeachersEmployer() {
        let text = "Teaching Experience\nMath Teacher, East Side High School, Newark, NJ — September 2019 – June 2024\n"
        #expect(resume(text).yearsExperience == 4.8)
        #expect(resume("Education\nWhetstone High School, 2004 - 2008\nExperience\nClerk, Acme, 2010 - 2012\n").yearsExperience == 2)
    }

    // MARK: Location

    /// A board row with only a country made every ad's location "USA", though the ad named its city.
    @Test func anAdsCityWinsOverABoardCountryAlone() {
        let ad = "Registered Nurse\nLocation: Tampa, FL\n\nRequirements\n- BLS\n"
        #expect(job(ad, country: "USA").location == "Tampa, FL")
        #expect(job("Requirements\n- BLS\n", country: "USA").location == "USA")
        // A one-paragraph ad names its place in a sentence, and ends it with a full stop.
        let prose = "We are hiring a nurse for our 24-bed intensive care unit at the new north campus in Sacramento, California. Pay: $50/hr."
        #expect(job(prose, country: "USA").location == "Sacramento, CA")
        #expect(job("Location: Phoenix, AZ. Benefits: medical, dental.", country: "USA").location == "Phoenix, AZ")
    }

    /// A one-paragraph resume (a DOCX without line breaks) lost its place: its one line was too
    /// long to be read as a contact line.
    @Test func aOneParagraphResumeKeepsItsPlace() {
        let text = "Priya Raman — Senior Java Engineer — Chicago, IL — priya@example.com. Senior Java Engineer with 9 years "
            + "of experience building payment systems with Java, Spring Boot and Kafka. Master of Science, DePaul University."
        #expect(resume(text).location == "Chicago, IL")
        #expect(resume("Aisha Bello is a preschool teacher in Madison, WI with six years of experience in child care.").location == "Madison, WI")
        #expect(resume("Olivia Brandt\nAccount Executive\nRemote (Austin, TX)\n").location == "Austin, TX")
    }
}
