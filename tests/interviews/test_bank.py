"""The question bank: schema, ids, near-duplicates, coverage of the 40 skills, sources, and the loader's errors."""

import json
import re
import shutil
from collections import Counter
from itertools import combinations

import pytest

from interviews.bank import BANK_DIR, QuestionBankError, read_bank
from jobly.skills import normalize_skill

REQUIRED_COMPETENCIES = {"ownership", "conflict", "failure", "impact", "collaboration", "ambiguity"}
_STOP = frozenset("a an the and or of to in for on with is are do you how what why when which your would it its "
                  "that this be by as at from tell me about time describe".split())


def top_skills():
    return json.loads((BANK_DIR / "top_skills.json").read_text(encoding="utf-8"))["skills"]


def words(text):
    return {word for word in re.findall(r"[a-z0-9+#]+", text.lower()) if word not in _STOP}


def test_every_file_fits_the_schema_and_loads(bank):
    assert len(bank.skills()) >= 40
    assert len(bank.behavioural) >= 30


def test_each_of_the_40_most_frequent_skills_has_at_least_ten_questions(bank):
    skills = top_skills()
    assert len(skills) == 40
    for entry in skills:
        assert len(bank.technical(entry["name"])) >= 10, entry["name"]


def test_technical_questions_use_canonical_skill_names_and_mix_kinds_and_difficulties(bank):
    for skill in bank.skills():
        assert normalize_skill(skill) == skill
        questions = bank.technical(skill)
        assert all(q.skill == skill for q in questions)
        assert len({q.kind for q in questions}) >= 3, f"{skill}: fewer than three kinds of question"
        assert len({q.difficulty for q in questions}) == 3, f"{skill}: not every difficulty"
        assert all(3 <= len(q.points) <= 6 for q in questions)


def test_ids_are_unique_across_technical_and_behavioural_questions(bank):
    ids = [q.id for q in bank.all_technical()] + [q.id for q in bank.behavioural]
    assert [item for item, count in Counter(ids).items() if count > 1] == []
    assert all(bank.get(question_id).id == question_id for question_id in ids)


def test_no_two_questions_are_near_duplicates(bank):
    texts = [(q.id, words(q.question)) for q in (*bank.all_technical(), *bank.behavioural)]
    close = []
    for (first, a), (second, b) in combinations(texts, 2):
        similarity = len(a & b) / len(a | b)
        if similarity >= 0.6:
            close.append((first, second, round(similarity, 2)))
    assert close == []


def test_no_two_strong_answer_points_repeat_within_a_question(bank):
    for question in bank.all_technical():
        points = [" ".join(sorted(words(point))) for point in question.points]
        assert len(points) == len(set(points)), question.id


def test_every_entry_has_a_source_and_a_licence(bank):
    for question in (*bank.all_technical(), *bank.behavioural):
        assert question.source.strip() and question.licence.strip(), question.id


def test_behavioural_questions_cover_the_core_competencies_each_with_a_signal(bank):
    assert REQUIRED_COMPETENCIES <= set(bank.competencies)
    for key in bank.competencies:
        assert len(bank.behavioural_for(key)) >= 3, key
    assert all(len(q.signal.split()) >= 8 for q in bank.behavioural)


def test_learning_steps_exist_for_every_bank_skill(bank):
    assert all(bank.learning_steps(skill) for skill in bank.skills())


def test_relations_name_only_vocabulary_skills_and_imply_transitively(bank):
    assert "Software development" in bank.relations.implied_by(["Django"])  # Django -> Back-end -> Software
    assert bank.relations.implied_by(["Python"]) == ()
    for group in bank.relations.groups:
        assert all(normalize_skill(name) == name for name in group.skills)


def copy_bank(tmp_path):
    target = tmp_path / "bank"
    shutil.copytree(BANK_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_a_question_with_too_few_points_is_refused_naming_the_place(tmp_path):
    target = copy_bank(tmp_path)
    path = target / "technical" / "python.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    points:", text.index("id: python-is-versus-equals"))
    end = text.index("  - id:", start)
    path.write_text(text[:start] + "    points: [just one]\n" + text[end:], encoding="utf-8")
    with pytest.raises(QuestionBankError, match=r"python.yaml: questions/3/points"):
        read_bank(target)


def test_a_duplicate_id_in_another_file_is_refused(tmp_path):
    target = copy_bank(tmp_path)
    path = target / "technical" / "go.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: go-goroutine-leak", "id: python-gil-threads-processes"),
                    encoding="utf-8")
    with pytest.raises(QuestionBankError, match="python-gil-threads-processes"):
        read_bank(target)


def test_a_skill_outside_the_vocabulary_is_refused(tmp_path):
    target = copy_bank(tmp_path)
    path = target / "technical" / "go.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("skill: Go", "skill: golang"), encoding="utf-8")
    with pytest.raises(QuestionBankError, match="not a canonical name"):
        read_bank(target)


def test_an_unknown_competency_is_refused(tmp_path):
    target = copy_bank(tmp_path)
    path = target / "behavioural.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("competency: failure", "competency: bravery", 1),
                    encoding="utf-8")
    with pytest.raises(QuestionBankError, match="unknown competency 'bravery'"):
        read_bank(target)


def test_broken_yaml_is_refused_with_the_file_name(tmp_path):
    target = copy_bank(tmp_path)
    (target / "technical" / "go.yaml").write_text("skill: [unclosed", encoding="utf-8")
    with pytest.raises(QuestionBankError, match="go.yaml: not valid YAML"):
        read_bank(target)
