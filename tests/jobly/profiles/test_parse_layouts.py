"""Resume layouts the parser was not first written for: each failure class with a CV written for the test
(fictional people and employers)."""

import pytest

from jobly.profiles.resume.parse import parse_resume_text
from jobly.profiles.resume.skills import is_place
from jobly.profiles.resume.text import heading_section, unspace_letters


def _jobs(draft):
    return [(entry["title"], entry["company"]) for entry in draft["experience"]]


def _skill_names(draft):
    return {skill["name"] for skill in draft["skills"]}


@pytest.mark.parametrize(("heading", "section"), [
    ("Professional Background", "experience"), ("Work History", "experience"), ("EMPLOYMENT", "experience"),
    ("Employment Record:", "experience"), ("Professional Work Experience", "experience"),
    ("Educational Details", "education"), ("Academic Qualifications", "education"), ("ACADEMIC PROFILE", "education"),
    ("Technical Proficiency", "skills"), ("Technical Skills & Tools", "skills"), ("Core Competencies", "skills"),
    ("S K I L L S", "skills"), ("E X P E R I E N C E", "experience"), ("W O R K  E X P E R I E N C E", "experience"),
    ("## Key Projects", "projects"), ("Honours and Awards", "awards"), ("Hobbies & Interests", "other"),
])
def test_heading_phrasings_are_recognised(heading, section):
    assert heading_section(heading) == (section, "")


@pytest.mark.parametrize("line", [
    "Skilled in Python and SQL", "Worked on the education platform", "Software", "Experience with Kubernetes",
    "Key skills include: marketing automation", "2019 Education Summit",
])
def test_content_lines_are_not_headings(line):
    assert heading_section(line) is None


def test_letter_spacing_is_undone_only_for_spaced_out_words():
    assert unspace_letters("S K I L L S") == "SKILLS"
    assert unspace_letters("A B Testing") == "A B Testing"


UNKNOWN_HEADINGS_CV = """Maren Oduya
maren.oduya@example.org
PROFESSIONAL BACKGROUND
Senior Data Engineer, Northwind Analytics Ltd
Mar 2019 - Present
- Built streaming pipelines in Apache Kafka and Spark
Data Engineer, Contoso Systems
Jan 2016 - Feb 2019
- Moved the warehouse to PostgreSQL
EDUCATIONAL DETAILS
BSc Computer Science, University of Leeds, 2012 - 2015
T E C H N I C A L   P R O F I C I E N C Y
Python, SQL, Apache Kafka, Docker
"""


def test_unknown_heading_phrasings_keep_jobs_education_and_skills():
    draft = parse_resume_text(UNKNOWN_HEADINGS_CV)
    assert _jobs(draft) == [("Senior Data Engineer", "Northwind Analytics Ltd"), ("Data Engineer", "Contoso Systems")]
    assert draft["education"][0]["institution"] == "University of Leeds"
    assert {"Python", "SQL", "Apache Kafka", "Docker"} <= {skill["normalized"] for skill in draft["skills"]}
    assert draft["summary"] == ""


DESIGNER_CV = """Bachelor of Fine Arts
Department of Visual Communication
Ines Valcourt
ines.valcourt@example.com | +44 20 7946 0958
Brand Designer
EXPERIENCE
Brand Designer, Lumen Studio
2021 - Present
- Identity systems for twelve clients
"""


def test_name_is_the_person_not_a_degree_or_department_line():
    draft = parse_resume_text(DESIGNER_CV)
    assert draft["full_name"] == "Ines Valcourt"


@pytest.mark.parametrize(("header", "name"), [
    ("Mr Tomas Berglund\ntomas@example.com", "Tomas Berglund"),
    ("Name: Priya Raman\npriya.raman@example.com", "Priya Raman"),
    ("Software Engineer\nData Platform Team\nKofi Mensah\nkmensah@example.com", "Kofi Mensah"),
    ("Lead Engineer\nAmsterdam, Netherlands\nJoost de Vries\njoost.devries@example.com", "Joost de Vries"),
])
def test_name_from_the_header(header, name):
    assert parse_resume_text(header + "\nEXPERIENCE\nEngineer, Acme Corp\n2020 - 2021\n")["full_name"] == name


def test_email_breaks_a_tie_between_name_like_lines():
    draft = parse_resume_text("Grace Orchard\nHelen Marsh\nhelen.marsh@example.com\nSKILLS\nPython\n")
    assert draft["full_name"] == "Helen Marsh"


def _long_cv(jobs=8):
    lines = ["Rowan Achterberg", "rowan.a@example.net", "WORK EXPERIENCE"]
    for number in range(jobs):
        year = 2023 - 3 * number
        lines += [f"Mainframe Developer, Example Bank {number} Ltd", f"Jan {year - 2} - Dec {year}"]
        lines += [f"- Maintained batch job number {index} in COBOL for the ledger" for index in range(40)]
        lines += ["Tools: JCL, CICS, DB2, Endevor", "Environment: z/OS, IBM MQ"]
    lines += ["EDUCATION", "BSc Computing, University of Utrecht, 2000 - 2003", "SKILLS", "COBOL, JCL, DB2, CICS"]
    return "\n".join(lines)


def test_long_cv_keeps_every_dated_job_and_an_inline_label_opens_no_section():
    draft = parse_resume_text(_long_cv())
    assert len(draft["experience"]) == 8
    assert all(title == "Mainframe Developer" for title, _ in _jobs(draft))
    assert draft["experience"][0]["bullets"][-1].startswith("Environment:")
    assert len(draft["skills"]) < 20
    assert draft["education"][0]["institution"] == "University of Utrecht"


