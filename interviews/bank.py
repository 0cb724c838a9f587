"""The interview question bank: loaded from interviews/question_bank/ once, validated, indexed by skill.

`load_bank()` is cached per process. A broken file raises QuestionBankError naming the file and
the place in it, so a bad edit fails the first test that loads the bank, never a user's request.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from jobly.skills import normalize_skill

BANK_DIR = Path(__file__).resolve().parent / "question_bank"
SCHEMA_PATH = BANK_DIR / "schema.json"
DIFFICULTY_RANK = {"junior": 1, "mid": 2, "senior": 3}


class QuestionBankError(Exception):
    """The bank's data does not fit its schema or its rules (unknown skill, duplicate id...)."""


@dataclass(frozen=True)
class TechnicalQuestion:
    id: str
    skill: str
    question: str
    points: tuple
    difficulty: str
    kind: str
    source: str
    licence: str

    @property
    def difficulty_rank(self):
        return DIFFICULTY_RANK[self.difficulty]


@dataclass(frozen=True)
class Competency:
    key: str
    name: str
    description: str
    posting_cues: tuple
    bullet_cues: tuple


@dataclass(frozen=True)
class BehaviouralQuestion:
    id: str
    competency: str
    question: str
    signal: str
    follow_ups: tuple
    source: str
    licence: str


@dataclass(frozen=True)
class RelationGroup:
    name: str
    transfers: str
    skills: frozenset


@dataclass(frozen=True)
class SkillRelations:
    """Which skills carry over to which (skill_relations.yaml), and default learning steps."""

    groups: tuple
    implies: dict  # skill -> tuple of skills that showing it counts as showing
    category_steps: dict
    default_step: str

    def implied_by(self, skills):
        """Skills implied by `skills` (transitively), not counting `skills` themselves, sorted."""
        found, pending = set(), list(skills)
        while pending:
            for implied in self.implies.get(pending.pop(), ()):
                if implied not in found:
                    found.add(implied)
                    pending.append(implied)
        return tuple(sorted(found - set(skills)))

    def groups_for(self, skill):
        return tuple(group for group in self.groups if skill in group.skills)

    def generic_step(self, skill, category):
        return self.category_steps.get(category, self.default_step).format(skill=skill)


class QuestionBank:
    """Technical questions by canonical skill name, behavioural questions by competency.

    Also carries the skill relations and the templates of questions to ask the interviewer,
    so everything the planner reads from data is validated in one place.
    """

    def __init__(self, *, technical, learning, competencies, behavioural, relations, asking_templates):
        self._technical = technical  # skill -> tuple of TechnicalQuestion, in file order
        self._learning = learning  # skill -> tuple of learning steps
        self.competencies = competencies  # key -> Competency, in file order
        self.behavioural = behavioural  # tuple of BehaviouralQuestion
        self.relations = relations  # SkillRelations
        self.asking_templates = asking_templates  # key -> template text
        self._by_id = {q.id: q for questions in technical.values() for q in questions}
        self._by_id.update({q.id: q for q in behavioural})

    def skills(self):
        """Canonical names of the skills that have technical questions, sorted."""
        return sorted(self._technical)

    def technical(self, skill):
        """The technical questions for a canonical skill name (empty when the bank has none)."""
        return self._technical.get(skill, ())

    def learning_steps(self, skill):
        return self._learning.get(skill, ())

    def behavioural_for(self, competency):
        return tuple(q for q in self.behavioural if q.competency == competency)

    def get(self, question_id):
        """A technical or behavioural question by id, or None."""
        return self._by_id.get(question_id)

    def all_technical(self):
        return tuple(q for skill in self.skills() for q in self._technical[skill])


def _validator(definition):
    import jsonschema  # on first use, as in jobly.writers

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def _read(path, validator):
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise QuestionBankError(f"{path.name}: not valid YAML: {error}") from error
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "(top)"
        raise QuestionBankError(f"{path.name}: {where}: {first.message}")
    return document


