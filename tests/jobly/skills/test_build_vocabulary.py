import json

from jobly.skills import VOCABULARY_PATH
from jobly.skills import build_vocabulary
from tests.data import DATA


def test_build_reproduces_the_committed_vocabulary():
    built = build_vocabulary.build(
        DATA / "skills" / "esco-skills.subset.csv",
        DATA.parents[1] / "bench" / "data" / "postings.csv",
    )
    committed = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    assert built == committed


def test_esco_ict_concepts_are_read_from_their_description_sentences(tmp_path):
    esco = tmp_path / "skills.csv"
    esco.write_text(
        "id,description\n"
        'u1,"PostgreSQL Postgres The computer program PostgreSQL is a free and open-source software tool."\n'
        'u2,"Haskell The techniques and principles of software development, such as coding and compiling of programming paradigms in Haskell."\n'
        'u3,"manage staff Assign and manage staff tasks."\n',
        encoding="utf-8",
    )
    assert build_vocabulary.esco_ict_concepts(esco) == [
        ("PostgreSQL", "software_tool", "u1"),
        ("Haskell", "programming_language", "u2"),
    ]
