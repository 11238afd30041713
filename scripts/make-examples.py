#!/usr/bin/env python3
"""Writes the DOCX and PDF files of the demo data under examples/ (job descriptions and
resumes). The Markdown and text examples are written by hand and committed as they are.

    python3 scripts/make-examples.py

Standard library only (see docgen.py). Everyone in these files is fictional.
"""

import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docgen  # noqa: E402
from docgen import para, run, table, cell  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOBS = os.path.join(ROOT, "examples", "jobs")
RESUMES = os.path.join(ROOT, "examples", "resumes")


# MARK: - DOCX

def heading(text):
    return para(run(text, bold=True), style="Heading2")


def bullets(items):
    return "".join(para(item, numbered=True) for item in items)


def job_principal_data_engineer():
    body = "".join([
        para(run("Principal Data Engineer — Brightdynamics Partners", bold=True), style="Title"),
        para("Location: Fort Worth, TX (hybrid, 2 days on-site)\tType: Full-time (contract-to-hire considered)"),
        para("Salary: $173,000 – $208,000; contractors $95–110/hr, W2 preferred, C2C OK"),
        heading("About the role"),
        para("Brightdynamics runs the data platform behind trading and field operations for three regional "
             "energy producers. Sensor readings from 4,000 wells, market prices and maintenance records land "
             "in our lakehouse every few minutes. We need a principal data engineer to set the technical "
             "direction of the platform and lead a team of five engineers."),
        heading("Responsibilities"),
        bullets([
            "Design batch and streaming pipelines with Spark, Kafka and Airflow",
            "Own the data model in Snowflake and the dbt project (300+ models)",
            "Set standards for data quality, testing, lineage and cost",
            "Mentor engineers and review designs across the data team",
            "Work with trading analysts on near-real-time price and production feeds",
        ]),
        heading("Requirements"),
        bullets([
            "10+ years in data engineering or backend engineering, 3+ as a lead or principal",
            "Expert Python and SQL; Scala is a plus",
            "Apache Spark, Kafka and Airflow in production",
            "Snowflake or another cloud warehouse, and dbt",
            "AWS (S3, EMR or Glue, IAM)",
            "Bachelor's degree in Computer Science, Engineering or a related field",
        ]),
        heading("Nice to have"),
        bullets([
            "Energy, utilities or IoT time-series data",
            "MongoDB and a little React for internal tools",
            "Terraform and Kubernetes",
        ]),
        heading("Employment"),
        table([["Type", "Full-time employee (W2); contract-to-hire possible"],
               ["Work", "Hybrid: Tuesday and Wednesday in Fort Worth"],
               ["Visa", "No sponsorship"]]),
    ])
    docgen.write_docx(os.path.join(JOBS, "J-000311.docx"), body)


def job_staff_financial_analyst():
    body = "".join([
        para(run("Staff Financial Analyst — Sterling Solutions Inc.", bold=True), style="Title"),
        para("Los Angeles, CA · Hybrid (3 days in office) · Full-time · Up to $236,000 · Visa sponsorship available"),
        heading("About the role"),
        para("Sterling Solutions sells practice-management software to 2,300 healthcare clinics. Our FP&A team "
             "of seven builds the plan, the forecast and the numbers the executive team runs the company on. "
             "As staff financial analyst you will own the SaaS revenue model and partner with Sales and "
             "Customer Success leadership."),
        heading("What you'll do"),
        bullets([
            "Own the annual operating plan and quarterly reforecasts for ARR, bookings and churn",
            "Build and maintain driver-based financial models in Excel and Anaplan",
            "Prepare the monthly business review and board materials with the CFO",
            "Analyse unit economics: CAC, LTV, payback, net revenue retention",
            "Automate reporting with SQL and Tableau (or Power BI)",
        ]),
        heading("Requirements"),
        bullets([
            "8+ years in FP&A, corporate finance or investment banking",
            "SaaS metrics and subscription revenue modelling",
            "Advanced Excel financial modelling; SQL for pulling your own data",
            "Experience presenting to executives",
            "Bachelor's degree in Finance, Accounting or Economics; MBA or CFA a plus",
        ]),
        heading("Nice to have"),
        bullets(["Anaplan or Adaptive Insights", "Healthcare IT industry", "Jira for planning requests"]),
    ])
    docgen.write_docx(os.path.join(JOBS, "J-000141.docx"), body)


