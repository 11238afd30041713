#!/usr/bin/env python3
"""bench/gen_match.py — the generated jobs and resumes of bench/match.sh.

Usage:
    gen_match.py --jobs N --resumes M --seed S --out DIR [--professions]

Writes, deterministically (random.Random(seed), standard library only):
  DIR/mtb.csv       N board rows with the 20 MTB columns (JobID, Company, Position, ...);
  DIR/jobs.jsonl    one {"jobId", "description"} per row: a 150-400-word description with the
                    sections About / Requirements / Nice to have (years such as "3-5 years" or
                    "5+ years", education, remote/hybrid/onsite, skills of the role, some of them
                    written as aliases: k8s, JS, Postgres, ...);
  DIR/resumes/*.txt M plain-text resumes of 300-700 words: name, email at example.com, location,
                    summary, dated work history ("Jan 2018 – Present"), skills, education.
Jobs and resumes are spread over 15 professions that share little vocabulary (software, data,
devops, QA, nursing, accounting, sales, marketing, HR, warehouse/logistics, customer support,
project management, design, legal, mechanical engineering), so a ranking has a right answer.
With --professions, also DIR/professions.jsonl: one {"jobId", "profession", "title"} per job
(title without its seniority word) and one {"file", "profession", "titles"} per resume (the
titles of its work history, newest first, without Senior/Junior) — what the evaluation set of
scripts/eval/make_synthetic_set.py grades by. The other files are the same with or without it.
The same arguments always give byte-identical files.
"""

import argparse
import csv
import json
import os
import random

HEADER = [
    "JobID", "Company", "Position", "City", "State", "Country", "Salary", "Bonus", "Received",
    "Conditional Fee", "Internal", "Client Rating", "CAT", "Visa", "HR/HM", "CM", "Pipeline #",
    "Pipeline Candidates", "Notes", "Industry Segment",
]

