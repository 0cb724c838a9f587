"""The Writer interface packets and interviews use, with the provenance guard built into every call.

A writer subclass only drafts (`_draft_summary`, `_draft_bullet`, `_draft_letter`, `_draft_json`);
the public methods here run the guard on each draft and fall back when it is rejected or the
writer fails, so no caller can forget the guard. Fallbacks: the `fallback` writer when one is set
(the model writer falls back to the embedded one), else the original profile text.
"""


from jobly.skills import extract_skills
from jobly.writers.errors import LLM_ERRORS, LLMBadResponse
from jobly.writers.facts import LetterText, Written
from jobly.writers.guard import check_rewrite

MAX_LETTER_PARAGRAPHS = 6
MAX_LETTER_CHARACTERS = 3200  # what fits one page beside the letter's head and signature


def validate_json(value, schema):
    """Raise LLMBadResponse (with the failing path) unless `value` fits the JSON Schema."""
    import jsonschema  # imported on first use: ~13 MiB that processes which never write do not need

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is not None:
        path = "/" + "/".join(str(part) for part in error.absolute_path)
        raise LLMBadResponse(f"The answer does not fit the expected shape at {path}: {error.message[:200]}",
                             details={"path": path})
    return value


def _error_note(error):
    return f"The writer failed ({error.code}); used the fallback text."


class Writer:
    """Base class. `name` is stable ("embedded", "openai"); `describe()` names the model too."""

    name = "writer"
    uses_model = False  # True when output comes from a language model (worth enriching with)
    fallback = None

    def describe(self):
        return self.name

    # Public API ----------------------------------------------------------------------------

    def tailored_summary(self, *, candidate, posting):
        """A short summary of the candidate written for this posting (cites the whole profile)."""
        notes = []
        try:
            draft = self._draft_summary(candidate=candidate, posting=posting)
        except LLM_ERRORS as error:
            draft, notes = None, [_error_note(error)]
        if draft:
            verdict = check_rewrite(draft, sources=[candidate.profile_source()], allowed=posting.facts())
            if verdict.accepted:
                return Written(draft, ("/",), self.describe())
            notes += [f"Summary draft rejected: {reason}." for reason in verdict.reasons]
        if self.fallback is not None:
            written = self.fallback.tailored_summary(candidate=candidate, posting=posting)
            return Written(written.text, written.sources, written.writer, False, (*notes, *written.notes))
        original = candidate.summary or candidate.headline
        source = "/summary" if candidate.summary else "/headline"
        return Written(original, (source,) if original else (), self.describe(), False, tuple(notes))

    def rewrite_bullet(self, *, item, posting, candidate):
        """One experience bullet worded for this posting, or the original when the draft adds anything."""
        notes = []
        try:
            draft = self._draft_bullet(item=item, posting=posting, candidate=candidate)
        except LLM_ERRORS as error:
            draft, notes = None, [_error_note(error)]
        if draft:
            employers = [role.employer for role in candidate.roles if role.employer] + [posting.company]
            verdict = check_rewrite(draft, sources=[item], known_employers=[e for e in employers if e])
            if verdict.accepted:
                return Written(draft, (item.id,), self.describe())
            notes += [f"Rewrite of {item.id} rejected: {reason}; kept the original." for reason in verdict.reasons]
        if self.fallback is not None and notes:
            written = self.fallback.rewrite_bullet(item=item, posting=posting, candidate=candidate)
            return Written(written.text, written.sources, written.writer, False, (*notes, *written.notes))
        return Written(item.text, (item.id,), self.describe(), not notes, tuple(notes))

    def cover_letter(self, *, candidate, posting, achievements=None):
        """The letter's body paragraphs, each citing the items it draws on (salutation and sign-off are the design's)."""
        from jobly.writers.embedded import pick_achievements

        achievements = list(achievements) if achievements is not None else pick_achievements(candidate, posting)
        notes = []
        try:
            drafts = self._draft_letter(candidate=candidate, posting=posting, achievements=achievements)
        except LLM_ERRORS as error:
            drafts, notes = [], [_error_note(error)]
        accepted, rejected = self._guard_letter(drafts, candidate=candidate, posting=posting)
        notes += rejected
        if drafts and not rejected:
            return LetterText(tuple(Written(text, sources, self.describe()) for text, sources in accepted), self.describe())
        if self.fallback is not None:
            letter = self.fallback.cover_letter(candidate=candidate, posting=posting, achievements=achievements)
            return LetterText(letter.paragraphs, letter.writer, (*notes, *letter.notes))
        paragraphs = tuple(Written(text, sources, self.describe()) for text, sources in accepted)
        return LetterText(paragraphs, self.describe(), tuple(notes))

    def complete_json(self, *, purpose, payload, schema):
        """A JSON object for `purpose` that fits `schema` (raises a writer error otherwise)."""
        import jsonschema

        jsonschema.Draft202012Validator.check_schema(schema)
        return validate_json(self._draft_json(purpose=purpose, payload=payload, schema=schema), schema)

    # Drafting, per writer ---------------------------------------------------------------------

    def _draft_summary(self, *, candidate, posting):
        raise NotImplementedError

    def _draft_bullet(self, *, item, posting, candidate):
        raise NotImplementedError

    def _draft_letter(self, *, candidate, posting, achievements):
        """[(paragraph text, (source ids...)), ...]"""
        raise NotImplementedError

    def _draft_json(self, *, purpose, payload, schema):
        raise NotImplementedError

    # The guard for a whole letter ----------------------------------------------------------

    def _guard_letter(self, drafts, *, candidate, posting):
        items = candidate.items()
        employers = [role.employer for role in candidate.roles if role.employer]
        accepted, rejected = [], []
        if len(drafts) > MAX_LETTER_PARAGRAPHS or sum(len(text) for text, _ in drafts) > MAX_LETTER_CHARACTERS:
            return [], ["Letter draft rejected: longer than one page."]
        for number, (text, sources) in enumerate(drafts, start=1):
            unknown = [source for source in sources if source not in items and source != "/"]
            if unknown:
                rejected.append(f"Letter paragraph {number} rejected: cites unknown items {unknown}.")
                continue
            cited = [candidate.profile_source() if source == "/" else items[source] for source in sources]
            cited_employers = {item.employer.casefold() for item in cited if item.employer}
            others = [e for e in employers if e.casefold() not in cited_employers]
            verdict = check_rewrite(text, sources=cited, allowed=posting.facts(), known_employers=others)
            if verdict.accepted:
                accepted.append((text, tuple(sources)))
            else:
                rejected += [f"Letter paragraph {number} rejected: {reason}." for reason in verdict.reasons]
        return accepted, rejected


def evidenced_skills(candidate):
    """Canonical skills the profile gives evidence of: its skills list and the skills its text names."""
    texts = [candidate.headline, candidate.summary, *(bullet.text for bullet in candidate.bullets())]
    found = list(dict.fromkeys([*candidate.skill_names(), *extract_skills("\n".join(texts))]))
    return found