def resume_ana_lopez():
    """Senior backend engineer: fits J-000202 closely. Name and contact live in the header."""
    header = para(run("Ana López", bold=True), "\tSioux Falls, SD · ana.lopez@example.com · (555) 010-2030")
    body = "".join([
        heading("Summary"),
        para("Backend engineer with 8 years of experience building healthcare scheduling and claims systems in "
             "Go and Java. Comfortable owning PostgreSQL performance, running services on k8s in AWS, and "
             "mentoring engineers."),
        heading("Experience"),
        para(run("Senior Software Engineer, Prairie Health Systems", bold=True), "\tJan 2020 – Present"),
        bullets([
            "Lead engineer for the appointment scheduling API (Go, gRPC, Postgres), 3M requests a day",
            "Moved 14 services from EC2 to Kubernetes (EKS) with Helm and Terraform",
            "Built HL7 v2 and FHIR R4 integrations with four EHR vendors",
            "Cut p95 latency of eligibility checks from 900 ms to 180 ms with query tuning and caching",
            "Mentor to three engineers; on-call lead",
        ]),
        para(run("Software Engineer, ClaimPoint", bold=True), "\tJun 2016 – Dec 2019"),
        bullets([
            "Java 8/11 and Spring Boot services for claims adjudication",
            "Kafka event pipeline for claim status updates",
            "HIPAA audit logging and access controls",
        ]),
        heading("Skills"),
        table([["Languages", "Go, Java, SQL, Python"],
               ["Data", "PostgreSQL, Redis, Kafka"],
               ["Platform", "AWS, k8s, Docker, Terraform, GitHub Actions"],
               ["Domain", "HL7, FHIR, HIPAA"]]),
        heading("Education"),
        para("B.S. Computer Science, South Dakota State University, 2016"),
    ])
    docgen.write_docx(os.path.join(RESUMES, "ana-lopez.docx"), body, headers=[header])


def resume_rachel_goldberg():
    """FP&A: fits J-000141; partly J-000131 (accounting, but no CPA). A two-cell layout table."""
    left = cell(
        para(run("Rachel Goldberg", bold=True)),
        para("Los Angeles, CA"),
        para("rachel.goldberg@example.com"),
        para("(555) 014-7781"),
        para(""),
        para(run("Skills", bold=True)),
        para("Financial modelling"),
        para("Excel (advanced), Anaplan"),
        para("SQL, Tableau, Power BI"),
        para("SaaS metrics: ARR, NRR, CAC, LTV"),
        para("Budgeting and forecasting"),
        para(""),
        para(run("Education", bold=True)),
        para("MBA, UCLA Anderson, 2015"),
        para("B.A. Economics, UC San Diego, 2010"),
        para("CFA Level II candidate"),
        width=3200)
    right = cell(
        para(run("Summary", bold=True)),
        para("FP&A lead with 12 years in corporate finance, the last 7 in SaaS. Builds the plans and models "
             "executives use, and the reporting that keeps them honest."),
        para(""),
        para(run("Experience", bold=True)),
        para(run("Senior Manager, FP&A — CareCloud Apps", bold=True)),
        para("Mar 2019 – Present"),
        para("Owned the ARR and bookings forecast for a $180M subscription business."),
        para("Rebuilt the operating model in Anaplan; reforecast time went from 3 weeks to 5 days."),
        para("Prepared board decks and the monthly business review with the CFO."),
        para(run("Senior Financial Analyst — Brightline Software", bold=True)),
        para("Jul 2015 – Feb 2019"),
        para("Unit economics and pricing analysis; SQL and Tableau reporting for Sales leadership."),
        para(run("Financial Analyst — Pacific Retail Group", bold=True)),
        para("Aug 2010 – Jun 2013"),
        para("Store budgets, variance analysis and month-end reporting."),
        width=6200)
    body = table([[left, right]])
    docgen.write_docx(os.path.join(RESUMES, "rachel-goldberg.docx"), body)


def resume_luis_herrera():
    """Principal accountant candidate: fits J-000131 closely."""
    body = "".join([
        para(run("Luis Herrera, CPA", bold=True), style="Title"),
        para("Miami, FL · luis.herrera@example.com · 555-016-2290"),
        heading("Profile"),
        para("CPA with 10 years of accounting experience, four at a Big Four firm. Leads month-end close for "
             "multi-location retail, with a focus on ASC 606, ASC 842 and SOX controls. Bilingual English and "
             "Spanish."),
        heading("Experience"),
        para(run("Accounting Manager, Coastal Outfitters (120 stores)", bold=True), "\tApr 2019 – Present"),
        bullets([
            "Lead a close team of three; close shortened from 10 to 6 business days",
            "Implemented ASC 842 for 140 store leases in NetSuite",
            "Owner of SOX 404 controls for revenue, inventory and leases",
            "Main contact for external auditors (KPMG)",
        ]),
        para(run("Senior Associate, Audit & Assurance, Deloitte", bold=True), "\tSep 2015 – Mar 2019"),
        bullets([
            "Audits of retail and consumer-goods clients up to $2B revenue",
            "Revenue recognition testing under ASC 606 adoption",
        ]),
        para(run("Staff Accountant, Sunshine Grocers", bold=True), "\tJun 2014 – Aug 2015"),
        bullets(["Reconciliations, accruals and inventory cost of goods sold"]),
        heading("Skills"),
        para("US GAAP · ASC 606 · ASC 842 · SOX · NetSuite · SAP · Excel (XLOOKUP, Power Query, pivot tables) · "
             "Inventory accounting · Spanish"),
        heading("Education and licences"),
        para("B.S. Accounting, Florida International University, 2014"),
        para("Certified Public Accountant, Florida, 2016"),
    ])
    docgen.write_docx(os.path.join(RESUMES, "luis-herrera.docx"), body)