# A skill is a tuple: its usual name first, then the other ways people write it.
PROFESSIONS = {
    "software": {
        "titles": ["Software Engineer", "Backend Engineer", "Frontend Engineer", "Full Stack Developer",
                   "Mobile Developer", "Platform Engineer"],
        "skills": [("Python",), ("Java",), ("JavaScript", "JS"), ("TypeScript", "TS"), ("Go", "Golang"),
                   ("React", "React.js"), ("Node.js", "Node"), ("PostgreSQL", "Postgres"), ("REST APIs",),
                   ("GraphQL",), ("Docker",), ("Kubernetes", "k8s"), ("AWS", "Amazon Web Services"),
                   ("C#", "C# .NET"), ("Redis",), ("microservices",), ("unit testing",), ("Git",)],
        "duties": ["design and build backend services that handle millions of requests a day",
                   "write clean, tested code and review pull requests from teammates",
                   "ship features end to end, from the API to the user interface",
                   "improve the latency and reliability of our core APIs",
                   "break a monolith into services with clear interfaces",
                   "own the on-call rotation for the services the team builds",
                   "work with product managers and designers to scope new features",
                   "profile slow code paths and fix memory leaks"],
        "team": ["Platform", "Payments", "Growth", "Core API", "Mobile"],
        "degree": ["B.S. in Computer Science", "B.S. in Software Engineering", "M.S. in Computer Science"],
        "industry": ["Technology", "FinTech", "SaaS", "E-commerce"],
    },
    "data": {
        "titles": ["Data Scientist", "Data Analyst", "Data Engineer", "Machine Learning Engineer",
                   "Analytics Engineer", "Business Intelligence Analyst"],
        "skills": [("SQL",), ("Python",), ("pandas",), ("scikit-learn", "sklearn"), ("TensorFlow",),
                   ("PyTorch",), ("Spark", "Apache Spark"), ("Airflow",), ("dbt",), ("Snowflake",),
                   ("Tableau",), ("Power BI", "PowerBI"), ("statistics",), ("A/B testing",),
                   ("machine learning", "ML"), ("data modeling",), ("BigQuery",), ("R",)],
        "duties": ["build dashboards that leadership reads every week",
                   "train and deploy machine learning models for churn and demand forecasting",
                   "design data pipelines that load terabytes into the warehouse",
                   "run experiments and explain the statistics to product teams",
                   "clean messy datasets and document the data model",
                   "define metrics and keep their definitions consistent across teams",
                   "turn ad hoc analyses into scheduled, tested jobs",
                   "present findings and recommendations to executives"],
        "team": ["Analytics", "Data Platform", "Insights", "Machine Learning"],
        "degree": ["B.S. in Statistics", "M.S. in Data Science", "B.S. in Mathematics", "Ph.D. in Economics"],
        "industry": ["Technology", "Retail", "Insurance", "Healthcare"],
    },
    "devops": {
        "titles": ["DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer", "Infrastructure Engineer",
                   "Systems Administrator"],
        "skills": [("Kubernetes", "k8s"), ("Terraform",), ("AWS", "Amazon Web Services"), ("Azure",),
                   ("GCP", "Google Cloud"), ("Docker",), ("Ansible",), ("Jenkins",), ("GitHub Actions",),
                   ("Prometheus",), ("Grafana",), ("Linux",), ("Bash",), ("Helm",), ("CI/CD",),
                   ("incident response",), ("networking",), ("observability",)],
        "duties": ["automate infrastructure with Terraform modules and code review",
                   "run Kubernetes clusters across three regions with zero-downtime upgrades",
                   "build CI/CD pipelines that deploy dozens of times a day",
                   "lead incident response and write blameless postmortems",
                   "cut cloud spend by right-sizing instances and storage",
                   "set up monitoring, alerting and service level objectives",
                   "harden Linux hosts and manage secrets and certificates",
                   "migrate workloads from data centers to the cloud"],
        "team": ["Infrastructure", "Reliability", "Cloud Operations", "Developer Productivity"],
        "degree": ["B.S. in Computer Science", "B.S. in Information Technology", "B.S. in Computer Engineering"],
        "industry": ["Technology", "SaaS", "Media", "FinTech"],
    },
    "qa": {
        "titles": ["QA Engineer", "Software Test Engineer", "QA Analyst", "Test Automation Engineer",
                   "SDET"],
        "skills": [("Selenium",), ("Cypress",), ("Playwright",), ("test automation",), ("manual testing",),
                   ("regression testing",), ("JIRA", "Jira"), ("TestRail",), ("API testing",), ("Postman",),
                   ("JUnit",), ("pytest",), ("performance testing",), ("JMeter",), ("test plans",),
                   ("Agile",), ("bug tracking",), ("Appium",)],
        "duties": ["write and maintain automated regression suites for web and mobile apps",
                   "plan test cycles and write test cases from user stories",
                   "report, triage and verify bugs with developers",
                   "run load and performance tests before each major release",
                   "test REST APIs and check contracts between services",
                   "keep the end-to-end suite fast and free of flaky tests",
                   "sign off releases and track quality metrics",
                   "coach developers on testability and test design"],
        "team": ["Quality", "Release", "Mobile QA", "Test Automation"],
        "degree": ["B.S. in Computer Science", "B.S. in Information Systems", "B.A. in Mathematics"],
        "industry": ["Technology", "Gaming", "E-commerce", "Healthcare IT"],
    },
    "nursing": {
        "titles": ["Registered Nurse", "ICU Nurse", "ER Nurse", "Nurse Practitioner", "Charge Nurse",
                   "Pediatric Nurse"],
        "skills": [("patient care",), ("BLS", "Basic Life Support"), ("ACLS",), ("medication administration",),
                   ("IV therapy",), ("Epic", "Epic EHR"), ("wound care",), ("triage",), ("patient education",),
                   ("telemetry",), ("critical care",), ("infection control",), ("care planning",),
                   ("PALS",), ("phlebotomy",), ("vital signs",), ("discharge planning",), ("HIPAA",)],
        "duties": ["assess patients, plan care and document it in the electronic health record",
                   "administer medications and IV therapy safely on a busy unit",
                   "triage patients arriving at the emergency department",
                   "educate patients and families about diagnoses and discharge plans",
                   "work with physicians, pharmacists and therapists on care plans",
                   "monitor telemetry and respond to changes in patient condition",
                   "precept new graduate nurses and students",
                   "follow infection control protocols and report incidents"],
        "team": ["Medical-Surgical", "Intensive Care", "Emergency", "Pediatrics", "Oncology"],
        "degree": ["BSN, Bachelor of Science in Nursing", "ADN, Associate Degree in Nursing", "MSN, Master of Science in Nursing"],
        "industry": ["Healthcare", "Hospital", "Home Health"],
    },
    "accounting": {
        "titles": ["Staff Accountant", "Senior Accountant", "Accounts Payable Specialist", "Financial Analyst",
                   "Controller", "Tax Accountant"],
        "skills": [("GAAP", "US GAAP"), ("month-end close",), ("reconciliations",), ("accounts payable", "AP"),
                   ("accounts receivable", "AR"), ("QuickBooks",), ("NetSuite",), ("SAP",), ("Excel", "Microsoft Excel"),
                   ("general ledger",), ("financial reporting",), ("audit",), ("tax preparation",),
                   ("budgeting",), ("forecasting",), ("CPA",), ("payroll",), ("variance analysis",)],
        "duties": ["own the month-end close and prepare journal entries",
                   "reconcile bank, balance sheet and intercompany accounts",
                   "prepare financial statements under GAAP",
                   "support the annual audit and answer auditor requests",
                   "process vendor invoices and payment runs",
                   "build budgets and forecasts with department heads",
                   "analyze variances between actuals and plan",
                   "prepare sales tax and income tax filings"],
        "team": ["Finance", "Accounting", "Tax", "FP&A"],
        "degree": ["B.S. in Accounting", "B.B.A. in Finance", "Master of Accountancy"],
        "industry": ["Financial Services", "Manufacturing", "Public Accounting", "Real Estate"],
    },
    "sales": {
        "titles": ["Account Executive", "Sales Development Representative", "Account Manager",
                   "Regional Sales Manager", "Inside Sales Representative"],
        "skills": [("Salesforce", "SFDC"), ("prospecting",), ("cold calling",), ("B2B sales",), ("negotiation",),
                   ("pipeline management",), ("quota attainment",), ("CRM",), ("HubSpot",), ("lead generation",),
                   ("account management",), ("SaaS sales",), ("closing",), ("territory planning",),
                   ("solution selling",), ("LinkedIn Sales Navigator",), ("contract negotiation",), ("upselling",)],
        "duties": ["prospect new accounts by phone, email and LinkedIn",
                   "run discovery calls and product demos for decision makers",
                   "manage a pipeline in Salesforce and forecast accurately",
                   "close new business and exceed quarterly quota",
                   "grow existing accounts through upselling and renewals",
                   "negotiate pricing and contract terms with procurement",
                   "plan territory coverage with the regional team",
                   "hand over closed deals to customer success"],
        "team": ["Sales", "Enterprise Sales", "Mid-Market", "Business Development"],
        "degree": ["B.A. in Business Administration", "B.A. in Communications", "B.S. in Marketing"],
        "industry": ["SaaS", "Manufacturing", "Telecommunications", "Medical Devices"],
    },
    "marketing": {
        "titles": ["Marketing Manager", "Digital Marketing Specialist", "Content Marketing Manager",
                   "SEO Specialist", "Product Marketing Manager", "Social Media Manager"],
        "skills": [("SEO", "search engine optimization"), ("SEM",), ("Google Analytics", "GA4"), ("Google Ads",),
                   ("content marketing",), ("email marketing",), ("HubSpot",), ("Marketo",), ("social media",),
                   ("copywriting",), ("campaign management",), ("marketing automation",), ("brand strategy",),
                   ("paid social",), ("conversion rate optimization", "CRO"), ("market research",),
                   ("product launches",), ("WordPress",)],
        "duties": ["plan and run multi-channel campaigns from brief to report",
                   "grow organic traffic through SEO and content",
                   "manage paid search and paid social budgets",
                   "write copy for landing pages, emails and ads",
                   "build nurture programs in the marketing automation platform",
                   "position new products and run launches with sales",
                   "report on funnel metrics and campaign return on investment",
                   "manage the brand voice across social channels"],
        "team": ["Marketing", "Growth Marketing", "Brand", "Demand Generation"],
        "degree": ["B.A. in Marketing", "B.A. in Communications", "B.A. in Journalism", "MBA"],
        "industry": ["Consumer Goods", "SaaS", "Retail", "Media"],
    },
    "hr": {
        "titles": ["HR Generalist", "Recruiter", "Talent Acquisition Specialist", "HR Business Partner",
                   "Benefits Administrator", "HR Manager"],
        "skills": [("recruiting",), ("onboarding",), ("employee relations",), ("Workday",), ("ADP",),
                   ("benefits administration",), ("HRIS",), ("compensation",), ("performance management",),
                   ("FMLA",), ("employment law",), ("sourcing",), ("interviewing",), ("applicant tracking systems", "ATS"),
                   ("SHRM-CP",), ("payroll",), ("policy development",), ("training and development",)],
        "duties": ["partner with managers on hiring plans and full-cycle recruiting",
                   "run onboarding for new hires and their first ninety days",
                   "investigate employee relations issues and document outcomes",
                   "administer benefits enrollment and leave of absence",
                   "keep the HRIS accurate and build headcount reports",
                   "run the performance review cycle and calibration",
                   "update the handbook and policies for compliance",
                   "source candidates and screen them by phone"],
        "team": ["People", "Human Resources", "Talent Acquisition", "People Operations"],
        "degree": ["B.A. in Human Resources", "B.S. in Psychology", "B.A. in Business Administration"],
        "industry": ["Healthcare", "Retail", "Manufacturing", "Technology"],
    },
    "logistics": {
        "titles": ["Warehouse Associate", "Forklift Operator", "Warehouse Supervisor", "Logistics Coordinator",
                   "Inventory Control Specialist", "Shipping and Receiving Clerk"],
        "skills": [("forklift", "forklift certified"), ("pallet jack",), ("inventory management",),
                   ("shipping and receiving",), ("order picking",), ("RF scanners",), ("WMS", "warehouse management system"),
                   ("OSHA",), ("cycle counts",), ("loading and unloading",), ("SAP",), ("freight",),
                   ("dispatch",), ("supply chain",), ("safety",), ("Lean",), ("reach truck",), ("packing",)],
        "duties": ["pick, pack and ship orders accurately against daily targets",
                   "operate forklifts and reach trucks safely in a busy warehouse",
                   "receive inbound freight and check it against purchase orders",
                   "run cycle counts and resolve inventory discrepancies",
                   "load and unload trailers and stage outbound shipments",
                   "schedule carriers and track shipments to delivery",
                   "train new associates on safety and standard work",
                   "keep the dock organized and follow OSHA rules"],
        "team": ["Fulfillment", "Distribution", "Operations", "Transportation"],
        "degree": ["High school diploma", "Associate degree in Supply Chain Management", "B.S. in Logistics"],
        "industry": ["Logistics", "Retail", "Manufacturing", "E-commerce"],
    },
    "support": {
        "titles": ["Customer Support Specialist", "Customer Service Representative", "Technical Support Specialist",
                   "Customer Success Manager", "Help Desk Technician", "Call Center Agent"],
        "skills": [("Zendesk",), ("customer service",), ("ticketing systems",), ("troubleshooting",),
                   ("live chat",), ("phone support",), ("Salesforce Service Cloud",), ("Intercom",),
                   ("de-escalation",), ("knowledge base",), ("SLA",), ("CSAT",), ("Freshdesk",),
                   ("product training",), ("bilingual Spanish",), ("technical support",), ("renewals",), ("onboarding",)],
        "duties": ["answer customer questions by phone, chat and email",
                   "troubleshoot account and technical issues and escalate bugs",
                   "meet response and resolution targets in our SLA",
                   "calm frustrated customers and turn them into fans",
                   "write and update knowledge base articles",
                   "onboard new customers and train them on the product",
                   "track customer satisfaction and share feedback with product",
                   "handle a high volume of tickets in Zendesk"],
        "team": ["Customer Support", "Customer Success", "Help Desk", "Client Services"],
        "degree": ["High school diploma", "Associate degree", "B.A. in Communications"],
        "industry": ["SaaS", "Telecommunications", "Retail", "Banking"],
    },
    "pm": {
        "titles": ["Project Manager", "Program Manager", "Scrum Master", "PMO Analyst", "Technical Project Manager"],
        "skills": [("PMP",), ("Agile",), ("Scrum",), ("Waterfall",), ("MS Project", "Microsoft Project"),
                   ("JIRA", "Jira"), ("risk management",), ("stakeholder management",), ("budget management",),
                   ("resource planning",), ("Smartsheet",), ("Kanban",), ("change management",),
                   ("status reporting",), ("Confluence",), ("vendor management",), ("scope management",), ("SAFe",)],
        "duties": ["plan projects, set milestones and keep schedules on track",
                   "run sprint planning, standups and retrospectives",
                   "manage risks, issues and dependencies across teams",
                   "report status and budget to executive sponsors",
                   "coordinate vendors and manage statements of work",
                   "manage scope changes through a formal change process",
                   "balance resources across a portfolio of projects",
                   "lead cross-functional teams through delivery"],
        "team": ["PMO", "Delivery", "Program Management", "Operations"],
        "degree": ["B.S. in Business Administration", "B.S. in Engineering", "MBA"],
        "industry": ["Consulting", "Construction", "Technology", "Government"],
    },
    "design": {
        "titles": ["Product Designer", "UX Designer", "UI Designer", "Graphic Designer", "UX Researcher",
                   "Visual Designer"],
        "skills": [("Figma",), ("Sketch",), ("Adobe Creative Suite", "Adobe CC"), ("Photoshop",), ("Illustrator",),
                   ("user research",), ("wireframing",), ("prototyping",), ("usability testing",),
                   ("design systems",), ("interaction design",), ("typography",), ("InDesign",),
                   ("accessibility", "a11y"), ("information architecture",), ("visual design",),
                   ("user journeys",), ("motion design",)],
        "duties": ["design flows, wireframes and high-fidelity screens in Figma",
                   "run usability tests and interviews and share what we learn",
                   "build and maintain our design system and component library",
                   "work with engineers to ship pixel-perfect interfaces",
                   "make accessible designs that meet WCAG guidelines",
                   "create brand assets, illustrations and layouts for print and web",
                   "map user journeys and find where people get stuck",
                   "present design rationale to stakeholders"],
        "team": ["Design", "User Experience", "Creative", "Brand Design"],
        "degree": ["B.F.A. in Graphic Design", "B.A. in Human-Computer Interaction", "B.F.A. in Interaction Design"],
        "industry": ["Technology", "Media", "Advertising", "E-commerce"],
    },
    "legal": {
        "titles": ["Paralegal", "Corporate Counsel", "Legal Assistant", "Contracts Manager", "Associate Attorney",
                   "Compliance Analyst"],
        "skills": [("contract drafting",), ("legal research",), ("Westlaw",), ("LexisNexis",), ("litigation",),
                   ("e-discovery",), ("compliance",), ("due diligence",), ("contract review",),
                   ("corporate governance",), ("regulatory",), ("NDAs",), ("intellectual property",),
                   ("bar admission",), ("document management",), ("depositions",), ("GDPR",), ("legal writing",)],
        "duties": ["draft and negotiate commercial contracts and NDAs",
                   "research case law and write legal memoranda",
                   "manage discovery and document productions in litigation",
                   "support mergers with due diligence and closing checklists",
                   "keep board minutes and corporate records current",
                   "monitor regulatory changes and update compliance policies",
                   "prepare exhibits and summaries for depositions and trial",
                   "advise business teams on legal risk"],
        "team": ["Legal", "Compliance", "Litigation", "Corporate"],
        "degree": ["J.D., Juris Doctor", "Paralegal Certificate", "B.A. in Political Science"],
        "industry": ["Legal Services", "Financial Services", "Insurance", "Government"],
    },
    "mechanical": {
        "titles": ["Mechanical Engineer", "Design Engineer", "Manufacturing Engineer", "HVAC Engineer",
                   "Product Development Engineer"],
        "skills": [("SolidWorks",), ("AutoCAD",), ("CAD",), ("GD&T",), ("FEA", "finite element analysis"),
                   ("ANSYS",), ("CATIA",), ("thermodynamics",), ("HVAC",), ("prototyping",), ("Six Sigma",),
                   ("DFM", "design for manufacturing"), ("MATLAB",), ("tolerance analysis",), ("root cause analysis",),
                   ("machining",), ("Creo",), ("PE license",)],
        "duties": ["design mechanical parts and assemblies in SolidWorks",
                   "run FEA and thermal analysis to validate designs",
                   "build prototypes and test them in the lab",
                   "release drawings with GD&T to suppliers",
                   "improve manufacturing yield with root cause analysis",
                   "design HVAC systems for commercial buildings",
                   "work with suppliers on tooling and first article inspection",
                   "reduce part cost through design for manufacturing"],
        "team": ["Engineering", "Product Development", "Manufacturing Engineering", "R&D"],
        "degree": ["B.S. in Mechanical Engineering", "M.S. in Mechanical Engineering", "B.S. in Manufacturing Engineering"],
        "industry": ["Manufacturing", "Aerospace", "Automotive", "Energy"],
    },
}
PROFESSION_KEYS = list(PROFESSIONS)

