import Foundation
import HireCore
import HireMatching

/// Hand-written resumes and job ads across professions, each resume with the job it plainly
/// fits (the labels), plus jobs that fit none of them.
enum Fixtures {
    /// 2025-06-15, the "now" of every profile here.
    static let now = Date(timeIntervalSince1970: 1_749_945_600)

    struct Labelled {
        var resumeId: String
        var resume: String
        var jobId: String
    }

    static let resumes: [Labelled] = [
        Labelled(resumeId: "R-dev", resume: softwareResume, jobId: "J-backend"),
        Labelled(resumeId: "R-nurse", resume: nurseResume, jobId: "J-icu-rn"),
        Labelled(resumeId: "R-acct", resume: accountantResume, jobId: "J-staff-acct"),
        Labelled(resumeId: "R-sales", resume: salesResume, jobId: "J-ae"),
        Labelled(resumeId: "R-wh", resume: warehouseResume, jobId: "J-forklift"),
    ]

    static func job(
        _ id: String, position: String, city: String, state: String, salary: String = "", visa: String = "",
        industry: String = ""
    ) -> Job {
        var job = Job(jobId: id)
        job.position = position
        job.city = city
        job.state = state
        job.country = "USA"
        job.salary = salary
        job.visa = visa
        job.industrySegment = industry
        job.company = "Client \(id)"
        return job
    }

    static let jobs: [(Job, String?)] = [
        (job("J-backend", position: "Senior Backend Engineer", city: "Austin", state: "TX", salary: "$150k-$180k", visa: "H1B OK", industry: "Software"), backendAd),
        (job("J-frontend", position: "Frontend Developer", city: "Austin", state: "TX", salary: "$110,000 - $130,000", industry: "Software"), frontendAd),
        (job("J-icu-rn", position: "Registered Nurse - ICU", city: "Houston", state: "TX", salary: "$45-$60/hr", visa: "No", industry: "Healthcare"), icuAd),
        (job("J-cna", position: "Certified Nursing Assistant", city: "Houston", state: "TX", salary: "$18/hr", industry: "Healthcare"), cnaAd),
        (job("J-staff-acct", position: "Staff Accountant", city: "Chicago", state: "IL", salary: "$70k-$85k", visa: "GC only", industry: "Finance"), accountantAd),
        (job("J-ae", position: "Account Executive, SaaS", city: "Denver", state: "CO", salary: "$80k base", industry: "Software"), salesAd),
        (job("J-forklift", position: "Forklift Operator", city: "Memphis", state: "TN", salary: "$19.50/hr", industry: "Logistics"), forkliftAd),
        (job("J-chef", position: "Line Cook", city: "Memphis", state: "TN", salary: "$16/hr", industry: "Hospitality"), cookAd),
        (job("J-no-text", position: "Payroll Specialist", city: "Chicago", state: "IL", salary: "$60k"), nil),
    ]

    static let softwareResume = """
        Jordan Avery
        Senior Software Engineer
        Austin, TX | jordan.avery@example.com | (512) 555-0147

        Summary
        Backend engineer with 8+ years of experience building distributed systems in Go and Python.

        Experience
        Senior Software Engineer — Lumen Cloud, Austin, TX
        Jan 2020 – Present
        • Built microservices in Go and Python running on Kubernetes (EKS) on AWS
        • Designed REST APIs and gRPC services backed by Postgres and Redis
        • Set up CI/CD with GitHub Actions and Terraform

        Software Engineer — Parcel Labs, Dallas, TX
        06/2016 - 12/2019
        • Developed Django services and Kafka pipelines; PostgreSQL tuning
        • Mentored two junior developers

        Education
        B.S. in Computer Science, University of Texas, 2012 - 2016

        Skills
        Go, Python, Kubernetes, Docker, AWS, PostgreSQL, Redis, Kafka, Terraform, gRPC, Linux
        Authorized to work in the US; no sponsorship required.
        """

    static let nurseResume = """
        MARIA LOPEZ, RN
        Houston, TX • maria.lopez@example.org • 713-555-0192

        Professional Summary
        Registered Nurse with 6 years of critical care experience in ICU and telemetry units.

        Licenses & Certifications
        RN License (Texas), BLS, ACLS, PALS

        Experience
        Registered Nurse, Intensive Care Unit — Memorial Hermann Hospital, Houston, TX
        March 2021 - Present
        - Provide direct patient care for 2-3 critically ill patients; ventilator management, titrating drips
        - Medication administration, IV therapy, wound care, patient education
        - Charting in Epic EHR

        Registered Nurse, Telemetry — St. Luke's Health, Houston, TX
        May 2019 - February 2021
        - Cardiac monitoring, telemetry, care planning and triage

        Education
        Bachelor of Science in Nursing (BSN), Texas Woman's University, 2019
        """