# MARK: - PDF

class Flow:
    """Text laid out top to bottom in a column, wrapping at `width` points, new pages as
    needed. Widths are estimated (Helvetica averages about half an em per character)."""

    def __init__(self, pages, x, width, top=740, bottom=60):
        self.pages, self.x, self.width, self.top, self.bottom = pages, x, width, top, bottom
        self.page_index = 0
        self.y = top
        if not pages:
            pages.append(docgen.Page())

    def _line(self, text, size, bold=False):
        if self.y < self.bottom:
            self.page_index += 1
            if self.page_index == len(self.pages):
                self.pages.append(docgen.Page())
            self.y = self.top
        self.pages[self.page_index].text(self.x, self.y, text, size=size, bold=bold)
        self.y -= round(size * 1.25)

    def text(self, text, size=10, bold=False, indent=""):
        columns = max(20, int(self.width / (size * 0.5)))
        lines = textwrap.wrap(text, columns - len(indent)) or [""]
        for number, line in enumerate(lines):
            self._line((indent if number == 0 else " " * len(indent)) + line, size, bold)

    def heading(self, text, size=12):
        self.y -= 6
        self.text(text, size=size, bold=True)

    def bullet(self, text, size=10):
        self.text(text, size=size, indent="• ")

    def gap(self, points=6):
        self.y -= points


def resume_marcus_chen():
    """Principal data engineer, two columns: fits J-000311 closely."""
    pages = []
    top = Flow(pages, 40, 530)
    top.text("Marcus Chen", size=20, bold=True)
    top.text("Principal Data Engineer", size=12)
    left = Flow(pages, 40, 160, top=top.y - 10)
    right = Flow(pages, 230, 340, top=top.y - 10)
    left.heading("Contact", size=11)
    for line in ["Fort Worth, TX", "marcus.chen@example.com", "(555) 012-3390", "linkedin.com/in/example-mchen"]:
        left.text(line, size=9)
    left.heading("Skills", size=11)
    for line in ["Python, SQL, Scala", "Apache Spark, PySpark", "Kafka, Flink", "Airflow, dbt",
                 "Snowflake, Redshift", "AWS: S3, EMR, Glue", "Terraform, Docker, k8s", "Great Expectations"]:
        left.text(line, size=9)
    left.heading("Education", size=11)
    for line in ["M.S. Computer Science", "Texas A&M University, 2011", "B.S. Electrical", "Engineering, 2009"]:
        left.text(line, size=9)
    right.heading("Summary", size=11)
    right.text("Data engineer with 13 years of experience, the last five leading platform teams in energy "
               "and logistics. Builds streaming and batch pipelines that analysts trust, and the standards "
               "that keep them cheap and correct.", size=9)
    right.heading("Experience", size=11)
    right.text("Lead Data Engineer, Permian Analytics", size=9, bold=True)
    right.text("Feb 2019 – Present", size=9)
    for item in ["Leads a team of six building the sensor data platform for 3,000 wells",
                 "Kafka and Spark Structured Streaming into Snowflake, 2 TB a day",
                 "Introduced dbt (250 models) with tests and lineage; cut warehouse cost 35%",
                 "Airflow orchestration for 400 daily jobs"]:
        right.bullet(item, size=9)
    right.gap()
    right.text("Senior Data Engineer, FreightLine Logistics", size=9, bold=True)
    right.text("Jul 2014 – Jan 2019", size=9)
    for item in ["Hadoop to Spark on EMR migration", "Real-time shipment tracking pipeline in Scala",
                 "Data quality checks with Great Expectations"]:
        right.bullet(item, size=9)
    right.gap()
    right.text("Software Engineer, Lone Star Energy", size=9, bold=True)
    right.text("Jun 2011 – Jun 2014", size=9)
    right.bullet("ETL in Python and SQL Server for trading reports", size=9)
    docgen.write_pdf(os.path.join(RESUMES, "marcus-chen.pdf"), pages, title="Marcus Chen")