SENIORITY = [("Junior", 0, 2), ("", 2, 5), ("Senior", 5, 9), ("Lead", 7, 12), ("Principal", 10, 15),
             ("Associate", 1, 3)]
SENIORITY_WEIGHTS = [10, 40, 28, 10, 5, 7]

CITIES = [
    ("New York", "NY"), ("Brooklyn", "NY"), ("Buffalo", "NY"), ("Los Angeles", "CA"), ("San Francisco", "CA"),
    ("San Diego", "CA"), ("San Jose", "CA"), ("Sacramento", "CA"), ("Chicago", "IL"), ("Houston", "TX"),
    ("Austin", "TX"), ("Dallas", "TX"), ("San Antonio", "TX"), ("Phoenix", "AZ"), ("Philadelphia", "PA"),
    ("Pittsburgh", "PA"), ("Seattle", "WA"), ("Denver", "CO"), ("Boston", "MA"), ("Atlanta", "GA"),
    ("Miami", "FL"), ("Orlando", "FL"), ("Tampa", "FL"), ("Charlotte", "NC"), ("Raleigh", "NC"),
    ("Nashville", "TN"), ("Columbus", "OH"), ("Cleveland", "OH"), ("Detroit", "MI"), ("Minneapolis", "MN"),
    ("Portland", "OR"), ("Salt Lake City", "UT"), ("Las Vegas", "NV"), ("Kansas City", "MO"),
    ("St. Louis", "MO"), ("Indianapolis", "IN"), ("Milwaukee", "WI"), ("Baltimore", "MD"),
    ("Richmond", "VA"), ("Arlington", "VA"), ("Newark", "NJ"), ("Jersey City", "NJ"), ("Omaha", "NE"),
]
FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Maria",
         "Wei", "Priya", "Aisha", "Kwame", "Olga", "Hiroshi", "Fatima", "Diego", "Ngozi", "Rahul", "Sofia",
         "Mateo", "Chloe", "Ethan", "Amara", "Lucas", "Hannah", "Omar", "Grace", "Ivan", "Zoe", "Daniel"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Nguyen", "Kim", "Patel", "Shah", "Chen", "Okafor", "Ivanova", "Kowalski", "Sato", "Haddad"]