def _claim_id(seen, question_id, path):
    if question_id in seen:
        raise QuestionBankError(f"{path.name}: id {question_id!r} is also used in {seen[question_id]}")
    seen[question_id] = path.name


def read_bank(directory=BANK_DIR):
    """Read and check every file of a bank folder (the uncached form of load_bank)."""
    directory = Path(directory)
    technical_schema, behavioural_schema = _validator("technical_file"), _validator("behavioural_file")
    technical, learning, seen = {}, {}, {}
    for path in sorted((directory / "technical").glob("*.yaml")):
        document = _read(path, technical_schema)
        skill = document["skill"]
        if normalize_skill(skill) != skill:
            raise QuestionBankError(f"{path.name}: {skill!r} is not a canonical name of jobly/skills/vocabulary.json")
        if skill in technical:
            raise QuestionBankError(f"{path.name}: a second file for {skill!r}")
        questions = []
        for item in document["questions"]:
            _claim_id(seen, item["id"], path)
            questions.append(TechnicalQuestion(
                id=item["id"], skill=skill, question=item["question"].strip(),
                points=tuple(point.strip() for point in item["points"]), difficulty=item["difficulty"],
                kind=item["kind"], source=item.get("source", document["source"]),
                licence=item.get("licence", document["licence"]),
            ))
        technical[skill] = tuple(questions)
        learning[skill] = tuple(step.strip() for step in document["learning"])

    path = directory / "behavioural.yaml"
    document = _read(path, behavioural_schema)
    competencies = {
        key: Competency(key=key, name=value["name"], description=value["description"],
                        posting_cues=tuple(value["posting_cues"]), bullet_cues=tuple(value["bullet_cues"]))
        for key, value in document["competencies"].items()
    }
    behavioural = []
    for item in document["questions"]:
        _claim_id(seen, item["id"], path)
        if item["competency"] not in competencies:
            raise QuestionBankError(f"{path.name}: {item['id']}: unknown competency {item['competency']!r}")
        behavioural.append(BehaviouralQuestion(
            id=item["id"], competency=item["competency"], question=item["question"].strip(),
            signal=item["signal"].strip(), follow_ups=tuple(item.get("follow_ups", ())),
            source=item.get("source", document["source"]), licence=item.get("licence", document["licence"]),
        ))
    return QuestionBank(
        technical=technical, learning=learning, competencies=competencies, behavioural=tuple(behavioural),
        relations=_read_relations(directory / "skill_relations.yaml"),
        asking_templates=dict(_read(directory / "questions_to_ask.yaml", _validator("asking_file"))["templates"]),
    )


def _read_relations(path):
    document = _read(path, _validator("relations_file"))
    groups = []
    for group in document["groups"]:
        unknown = [name for name in group["skills"] if normalize_skill(name) != name]
        if unknown:
            raise QuestionBankError(f"{path.name}: {group['name']}: not canonical skill names: {', '.join(unknown)}")
        groups.append(RelationGroup(name=group["name"], transfers=group["transfers"], skills=frozenset(group["skills"])))
    implies = {}
    for skill, implied in document["implies"].items():
        unknown = [name for name in (skill, *implied) if normalize_skill(name) != name]
        if unknown:
            raise QuestionBankError(f"{path.name}: implies {skill}: not canonical skill names: {', '.join(unknown)}")
        implies[skill] = tuple(implied)
    return SkillRelations(groups=tuple(groups), implies=implies, category_steps=dict(document["category_steps"]),
                          default_step=document["default_step"])


@lru_cache(maxsize=1)
def load_bank():
    """The project's bank, read and validated once per process."""
    return read_bank(BANK_DIR)


__all__ = [
    "BehaviouralQuestion", "Competency", "QuestionBank", "QuestionBankError", "RelationGroup", "SkillRelations",
    "TechnicalQuestion", "load_bank", "read_bank",
]
