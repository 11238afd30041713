/// The hand-kept alias table (see docs/taxonomy.md).
///
/// One skill a line: its canonical name, then `|`-separated aliases (any case; matched as
/// words, plurals folded). The canonical name is an alias of itself. An alias written `~go` is
/// an ordinary word too: it counts only where it reads as a skill (capitalised mid-sentence,
/// in a list of skills, or next to another skill); `Python, Go` is Go, "go to market" is not.
/// A line's canonical name also names every generated entry that spells it the same way, so
/// `PostgreSQL` (not `Postgresql`) is how the gazetteer's `postgresql` is shown.
enum Aliases {
    static let table = #"""
    JavaScript | js | javascript | java script | ecmascript | es6 | es2015 | vanilla js
    TypeScript | ts | typescript
    Node.js | node | nodejs | node.js | node js
    React | reactjs | react.js | react js
    React Native | react native | react-native
    Angular | angularjs | angular.js | angular js | angular 2
    Vue.js | vue | vuejs | vue.js | vue js
    Next.js | nextjs | next.js
    Express.js | expressjs | express.js
    jQuery | jquery
    HTML | html5 | html 5
    CSS | css3 | css 3
    Sass | scss | sass
    Tailwind CSS | tailwind | tailwindcss
    Python | python3 | python 3
    Django | django rest framework | drf
    Flask | flask
    FastAPI | fastapi | fast api
    Pandas | pandas
    NumPy | numpy
    scikit-learn | sklearn | scikit learn | scikit-learn
    TensorFlow | tensorflow
    PyTorch | pytorch | ~torch
    Java | java 8 | java 11 | java 17 | core java | j2ee | java ee | jee
    Spring Boot | spring boot | springboot | spring-boot
    Spring | ~spring | spring framework | spring mvc
    Hibernate | hibernate | jpa
    Kotlin | kotlin
    Scala | scala
    Go | ~go | golang | go lang | go language
    Rust | ~rust | rustlang
    C | ~c | ansi c | c language | c programming
    C++ | c++ | cpp | c plus plus
    C# | c# | csharp | c sharp | c-sharp
    .NET | .net | dotnet | dot net | .net framework | .net core | asp.net | asp.net core | asp.net mvc | .net 6 | .net 8
    F# | f# | fsharp
    Visual Basic | vb | vb.net | vba | visual basic
    Ruby | ~ruby
    Ruby on Rails | rails | ruby on rails | ror
    PHP | php | php7 | php 8
    Laravel | laravel
    Swift | ~swift
    SwiftUI | swiftui | swift ui
    UIKit | uikit
    XCTest | xctest
    SaaS | saas | software as a service
    Objective-C | objective-c | objective c | objc | obj-c
    iOS | ios | ios development
    Android | android | android sdk | android development
    Flutter | flutter
    Dart | ~dart
    R | ~r | r programming | r language | rstudio
    MATLAB | matlab
    Perl | perl
    Shell Scripting | bash | shell scripting | shell script | bash scripting | zsh | sh scripting
    PowerShell | powershell | power shell
    SQL | sql | t-sql | tsql | pl/sql | plsql | ansi sql
    PostgreSQL | postgres | postgresql | psql | postgre sql | pg sql
    MySQL | mysql | my sql | mariadb
    Microsoft SQL Server | sql server | mssql | ms sql | ms sql server | microsoft sql server
    Oracle Database | oracle db | oracle database | oracle 19c | oracle 12c
    SQLite | sqlite
    MongoDB | mongo | mongodb | mongo db
    Redis | redis
    Cassandra | cassandra | apache cassandra
    Elasticsearch | elasticsearch | elastic search | elk | elk stack | opensearch
    DynamoDB | dynamodb | dynamo db
    Snowflake | snowflake
    BigQuery | bigquery | big query
    Apache Kafka | kafka | apache kafka
    RabbitMQ | rabbitmq | rabbit mq
    Apache Spark | ~spark | pyspark | apache spark | spark sql
    Hadoop | hadoop | hdfs | mapreduce
    Airflow | airflow | apache airflow
    dbt | dbt | data build tool
    ETL | etl | elt | etl pipelines | data pipelines
    Amazon Web Services | aws | amazon web services | amazon aws
    Amazon EC2 | ec2 | amazon ec2 | aws ec2
    Amazon S3 | s3 | amazon s3 | aws s3
    AWS Lambda | ~lambda | aws lambda
    Amazon RDS | rds | amazon rds | aws rds
    Google Cloud Platform | gcp | google cloud | google cloud platform
    Microsoft Azure | azure | ms azure | microsoft azure | azure cloud
    Kubernetes | k8s | kubernetes | kube | eks | aks | gke | openshift
    Docker | docker | containerization | docker compose | dockerfile
    Terraform | terraform | hcl
    Ansible | ansible
    Jenkins | jenkins
    GitHub Actions | github actions | gh actions
    GitLab CI | gitlab ci | gitlab-ci | gitlab ci/cd
    CI/CD | ci/cd | cicd | ci cd | continuous integration | continuous delivery | continuous deployment
    Git | git | github | gitlab | bitbucket | version control
    Linux | linux | unix | ubuntu | centos | red hat linux | rhel | debian
    DevOps | devops | dev ops
    Site Reliability Engineering | sre | site reliability | site reliability engineering
    Microservices | microservices | micro services | microservice architecture
    REST APIs | ~rest | restful | rest api | restful api | restful services | rest services
    GraphQL | graphql
    gRPC | grpc
    Machine Learning | ~ml | machine learning | machine-learning
    Deep Learning | deep learning | neural networks
    Natural Language Processing | nlp | natural language processing
    Computer Vision | computer vision | cv models | opencv
    Artificial Intelligence | ai | artificial intelligence
    Large Language Models | llm | llms | large language models | genai | generative ai
    Data Science | data science
    Data Analysis | data analysis | data analytics | analytics
    Data Engineering | data engineering
    Statistics | statistics | statistical analysis | statistical modeling
    Tableau | tableau
    Power BI | power bi | powerbi | pbi
    Looker | looker
    Business Intelligence | bi | business intelligence
    Microsoft Excel | ~excel | ms excel | microsoft excel | excel spreadsheets | advanced excel | vlookup | pivot tables | xlookup
    Microsoft Word | ~word | ms word | microsoft word
    Microsoft PowerPoint | powerpoint | ms powerpoint | power point
    Microsoft Outlook | outlook | ms outlook
    Microsoft Access | ~access | ms access | microsoft access
    Microsoft Office | ms office | microsoft office | office 365 | microsoft 365 | o365 | ms office suite
    Google Workspace | g suite | gsuite | google workspace | google docs | google sheets
    SharePoint | sharepoint
    Salesforce | salesforce | sfdc | salesforce.com | salesforce crm
    HubSpot | hubspot
    CRM | crm | crm software | customer relationship management
    SAP | sap | sap erp | sap s/4hana | s/4hana | sap fico | sap fi/co | sap mm | sap sd
    Oracle ERP | oracle financials | oracle ebs | oracle erp | oracle fusion
    NetSuite | netsuite | oracle netsuite | netsuite erp
    Microsoft Dynamics | dynamics 365 | microsoft dynamics | dynamics gp | dynamics ax | navision
    ERP | erp | erp systems | enterprise resource planning
    QuickBooks | quickbooks | quick books | qbo | quickbooks online
    Xero | xero
    Sage | sage 50 | sage intacct | sage accounting
    Jira | jira | atlassian jira
    Confluence | confluence
    Agile | agile | agile methodology | agile methodologies
    Scrum | scrum | scrum master | sprint planning
    Kanban | kanban
    Project Management | project management | ~pm | project planning | project coordination
    PMP | pmp | project management professional
    Product Management | product management | product manager
    Quality Assurance | qa | quality assurance | software testing | manual testing
    Test Automation | test automation | automated testing | automation testing
    Selenium | selenium | selenium webdriver
    Cypress | cypress
    Jest | jest
    JUnit | junit
    Unit Testing | unit testing | unit tests | tdd | test-driven development | test driven development
    UX Design | ux | user experience | ux design | ux/ui | ui/ux
    UI Design | ui | ui design | user interface design
    Figma | figma
    Adobe Photoshop | photoshop | adobe photoshop
    Adobe Illustrator | illustrator | adobe illustrator
    Adobe Creative Suite | adobe creative suite | adobe creative cloud | adobe cc
    AutoCAD | autocad | auto cad
    SolidWorks | solidworks | solid works
    Cybersecurity | cybersecurity | cyber security | information security | infosec | it security
    Networking | networking | tcp/ip | network administration | lan/wan | cisco networking
    Active Directory | active directory | ad ds | azure ad | entra id
    Help Desk | help desk | helpdesk | service desk | desktop support | technical support | it support
    ServiceNow | servicenow | service now
    ITIL | itil
    Nginx | nginx
    Apache HTTP Server | apache http | apache httpd | apache web server
    Prometheus | prometheus
    Grafana | grafana
    Datadog | datadog
    Splunk | splunk
    Object-Oriented Programming | oop | ooad | object oriented programming | object-oriented programming | object oriented design
    Computer Science | computer science | cs degree | computer sciences
    Data Structures | data structures | algorithms | data structures and algorithms | dsa
    System Design | system design | distributed systems | software architecture
    Full Stack Development | full stack | full-stack | fullstack | full stack development
    Frontend Development | front end | front-end | frontend | front end development
    Backend Development | back end | back-end | backend | back end development
    Embedded Systems | embedded | embedded systems | embedded c | firmware | rtos
    Blockchain | blockchain | web3 | solidity | smart contracts
    Registered Nurse | rn | registered nurse | registered nursing
    Licensed Practical Nurse | lpn | lvn | licensed practical nurse | licensed vocational nurse
    Certified Nursing Assistant | cna | certified nursing assistant | nurse aide | nursing assistant
    Nurse Practitioner | ~np | nurse practitioner | fnp | aprn
    Nursing | nursing | nursing care | bedside nursing
    Patient Care | patient care | direct patient care | patient assessment | patient assessments | bedside care
    Basic Life Support | bls | basic life support | bls certification | cpr/bls | bls/cpr
    Advanced Cardiac Life Support | acls | advanced cardiac life support
    Pediatric Advanced Life Support | pals | pediatric advanced life support
    CPR | cpr | cardiopulmonary resuscitation | cpr certified | first aid
    Electronic Health Records | ehr | emr | electronic health records | electronic medical records
    Epic | ~epic | epic systems | epic ehr | epic emr | epiccare
    Cerner | cerner | oracle health
    Medication Administration | medication administration | med administration | administering medications | med pass
    IV Therapy | iv therapy | iv insertion | iv starts | intravenous therapy
    Phlebotomy | phlebotomy | venipuncture | blood draws
    Vital Signs | vital signs | vitals
    Wound Care | wound care | wound management
    Telemetry | telemetry
    Intensive Care | icu | intensive care | critical care | micu | sicu
    Emergency Nursing | er nursing | emergency room | emergency department | ed nursing | trauma care
    Medical-Surgical Nursing | med-surg | med surg | medical surgical | medical-surgical
    Labor and Delivery | labor and delivery | l&d | obstetrics | ob nursing
    Pediatrics | pediatrics | pediatric nursing | peds
    Oncology | oncology | chemotherapy
    Infection Control | infection control | infection prevention
    Care Planning | care planning | care plans | nursing care plans
    Patient Education | patient education
    HIPAA | hipaa | hipaa compliance
    Medical Terminology | medical terminology
    Medical Billing | medical billing | medical coding | icd-10 | icd 10 | cpt coding | cpt
    Triage | triage
    Home Health | home health | home care | home healthcare
    Long-Term Care | long-term care | long term care | ltc | skilled nursing | snf
    Case Management | case management | case manager
    Behavioral Health | behavioral health | mental health | psychiatric nursing | psych
    Accounting | accounting | accountancy | bookkeeping | book keeping
    Accounts Payable | accounts payable | a/p | ap processing | invoice processing
    Accounts Receivable | accounts receivable | a/r | ar collections | collections | billing and collections
    General Ledger | general ledger | gl | gl accounting | journal entries | journal entry
    Account Reconciliation | reconciliation | reconciliations | account reconciliation | bank reconciliation | bank reconciliations | balance sheet reconciliation
    Month-End Close | month-end close | month end close | month-end | year-end close | financial close | closing process
    Financial Reporting | financial reporting | financial statements | financial statement preparation
    Financial Analysis | financial analysis | financial modeling | financial modelling | fp&a | financial planning and analysis
    Budgeting | budgeting | budget management | forecasting | budgeting and forecasting
    GAAP | gaap | us gaap | u.s. gaap
    IFRS | ifrs
    Payroll | payroll | payroll processing | adp | paychex | gusto
    Tax Preparation | tax preparation | tax returns | ~tax | taxation | tax compliance | sales tax
    Auditing | audit | auditing | internal audit | external audit | audits
    SOX Compliance | sox | sarbanes-oxley | sox compliance | sarbanes oxley
    CPA | cpa | certified public accountant
    CMA | cma | certified management accountant
    Cost Accounting | cost accounting | inventory costing
    Accruals | accruals | accrual accounting | prepaids
    Fixed Assets | fixed assets | depreciation
    Variance Analysis | variance analysis
    Cash Management | cash management | cash flow | treasury
    Sales | ~sales | selling | b2b sales | b2c sales | inside sales | outside sales | direct sales | field sales
    Business Development | business development | bizdev | biz dev
    Lead Generation | lead generation | lead gen | prospecting | pipeline generation
    Cold Calling | cold calling | cold calls | outbound calls | outbound calling
    Account Management | account management | key account management | client management | account manager
    Customer Success | customer success | client success
    Customer Service | customer service | customer support | client service | customer care
    Negotiation | negotiation | negotiating | contract negotiation
    Closing | closing deals | deal closing | closing sales
    Quota Attainment | quota attainment | quota | exceeding quota | sales quota | sales targets
    Pipeline Management | pipeline management | sales pipeline | ~pipeline
    Solution Selling | solution selling | consultative selling | consultative sales | spin selling | challenger sale
    SaaS Sales | saas sales | software sales | technology sales
    Retail Sales | retail sales | retail | point of sale | pos | cashier
    Territory Management | territory management | territory sales
    Marketing | marketing | digital marketing | marketing campaigns
    SEO | seo | search engine optimization
    SEM | ~sem | ppc | google ads | adwords | paid search
    Social Media Marketing | social media | social media marketing | smm
    Email Marketing | email marketing | mailchimp | marketo
    Content Marketing | content marketing | content writing | copywriting
    Google Analytics | google analytics | ga4
    Public Relations | public relations | ~pr | media relations
    Warehouse Operations | warehouse | warehousing | warehouse operations | distribution center | fulfillment center
    Forklift Operation | forklift | forklift operation | forklift operator | forklift certified | forklift certification | fork lift | reach truck | pallet jack | electric pallet jack | order picker
    Order Picking | picking | order picking | pick and pack | picking and packing | order fulfillment | order pulling
    Packing | packing | packaging | pack out
    Shipping and Receiving | shipping and receiving | shipping | receiving | loading and unloading | ~loading | ~unloading
    Inventory Management | inventory | inventory management | inventory control | cycle counting | cycle counts | stock control
    RF Scanner | rf scanner | rf scanning | rf gun | barcode scanner | handheld scanner
    Warehouse Management System | wms | warehouse management system | manhattan wms
    Logistics | logistics | 3pl | freight | freight forwarding
    Supply Chain Management | supply chain | supply chain management | scm | procurement | purchasing | sourcing
    OSHA | osha | osha 10 | osha 30 | workplace safety | safety compliance
    Material Handling | material handling | materials handling | heavy lifting
    Commercial Driving | cdl | class a cdl | cdl-a | commercial driving | truck driving
    Lean Manufacturing | ~lean | lean manufacturing | six sigma | lean six sigma | kaizen | 5s
    Quality Control | quality control | qc | quality inspection | inspection
    Manufacturing | manufacturing | ~production | ~assembly | assembly line
    Machine Operation | machine operation | machine operator | cnc | cnc machining
    Welding | welding | mig welding | tig welding
    Human Resources | hr | human resources | people operations
    Recruiting | recruiting | recruitment | talent acquisition | sourcing candidates | full-cycle recruiting
    Onboarding | onboarding | employee onboarding
    Employee Relations | employee relations
    Benefits Administration | benefits administration
    HRIS | hris | workday | bamboohr | successfactors
    Applicant Tracking Systems | ats | applicant tracking system | ~greenhouse | ~lever | icims | taleo
    Administrative Support | administrative support | office administration | clerical | data entry | filing
    Scheduling | scheduling | calendar management
    Bilingual Spanish | spanish | bilingual spanish | fluent spanish
    Communication | communication | communication skills | verbal communication | written communication
    Leadership | leadership | team leadership | people management | team management
    Teamwork | teamwork | team player | collaboration
    Problem Solving | problem solving | problem-solving | troubleshooting
    Time Management | time management | prioritization | multitasking | multi-tasking
    Training | training | coaching | mentoring
    Presentation Skills | presentations | presentation skills | public speaking
    Stakeholder Management | stakeholder management | stakeholder engagement
    Strategic Planning | strategic planning | strategy
    Risk Management | risk management | risk assessment
    Compliance | compliance | regulatory compliance
    Construction | construction | construction management
    Electrical | electrical | electrician | electrical wiring
    HVAC | hvac | heating and air conditioning
    Plumbing | plumbing | plumber
    Carpentry | carpentry | carpenter
    Food Safety | food safety | servsafe | food handling | haccp
    Food Preparation | food preparation | food prep | line cook | cooking
    Teaching | teaching | classroom management | lesson planning | curriculum development
    Legal Research | legal research | litigation | paralegal | contract drafting
    Ventilator Management | ventilator management | mechanical ventilation | ventilators
    CRRT | crrt | continuous renal replacement therapy
    CCRN | ccrn
    Vital Signs | vital signs
    Geriatrics | geriatrics | geriatric care
    ASC 740 | asc 740 | tax provision | income tax provision
    CCH Axcess | cch axcess
    MercuryGate | mercurygate
    Bills of Lading | bill of lading | bills of lading
    Customs Documentation | customs documentation | customs paperwork | customs clearance
    Instagram | instagram
    TikTok | tiktok
    Facebook | facebook
    Canva | canva
    Hootsuite | hootsuite
    Adobe Premiere Pro | adobe premiere pro | premiere pro | adobe premiere
    Algebra | algebra | algebra i | algebra ii
    Pre-Calculus | pre-calculus | precalculus | pre-calc
    IEP | ~iep | individualized education program
    Creative Curriculum | creative curriculum
    Motor Controls | motor controls | motor control
    Preventive Maintenance | preventive maintenance | preventative maintenance
    EPA 608 | epa 608 | epa section 608 | epa 608 universal | epa 608 certification
    NATE Certification | nate certification | nate certified
    Flux-Core Welding | flux-core welding | flux core welding | fcaw | flux-core | flux core
    AWS D1.1 | aws d1.1 | d1.1
    """#
}