COMPANY_A = ["Atlas", "Summit", "Blue Ridge", "Harbor", "Pioneer", "Liberty", "Cedar", "Northwind", "Evergreen",
             "Redwood", "Silverline", "Granite", "Beacon", "Crescent", "Keystone", "Meridian", "Orchard",
             "Riverstone", "Sable", "Vertex", "Lakeside", "Ironclad", "Bright Path", "Copperleaf", "Skyline"]
COMPANY_B = ["Health", "Logistics", "Software", "Financial", "Manufacturing", "Labs", "Analytics", "Systems",
             "Partners", "Retail", "Medical", "Energy", "Legal Group", "Media", "Foods", "Robotics"]
COMPANY_C = ["Inc.", "LLC", "Corp", "Co.", "Group", ""]
INDUSTRY_OTHER = ["EdTech", "Pharma", "Hospitality", "Insurance", "Nonprofit", "Biotech", "Real Estate"]
SCHOOLS = ["University of Michigan", "Ohio State University", "Arizona State University", "Georgia Tech",
           "University of Texas at Austin", "Penn State", "Rutgers University", "University of Washington",
           "San Diego State University", "Northeastern University", "Purdue University", "CUNY Hunter College",
           "University of Florida", "Indiana University", "Portland Community College", "DePaul University"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORK_MODE = {
    "remote": ["This is a fully remote position open to candidates anywhere in the US.",
               "Remote: work from home with occasional travel to team offsites."],
    "hybrid": ["This is a hybrid role: three days a week in our {city} office.",
               "Hybrid schedule, two days in office in {city}."],
    "onsite": ["This position is onsite at our {city}, {state} location.",
               "On-site role in {city}; relocation assistance is available."],
}
ABOUT_GENERIC = [
    "We are a {size}-person company that has grown every year since it was founded.",
    "Our customers include hospitals, retailers and public agencies across North America.",
    "You will report to the {team} manager and work closely with a small, friendly team.",
    "We value clear communication, ownership and continuous improvement.",
    "Benefits include medical, dental and vision coverage, a 401(k) match and paid time off.",
    "We invest in training and pay for relevant certifications.",
    "The team is growing and this is a new headcount.",
    "We offer a competitive salary, an annual bonus and flexible hours.",
    "Our hiring process is short: a phone screen, a conversation with the team and an offer.",
    "We are an equal opportunity employer and welcome applicants from every background.",
    "New team members get a mentor and a structured first month.",
    "The role comes with a yearly learning budget and time for conferences.",
    "Most of the team has been here for more than five years, and we promote from within.",
    "Our offices are close to public transit, with parking on site.",
]
REQ_GENERIC = [
    "Excellent written and verbal communication skills.",
    "Strong attention to detail and the ability to manage several priorities.",
    "Ability to work independently and as part of a team.",
    "Comfortable in a fast-paced environment with changing priorities.",
    "Must be authorized to work in the United States.",
    "Strong problem-solving and organizational skills.",
    "A track record of meeting deadlines and following through on commitments.",
    "Willingness to learn new tools and share knowledge with others.",
    "Proficiency with standard office software and video calls.",
]
SUMMARY_GENERIC = [
    "Known for dependable work, clear communication and a calm approach under pressure.",
    "Enjoys mentoring colleagues and improving how the team works.",
    "Looking for a role with more ownership and room to grow.",
    "Comfortable working with people at every level of the organization.",
]
ACHIEVEMENTS = [
    "Recognized as employee of the quarter twice.",
    "Cut turnaround time by {pct}% by simplifying the process.",
    "Trained {n} new team members.",
    "Improved team results by {pct}% year over year.",
    "Led a project that saved ${k}k a year.",
    "Received a top rating in every annual review.",
]


def words(text):
    return len(text.split())


def skill_text(rng, skill):
    """A skill as someone writes it: usually its usual name, sometimes an alias."""
    if len(skill) > 1 and rng.random() < 0.35:
        return rng.choice(skill[1:])
    return skill[0]


def join_list(items):
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def company_names(rng, count):
    names = set()
    while len(names) < count:
        parts = [rng.choice(COMPANY_A), rng.choice(COMPANY_B), rng.choice(COMPANY_C)]
        names.add(" ".join(p for p in parts if p))
    return sorted(names)


def person(rng):
    return rng.choice(FIRST), rng.choice(LAST)


def salary_text(rng, years_low):
    base = 40000 + years_low * 9000 + rng.randrange(0, 40) * 1000
    top = base + rng.choice([10000, 15000, 20000, 30000])
    style = rng.random()
    if style < 0.45:
        return f"${base:,} - ${top:,}"
    if style < 0.70:
        return f"{base // 1000}k-{top // 1000}k"
    if style < 0.80:
        return f"${max(18, base // 2080)}/hr"
    if style < 0.90:
        return "DOE"
    return ""


def date_text(rng):
    year, month, day = rng.choice([2023, 2024, 2025]), rng.randrange(1, 13), rng.randrange(1, 29)
    style = rng.random()
    if style < 0.4:
        return f"{year}-{month:02d}-{day:02d}"
    if style < 0.8:
        return f"{month}/{day}/{year}"
    return f"{MONTHS[month - 1]} {day}, {year}"


def make_job(rng, job_id, companies, meta=None):
    """One board row and its description; when meta is a dict, the job's profession and title
    (without seniority) are put in it (nothing else changes: no extra draw from rng)."""
    key = rng.choice(PROFESSION_KEYS)
    prof = PROFESSIONS[key]
    level, years_low, years_high = rng.choices(SENIORITY, SENIORITY_WEIGHTS)[0]
    base_title = rng.choice(prof["titles"])
    position = f"{level} {base_title}".strip()
    if meta is not None:
        meta.update(profession=key, title=base_title)
    company = rng.choice(companies)
    city, state = rng.choice(CITIES)
    mode = rng.choices(["remote", "hybrid", "onsite"], [25, 35, 40])[0]
    team = rng.choice(prof["team"])

    skills = rng.sample(prof["skills"], rng.randint(6, 10))
    required, nice = skills[: max(3, len(skills) - 3)], skills[max(3, len(skills) - 3):]
    if years_low <= 2 and rng.random() < 0.5:
        years = f"{years_low}-{years_low + 2} years"
    elif rng.random() < 0.5:
        years = f"{years_low}+ years"
    else:
        years = f"{years_low}-{years_high} years"
    degree = rng.choice(prof["degree"])
    duties = rng.sample(prof["duties"], len(prof["duties"]))

    target = rng.randint(150, 400)
    about = [f"{company} is hiring a {position} to join the {team} team."]
    about.append(rng.choice(WORK_MODE[mode]).format(city=city, state=state))
    generic_about = rng.sample(ABOUT_GENERIC, len(ABOUT_GENERIC))
    reqs = [f"{years} of experience as a {base_title.lower()} or in a similar role.",
            f"{degree} or equivalent experience."]
    reqs += [f"Hands-on experience with {skill_text(rng, s)}." for s in required[:3]]
    if len(required) > 3:
        reqs.append(f"Working knowledge of {join_list([skill_text(rng, s) for s in required[3:]])}.")
    nice_lines = [f"Experience with {skill_text(rng, s)}." for s in nice]
    nice_lines.append(f"Background in the {rng.choice(prof['industry'])} industry.")
    generic_req = rng.sample(REQ_GENERIC, len(REQ_GENERIC))
    resp = []

    def render():
        parts = ["About the role", " ".join(about), ""]
        if resp:
            parts += ["What you will do"] + [f"- {line}" for line in resp] + [""]
        parts += ["Requirements"] + [f"- {line}" for line in reqs] + [""]
        parts += ["Nice to have"] + [f"- {line}" for line in nice_lines]
        return "\n".join(parts)

    # Grow the description towards its target length, role-specific lines first.
    growers = [lambda d=d: resp.append(d[0].upper() + d[1:] + ".") for d in duties]
    growers += [lambda g=g: about.append(g.format(size=rng.choice([40, 120, 350, 900, 2500]), team=team))
                for g in generic_about]
    growers += [lambda g=g: reqs.append(g) for g in generic_req]
    for grow in growers:
        if words(render()) >= target:
            break
        grow()
    description = render()
    while words(description) > 400 and len(resp) > 1:
        resp.pop()
        description = render()

    hr = " / ".join(" ".join(person(rng)) for _ in range(rng.choice([1, 1, 2]))) if rng.random() < 0.85 else ""
    pipeline = rng.choices([0, 1, 2, 3, 4, 5], [20, 25, 22, 15, 10, 8])[0]
    candidates = "; ".join(" ".join(person(rng)) for _ in range(min(pipeline, 3)))
    notes = rng.choice(["", "", "", "New headcount", "Backfill", "Client wants to move fast",
                        f"Interviewing {rng.randint(1, 4)} candidates", "On hold until next quarter",
                        f"Hiring manager prefers {skill_text(rng, skills[0])} experience"])
    row = {
        "JobID": job_id, "Company": company, "Position": position, "City": city, "State": state,
        "Country": "USA", "Salary": salary_text(rng, years_low),
        "Bonus": rng.choice(["", "", "10%", "15%", "$5,000", "$10,000"]), "Received": date_text(rng),
        "Conditional Fee": rng.choice(["20%", "25%", "20% / 90-day guarantee", "18%"]),
        "Internal": rng.choice(["Yes", "No", "No", "No"]),
        "Client Rating": rng.choice(["3", "3.5", "4", "4.5", "5"]), "CAT": rng.choice(["A", "B", "C", "Hot"]),
        "Visa": rng.choice(["Yes", "No", "H1B OK", "GC only"]), "HR/HM": hr, "CM": " ".join(person(rng)),
        "Pipeline #": str(pipeline), "Pipeline Candidates": candidates, "Notes": notes,
        "Industry Segment": rng.choice(prof["industry"] + INDUSTRY_OTHER[:2]),
    }
    return row, description


def month_year(month, year):
    return f"{MONTHS[month]} {year}"


def make_resume(rng, index, meta=None):
    """One plain-text resume; returns (file name, text). When meta is a dict, the resume's
    profession and its history's titles (without Senior/Junior) are put in it."""
    key = PROFESSION_KEYS[index % len(PROFESSION_KEYS)] if rng.random() < 0.8 else rng.choice(PROFESSION_KEYS)
    prof = PROFESSIONS[key]
    first, last = person(rng)
    city, state = rng.choice(CITIES)
    total_years = rng.randint(1, 16)
    title = rng.choice(prof["titles"])
    skills = rng.sample(prof["skills"], rng.randint(8, 13))
    # One resume in eight also shows some of a second trade (career changers, generalists).
    if rng.random() < 0.125:
        other = PROFESSIONS[rng.choice([k for k in PROFESSION_KEYS if k != key])]
        skills += rng.sample(other["skills"], 3)
    duties = prof["duties"]

    # Work history, newest first, back from Present.
    jobs = []
    end_year, end_month = 2026, None
    remaining = total_years
    count = 1 if total_years <= 2 else rng.randint(2, 4)
    for n in range(count):
        span = remaining if n == count - 1 else max(1, rng.randint(1, max(1, remaining - (count - n - 1))))
        remaining = max(0, remaining - span)
        start_year, start_month = (end_year - span), rng.randrange(12)
        end_text = "Present" if end_month is None else month_year(end_month, end_year)
        level = "Senior " if n == 0 and total_years >= 6 else ("Junior " if n == count - 1 and total_years >= 4 else "")
        base = title if n == 0 else rng.choice(prof["titles"])
        jobs.append({"title": (level + base).strip(), "base": base,
                     "company": " ".join(p for p in (rng.choice(COMPANY_A), rng.choice(COMPANY_B)) if p),
                     "place": "{}, {}".format(*rng.choice(CITIES)),
                     "dates": f"{month_year(start_month, start_year)} – {end_text}", "bullets": []})
        end_year, end_month = start_year, (start_month + 11) % 12
        if end_month == 11:
            end_year -= 1

    if meta is not None:
        meta.update(profession=key, titles=[job["base"] for job in jobs])
    target = rng.randint(300, min(700, 330 + 130 * count))
    summary = [f"{title} with {total_years} year{'s' if total_years != 1 else ''} of experience in "
               f"{rng.choice(prof['industry'])} settings, skilled in "
               f"{join_list([skill_text(rng, s) for s in skills[:3]])}."]
    extras = rng.sample(SUMMARY_GENERIC, len(SUMMARY_GENERIC))
    school = rng.choice(SCHOOLS)
    degree = rng.choice(prof["degree"])
    grad_year = 2026 - total_years - rng.randint(0, 2)
    certs = [s[0] for s in skills if s[0] in ("BLS", "ACLS", "PALS", "PMP", "CPA", "SHRM-CP", "PE license",
                                               "Six Sigma", "forklift")]

    def render():
        lines = [f"{first} {last}", f"{first.lower()}.{last.lower()}@example.com | (555) {index % 900 + 100:03d}-"
                                    f"{rng_phone:04d} | {city}, {state}", "", "SUMMARY", " ".join(summary), "",
                 "EXPERIENCE"]
        for job in jobs:
            lines += [f"{job['title']} — {job['company']}, {job['place']}", job["dates"]]
            lines += [f"• {b}" for b in job["bullets"]]
            lines.append("")
        lines += ["SKILLS", ", ".join(skill_text(skill_rng, s) for s in skills), "", "EDUCATION",
                  f"{degree}, {school}, {grad_year}"]
        if certs:
            lines += ["", "CERTIFICATIONS", ", ".join(certs)]
        return "\n".join(lines) + "\n"

    rng_phone = rng.randrange(10000)
    skill_seed = rng.random()
    skill_rng = random.Random(skill_seed)

    # Bullets: the role's duties with the skills used, and achievements, round robin over the
    # jobs, until the target length.
    templates = ["{Duty}, using {skill}.", "Helped the team {duty}.", "Used {skill} every day to {duty}.",
                 "{Duty} for a team of {n}.", "{Duty}; documented the process in {skill} guides."]
    achievements = rng.sample(ACHIEVEMENTS, len(ACHIEVEMENTS))
    step = 0
    while True:
        skill_rng = random.Random(skill_seed)
        if words(render()) >= target:
            break
        if step % 6 == 5 and extras:
            summary.append(extras.pop())
        elif step % 4 == 3 and achievements:
            jobs[step % len(jobs)]["bullets"].append(
                achievements.pop().format(pct=rng.randint(10, 45), n=rng.randint(3, 25), k=rng.randint(20, 400)))
        else:
            duty = rng.choice(duties)
            line = rng.choice(templates).format(Duty=duty[0].upper() + duty[1:], duty=duty,
                                                skill=skill_text(rng, rng.choice(skills)), n=rng.randint(3, 30))
            jobs[step % len(jobs)]["bullets"].append(line)
        step += 1
    skill_rng = random.Random(skill_seed)
    text = render()
    name = f"{index + 1:04d}-{first.lower()}-{last.lower()}.txt"
    return name, text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=10000)
    ap.add_argument("--resumes", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--professions", action="store_true", help="also write DIR/professions.jsonl")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    companies = company_names(random.Random(args.seed * 7919 + 1), 300)
    os.makedirs(os.path.join(args.out, "resumes"), exist_ok=True)
    sidecar = open(os.path.join(args.out, "professions.jsonl"), "w", encoding="utf-8") if args.professions else None

    with open(os.path.join(args.out, "mtb.csv"), "w", newline="", encoding="utf-8") as board, \
            open(os.path.join(args.out, "jobs.jsonl"), "w", encoding="utf-8") as descriptions:
        writer = csv.DictWriter(board, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        number = 100000
        for _ in range(args.jobs):
            number += rng.randint(1, 3)
            job_id = f"J-{number:06d}"
            meta = {} if sidecar else None
            row, description = make_job(rng, job_id, companies, meta)
            if sidecar:
                sidecar.write(json.dumps({"jobId": job_id, **meta}) + "\n")
            writer.writerow(row)
            descriptions.write(json.dumps({"jobId": job_id, "description": description}, ensure_ascii=False) + "\n")

    resume_rng = random.Random(args.seed * 104729 + 3)
    for index in range(args.resumes):
        meta = {} if sidecar else None
        name, text = make_resume(resume_rng, index, meta)
        if sidecar:
            sidecar.write(json.dumps({"file": name, **meta}) + "\n")
        with open(os.path.join(args.out, "resumes", name), "w", encoding="utf-8") as f:
            f.write(text)
    if sidecar:
        sidecar.close()


if __name__ == "__main__":
    main()
