import json

import pytest

from jobly.skills import VOCABULARY_PATH, Vocabulary, extract_skills, get_skill, normalize_skill, skill_category


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C++ and C# on .NET", ["C++", "C#", ".NET"]),
        ("Node.js services on k8s", ["Node.js", "Kubernetes"]),
        ("Postgres, MySQL and Redis", ["PostgreSQL", "MySQL", "Redis"]),
        ("ASP.NET MVC with Entity Framework", ["ASP.NET", "Entity Framework"]),
        ("Java, JavaScript and TypeScript", ["Java", "JavaScript", "TypeScript"]),
        ("Spring Boot microservices", ["Spring Boot", "Microservices"]),
        ("machine-learning with scikit learn", ["Machine learning", "scikit-learn"]),
        ("Objective-C and Swift", ["Objective-C", "Swift"]),
        ("Languages: C, R, Go", ["C", "R", "Go"]),
        ("CI/CD, TCP/IP and A/B testing", ["CI/CD", "TCP/IP", "A/B testing"]),
    ],
)
def test_extract_skills_finds_canonical_names_in_order(text, expected):
    assert extract_skills(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We react quickly and go the extra mile to excel.",
        "Go-to-market plans and R&D budgets for C-level executives.",
        "Javascripting is not a word, nor is Pythonic code a skill name; neither is C+.",
        "The office at spring street has great access.",
    ],
)
def test_extract_skills_ignores_ordinary_words_and_partial_tokens(text):
    assert extract_skills(text) == []


def test_extract_skills_reports_each_skill_once():
    assert extract_skills("Python, python3 and PYTHON again") == ["Python"]


def test_extract_skills_spans_line_breaks_inside_multiword_names():
    assert extract_skills("Experienced in machine\nlearning") == ["Machine learning"]


def test_extract_skills_of_empty_text_is_empty():
    assert extract_skills("") == []
    assert extract_skills(None) == []


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("golang", "Go"),
        ("react", "React"),
        ("ReactJS", "React"),
        ("nodejs", "Node.js"),
        ("Python 3.11", "Python"),
        ("  AWS ", "Amazon Web Services"),
        ("MS Excel", "Microsoft Excel"),
    ],
)
def test_normalize_skill_maps_aliases_to_the_canonical_name(name, canonical):
    assert normalize_skill(name) == canonical


@pytest.mark.parametrize("name", ["", "   ", None, "Underwater basket weaving"])
def test_normalize_skill_of_unknown_name_is_none(name):
    assert normalize_skill(name) is None


def test_skill_category_comes_from_the_vocabulary():
    assert skill_category("k8s") == "devops"
    assert skill_category("Python") == "programming_language"
    assert skill_category("Postgres") == "database"
    assert skill_category("Negotiation") == "business"
    assert skill_category("nothing like it") is None


def test_known_skills_link_to_esco_concepts():
    assert get_skill("PostgreSQL").esco_uri.startswith("http://data.europa.eu/esco/skill/")


def test_vocabulary_has_no_alias_shared_by_two_skills():
    document = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    owners = {}
    for entry in document["skills"]:
        for term in [entry["name"], *entry["aliases"]]:
            key = " ".join(term.lower().replace("-", " ").split())
            assert owners.setdefault(key, entry["name"]) == entry["name"], f"{term!r} in {owners[key]} and {entry['name']}"


def test_vocabulary_size_stays_focused():
    document = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    assert 300 <= len(document["skills"]) <= 2500
    assert len({entry["category"] for entry in document["skills"]}) >= 10


def test_longest_name_wins_over_its_prefix():
    vocabulary = Vocabulary(
        {
            "skills": [
                {"name": "Spring", "category": "x", "aliases": []},
                {"name": "Spring Boot", "category": "x", "aliases": []},
            ]
        }
    )
    assert vocabulary.find("Spring Boot apps and Spring") == ["Spring Boot", "Spring"]