def resume_priya_raman():
    """SRE: fits J-000201 closely; partly J-000202 (backend)."""
    pages = []
    flow = Flow(pages, 60, 490)
    flow.text("Priya Raman", size=20, bold=True)
    flow.text("San Jose, CA · priya.raman@example.com · (555) 011-8420 · H-1B (transfer)", size=10)
    flow.heading("Summary")
    flow.text("Site reliability engineer with 6 years running Kubernetes platforms for high-traffic consumer "
              "apps. Happiest turning pages into dashboards and dashboards into automation.")
    flow.heading("Experience")
    flow.text("Senior Site Reliability Engineer, PixelForge Games", bold=True)
    flow.text("Mar 2021 – Present")
    for item in ["Runs GKE clusters in three regions for a live game with 600k concurrent players",
                 "Terraform for all GCP infrastructure; Argo CD and Helm for deployments",
                 "Defined SLOs with eight service teams; Prometheus, Grafana and PagerDuty alerting",
                 "Incident commander for launch events; wrote the post-mortem template",
                 "Go tooling that automated node pool upgrades"]:
        flow.bullet(item)
    flow.gap()
    flow.text("DevOps Engineer, StreamCart", bold=True)
    flow.text("Aug 2018 – Feb 2021")
    for item in ["Moved services from VMs to k8s on AWS (EKS)", "Jenkins to GitHub Actions migration",
                 "Redis and PostgreSQL operations, backups and failover drills"]:
        flow.bullet(item)
    flow.heading("Skills")
    flow.text("Kubernetes (CKA), GKE, EKS, Terraform, Helm, Argo CD, Prometheus, Grafana, PagerDuty, "
              "GCP, AWS, Linux, Go, Python, Bash, Redis, PostgreSQL, chaos engineering")
    flow.heading("Education")
    flow.text("B.Tech. Computer Science, Anna University, 2018")
    docgen.write_pdf(os.path.join(RESUMES, "priya-raman.pdf"), pages, title="Priya Raman")


def resume_tom_becker():
    """Technical writer with a year of experience: fits J-000221; partly J-000237 (some JS)."""
    pages = []
    flow = Flow(pages, 60, 490)
    flow.text("Tom Becker", size=20, bold=True)
    flow.text("Madison, WI · tom.becker@example.com · 555-017-6604", size=10)
    flow.heading("Summary")
    flow.text("Technical writer with one year of experience documenting APIs and developer tools, and a "
              "journalism background. Writes docs as code in Markdown and Git.")
    flow.heading("Experience")
    flow.text("Technical Writer, Badger Cloud Tools", bold=True)
    flow.text("Jun 2024 – Present")
    for item in ["Documented 60 REST API endpoints from OpenAPI specs, with curl and JavaScript samples",
                 "Moved the docs site to Docusaurus; set up Vale with the Google developer style guide",
                 "Release notes for every two-week release"]:
        flow.bullet(item)
    flow.gap()
    flow.text("Documentation Intern, OpenMaps Foundation (open source)", bold=True)
    flow.text("Jan 2024 – May 2024")
    flow.bullet("Rewrote the getting-started tutorial; MkDocs and GitHub pull requests")
    flow.gap()
    flow.text("Reporter, The Daily Cardinal (student newspaper)", bold=True)
    flow.text("Sep 2020 – May 2023")
    flow.bullet("Covered technology and campus news; video editing for the web edition")
    flow.heading("Skills")
    flow.text("Technical writing, Markdown, Git, Docusaurus, MkDocs, OpenAPI, Postman, curl, JSON, "
              "basic JavaScript and Python, HTML/CSS, video editing")
    flow.heading("Education")
    flow.text("B.A. Journalism and Mass Communication, University of Wisconsin–Madison, 2023")
    docgen.write_pdf(os.path.join(RESUMES, "tom-becker.pdf"), pages, title="Tom Becker")


def main():
    os.makedirs(JOBS, exist_ok=True)
    os.makedirs(RESUMES, exist_ok=True)
    job_principal_data_engineer()
    job_staff_financial_analyst()
    resume_ana_lopez()
    resume_rachel_goldberg()
    resume_luis_herrera()
    resume_marcus_chen()
    resume_priya_raman()
    resume_tom_becker()
    print("wrote examples/jobs/*.docx and examples/resumes/*.{docx,pdf}")


if __name__ == "__main__":
    main()