    static let accountantResume = """
        Priya Natarajan
        Chicago, IL | priya.n@example.com | +1 312 555 0110

        Staff Accountant with CPA eligibility and five years in public and corporate accounting.

        WORK EXPERIENCE
        Staff Accountant | Harbor Logistics | Chicago, IL | 2021 – Present
        • Own month-end close, journal entries and account reconciliations for 12 entities
        • Accounts payable and accounts receivable oversight; GAAP financial reporting
        • Built variance analysis in Excel (pivot tables, VLOOKUP); NetSuite ERP

        Junior Accountant | Lakeview CPA Group | Evanston, IL | 2019 – 2021
        • Bookkeeping in QuickBooks, payroll, sales tax filings, bank reconciliations

        EDUCATION
        Bachelor of Business Administration (BBA), Accounting — DePaul University

        Desired salary: $80,000
        """

    static let salesResume = """
        Marcus Reed
        Account Executive | B2B SaaS
        Denver, CO · marcus.reed@example.net · 303.555.0175

        Experience
        Account Executive, Brightline Software — Denver, CO (2020 - Present)
        Closed $1.4M in new ARR in 2023 (128% of quota). Full-cycle SaaS sales to mid-market,
        prospecting, cold calling, discovery, demos and negotiation. Salesforce and HubSpot daily.

        Sales Development Representative, Pipeline Co — Boulder, CO (2018 - 2020)
        Lead generation and outbound calls; booked 25 meetings a month.

        Education
        BA in Communications, University of Colorado
        """

    static let warehouseResume = """
        DeShawn Carter
        Memphis, TN
        901-555-0133

        Objective: Forklift operator position, full-time, first shift.

        Work History
        Forklift Operator - FedEx Ground Hub, Memphis, TN    2019 - Present
        Operate sit-down forklift and reach truck; loading and unloading trailers; RF scanner picking.
        Cycle counts and inventory control; OSHA safety compliance; zero incidents in 4 years.

        Warehouse Associate - Target Distribution Center, Memphis, TN    2016 - 2019
        Order picking, packing, shipping and receiving, pallet jack.

        Certifications: Forklift Certified (OSHA), 2019
        Education: High School Diploma, Whitehaven High School
        """

    static let backendAd = """
        About the role
        We are hiring a Senior Backend Engineer to build our payments platform in Austin, TX (hybrid).

        Responsibilities
        - Design and build services in Go
        - Own reliability of our Kubernetes clusters

        Requirements
        - 5+ years of professional software engineering experience
        - Strong Go or Python; PostgreSQL; Kubernetes and Docker
        - Experience with AWS
        - Bachelor's degree in Computer Science or equivalent

        Nice to have
        - Kafka, Terraform
        - gRPC experience is a plus

        Benefits
        Health insurance, 401(k) match, Excel-lent snacks.
        """

    static let frontendAd = """
        Frontend Developer (mid-level), full-time, onsite in Austin.

        What you'll need:
        - 2-4 years building web apps with React and TypeScript
        - HTML, CSS, JavaScript, REST APIs
        Bonus points: Next.js, Figma, Jest
        """

    static let icuAd = """
        Registered Nurse - ICU (Nights)
        Location: Houston, TX. Full-time, onsite.

        Qualifications
        - Active Texas RN license; BSN preferred
        - Minimum of two years of ICU or critical care experience
        - BLS and ACLS required
        - Epic charting experience preferred

        Responsibilities
        Deliver patient care to critically ill adults: medication administration, IV therapy, ventilator care.
        Pay: $45 - $60 per hour depending on experience.
        """

    static let cnaAd = """
        Certified Nursing Assistant (CNA) for long-term care.
        Requirements: current CNA certification, CPR; 1+ year of experience in long-term care.
        Assist residents with daily living activities, vital signs, and patient care.
        """

    static let accountantAd = """
        Staff Accountant — Chicago, IL (hybrid)

        What you'll do
        Month-end close, journal entries, account reconciliations, accounts payable.

        Requirements
        - Bachelor's degree in Accounting or Finance
        - 2-4 years of accounting experience
        - Strong Excel; US GAAP
        - ERP experience (NetSuite or SAP)

        Preferred
        - CPA or CPA candidate
        - QuickBooks
        """

    static let salesAd = """
        Account Executive (SaaS) — Denver, CO
        You will own the full sales cycle for mid-market accounts: prospecting, discovery, demos, negotiation and closing.

        Must have
        - 3+ years of B2B SaaS sales with a record of quota attainment
        - Salesforce CRM
        Nice to have: HubSpot, solution selling
        OTE $160k; base $80k.
        """

    static let forkliftAd = """
        Forklift Operator — 1st shift, Memphis, TN. Full-time.
        Requirements
        - Forklift certification (sit-down and reach truck)
        - 1+ years of warehouse experience
        - RF scanner, loading and unloading
        - Able to lift 50 lbs
        High school diploma or GED preferred.
        Pay $19.50/hr.
        """

    static let cookAd = """
        Line Cook for a busy downtown restaurant. Food preparation, food safety (ServSafe), grill and saute stations.
        Requirements: 1+ year of line cook experience. Weekends required.
        """
}