def test_skills_section_ends_at_a_dated_job():
    text = ("Lena Fairweather\nlena@example.com\nSKILLS\nPython, Django, PostgreSQL\nBackend Developer, Fjord Labs\n"
            "Jun 2020 - Present\n- Built the billing API\n")
    draft = parse_resume_text(text)
    assert _jobs(draft) == [("Backend Developer", "Fjord Labs")]
    assert draft["experience"][0]["bullets"] == ["Built the billing API"]
    assert {"Python", "Django", "PostgreSQL"} <= _skill_names(draft)


def test_skill_items_are_never_fragments_places_or_state_codes():
    text = ("Sam Okafor\nsam@example.com\nTECHNICAL SKILLS\nJC L, MC P, Python\nRichmond, VA\nChina\n"
            "Guangzhou, China\nTX\nKubernetes, Fivetran\n")
    names = _skill_names(parse_resume_text(text))
    assert {"Python", "Kubernetes", "Fivetran"} <= names
    assert not names & {"JC L", "MC P", "Richmond", "VA", "China", "Guangzhou", "TX"}


@pytest.mark.parametrize(("text", "place"), [("Richmond, VA", True), ("China", True), ("Chennai, Tamil Nadu", True),
                                             ("Terraform", False), ("Go", False), ("Power BI", False)])
def test_is_place(text, place):
    assert is_place(text) is place


SINGLE_LINE_CV = (
    "Farid Haddad Senior Software Engineer  Pune, Maharashtra - Email me on Indeed: indeed.com/r/Farid-Haddad/0a1b2c  "
    "Experienced backend engineer working on payment systems and internal developer platforms for banks.  "
    "WORK EXPERIENCE  Senior Software Engineer  Quillpoint Technologies -  Pune, Maharashtra -  January 2019 to Present  "
    "Designed the settlement service in Java and Spring Boot; led three engineers.  "
    "Software Engineer  Harbor Systems Pvt Ltd -  Mumbai, Maharashtra -  June 2015 to December 2018  "
    "Built reporting jobs in Python and PostgreSQL.  "
    "EDUCATION  B.E in Computer Engineering  University of Mumbai -  Mumbai, Maharashtra  2011 to 2015  "
    "SKILLS  Java (5 years), Spring Boot (4 years), PostgreSQL (5 years), Python (3 years)  "
    "ADDITIONAL INFORMATION  Willing to relocate: Anywhere"
)


def test_text_without_line_breaks_is_segmented_on_headings_and_dates():
    assert "\n" not in SINGLE_LINE_CV
    draft = parse_resume_text(SINGLE_LINE_CV)
    assert draft["full_name"] == "Farid Haddad"
    assert _jobs(draft) == [("Senior Software Engineer", "Quillpoint Technologies"), ("Software Engineer", "Harbor Systems Pvt Ltd")]
    assert (draft["experience"][0]["start"], draft["experience"][0]["current"]) == ("2019-01", True)
    assert draft["education"][0]["institution"] == "University of Mumbai"
    assert {"Java", "Spring Boot", "PostgreSQL", "Python"} <= {skill["normalized"] for skill in draft["skills"]}


DATE_COLUMN_CV = """Odile Marchetti
odile.m@example.com
Work experience
05/2019 – present
Lyon, France
01/2016 – 04/2019
Grenoble, France
Marketing Manager
Brasserie Numérique SA
Leads a team of six on paid search and e-mail campaigns.
Digital Marketing Executive
Alpes Média Group
Ran the newsletter and the social accounts.
"""


def test_a_column_of_dates_before_the_jobs_gets_each_job_its_header():
    draft = parse_resume_text(DATE_COLUMN_CV)
    assert _jobs(draft) == [("Marketing Manager", "Brasserie Numérique SA"), ("Digital Marketing Executive", "Alpes Média Group")]
    assert [entry["location"] for entry in draft["experience"]] == ["Lyon, France", "Grenoble, France"]
    assert draft["experience"][1]["bullets"] == ["Ran the newsletter and the social accounts."]


def test_achievements_inside_a_job_stay_with_the_job():
    text = ("Ama Boateng\nama@example.com\nEXPERIENCE\nSales Manager, Kente Retail Ltd\n2018 - 2022\nAchievements:\n"
            "Grew revenue by a third\nEDUCATION\nMBA, University of Ghana, 2016\n")
    draft = parse_resume_text(text)
    assert "Grew revenue by a third" in draft["experience"][0]["bullets"]
    assert draft["education"][0]["institution"] == "University of Ghana"


EXPORTED_PROFILE = """Education Details
June 2012 to May 2016 B.E Computer Engineering Pune, Maharashtra Example University
Backend Developer

Backend Developer - Fernwood Systems Pvt Ltd
Skill Details
Java- Exprience - 36 months
Company Details
company - Fernwood Systems Pvt Ltd
description - Billing platform for utilities.
Built the invoice service in Java and Spring.
company - Quillon Labs
description - Data pipelines for retailers.
Role-ETL Developer
Loaded sales data into the warehouse nightly.
"""


def test_jobs_of_an_exported_profile_take_their_titles_from_role_labels_and_title_company_lines():
    """Exported profiles (resumes.csv) name a job's title only as "Title - Company" under the headline
    or as a "Role-Title" label; without them every job had an employer and no title, and title fit
    had nothing to compare."""
    assert _jobs(parse_resume_text(EXPORTED_PROFILE)) == [
        ("Backend Developer", "Fernwood Systems Pvt Ltd"), ("ETL Developer", "Quillon Labs")]


def test_a_title_company_line_does_not_title_a_job_at_another_employer():
    text = EXPORTED_PROFILE.replace("Backend Developer - Fernwood Systems Pvt Ltd", "Backend Developer - Other Firm")
    assert _jobs(parse_resume_text(text))[0] == ("", "Fernwood Systems Pvt Ltd")
