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

    // MARK: Location

    /// A board row with only a country made every ad's location "USA", though the ad named its city.
    @Test func anAdsCityWinsOverABoardCountryAlone() {
        let ad = "Registered Nurse\nLocation: Tampa, FL\n\nRequirements\n- BLS\n"
        #expect(job(ad, country: "USA").location == "Tampa, FL")
        #expect(job("Requirements\n- BLS\n", country: "USA").location == "USA")
    }
}
