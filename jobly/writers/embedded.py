"""The embedded writer: deterministic text from the real profile and posting; no network, no model.

What it writes is assembled from the candidate's own items, so it reads as specific rather than
as a template: the summary names the candidate's most recent role and the skills the posting
asks for that the profile evidences; a bullet is kept as written but uses the posting's names for
the same skills ("Postgres" → "PostgreSQL" when the posting says PostgreSQL); the letter ties two
or three of the candidate's real achievements to the posting's skills.
"""

import re

from jobly.skills import extract_skills, vocabulary
from jobly.writers.base import Writer, evidenced_skills
from jobly.writers.errors import WriterUnsupported
from jobly.writers.facts import clean_bullet, year_of

# Past-tense openers that are not "-ed" words; with them a bullet reads as "I built …".
_IRREGULAR_PAST = {
    "built", "led", "ran", "wrote", "grew", "cut", "made", "drove", "took", "set", "won", "brought", "began",
    "taught", "sold", "kept", "held", "spoke", "chose", "rebuilt", "rewrote", "overhauled", "shipped", "oversaw",
    "undertook", "spun", "found", "put", "met", "gave", "saw", "shaped", "sped", "rolled", "broke", "co-led",
    "co-wrote", "co-founded", "upheld",
}
_NOT_VERBS = {"need", "speed", "seed", "feed", "red", "bed", "bred", "shed"}
_SUMMARY_SENTENCE_MAX = 240
_MAX_SKILLS_NAMED = 4

_EMBEDDED_BUILDERS = {}


def register_embedded(purpose):
    """Register a deterministic builder for `complete_json(purpose=...)` on the embedded writer.

    Apps register theirs in `AppConfig.ready()`; the builder takes (payload) and returns a dict
    that fits the caller's schema (the writer validates it).
    """

    def decorator(function):
        _EMBEDDED_BUILDERS[purpose] = function
        return function

    return decorator


def join_words(words):
    words = [w for w in words if w]
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def first_sentence(text, limit=_SUMMARY_SENTENCE_MAX):
    match = re.match(r"(.+?[.!?])(?:\s|$)", text or "")
    sentence = (match.group(1) if match else (text or "")).strip()
    return sentence if len(sentence) <= limit else ""


def first_person(bullet):
    """"Built the pipeline …" → "I built the pipeline …"; None when the bullet does not open with a verb."""
    bullet = clean_bullet(bullet).rstrip(".")
    word, _, rest = bullet.partition(" ")
    folded = word.casefold()
    is_past = folded in _IRREGULAR_PAST or (folded.endswith("ed") and len(folded) > 4 and folded not in _NOT_VERBS)
    if not is_past or not word[:1].isupper() or word[1:2].isupper():
        return None
    return f"I {folded} {rest}".strip()


def skills_of(text):
    return extract_skills(text or "")


def matched_skills(candidate, posting):
    """The posting's skills (required first) that the profile evidences, in the posting's order."""
    has = set(evidenced_skills(candidate))
    return [skill for skill in posting.wanted_skills() if skill in has]


def pick_achievements(candidate, posting, n=3):
    """The candidate's bullets that best answer the posting: its required skills first, numbers next."""
    required, wanted = set(posting.required_skills), set(posting.wanted_skills())
    scored = []
    for role_rank, role in enumerate(candidate.roles):
        for order, bullet in enumerate(role.bullets):
            skills = set(skills_of(bullet.text))
            score = 2 * len(skills & required) + len(skills & (wanted - required)) + (1 if re.search(r"\d", bullet.text) else 0)
            scored.append((-score, role_rank, order, bullet))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored[:n]]


def align_skill_names(text, posting_skills):
    """Use the posting's canonical names for skills a bullet names by an alias (same skill, new spelling)."""
    known = vocabulary().skills
    for skill in skills_of(text):
        if skill not in posting_skills or skill not in known:
            continue
        for alias in sorted(known[skill].aliases, key=len, reverse=True):
            if alias.casefold() == skill.casefold():
                continue
            text = re.sub(rf"(?<![\w+#.]){re.escape(alias)}(?![\w+#])", skill, text, flags=re.IGNORECASE)
    return text


class EmbeddedWriter(Writer):
    name = "embedded"

    def _draft_summary(self, *, candidate, posting):
        sentences = []
        opener = first_sentence(candidate.summary) or (f"{candidate.headline}." if candidate.headline else "")
        if opener:
            sentences.append(opener)
        if candidate.roles and candidate.roles[0].title and candidate.roles[0].employer:
            role = candidate.roles[0]
            since = year_of(role.start)
            when = (f" since {since}" if since else "") if role.current else ""
            lead = "Currently" if role.current else "Most recently"
            sentences.append(f"{lead} {role.title} at {role.employer}{when}.")
        matched = matched_skills(candidate, posting)[:_MAX_SKILLS_NAMED]
        target = f"the {posting.title} role" + (f" at {posting.company}" if posting.company else "")
        if matched:
            sentences.append(f"Brings hands-on {join_words(matched)} experience to {target}.")
        elif posting.title:
            sentences.append(f"Applying for {target}.")
        return " ".join(sentences)

    def _draft_bullet(self, *, item, posting, candidate):
        text = align_skill_names(clean_bullet(item.text), set(posting.wanted_skills()))
        text = text.rstrip(".").strip()
        return text[:1].upper() + text[1:]

    def _draft_letter(self, *, candidate, posting, achievements):
        paragraphs = []
        matched = matched_skills(candidate, posting)[:3]
        skill_ids = [item.id for item in candidate.skills if item.text in matched]
        role = candidate.roles[0] if candidate.roles else None
        target = f"the {posting.title} role" + (f" at {posting.company}" if posting.company else "")
        intro = [f"I am writing to apply for {target}."]
        sources = list(skill_ids)
        if role and role.title and role.employer:
            verb = "I currently work as" if role.current else "Most recently I worked as"
            intro.append(f"{verb} {role.title} at {role.employer}.")
            sources.insert(0, role.id)
        if matched:
            intro.append(f"Your posting asks for {join_words(matched)}, which is the work I know best.")
            if not skill_ids:
                sources.append("/")
        paragraphs.append((" ".join(intro), tuple(sources)))

        by_role = {}
        for bullet in achievements:
            by_role.setdefault((bullet.employer, bullet.title), []).append(bullet)
        for (employer, title), bullets in list(by_role.items())[:3]:
            clauses = [first_person(b.text) or f"my work included this: {b.text.rstrip('.')}" for b in bullets[:2]]
            where = f"At {employer}, as {title}," if employer and title else "In my work,"
            sentence = f"{where} {clauses[0]}" + (f", and {clauses[1]}" if len(clauses) > 1 else "") + "."
            skills = [s for s in posting.wanted_skills() if s in set().union(*(skills_of(b.text) for b in bullets))]
            if skills:
                sentence += f" That is the {join_words(skills[:3])} work the role calls for."
            paragraphs.append((sentence, tuple(b.id for b in bullets[:2])))

        closing_target = posting.company or "your team"
        paragraphs.append((f"I would welcome the chance to talk about how my experience could help {closing_target}. "
                           "Thank you for your time and consideration.", ()))
        return paragraphs

    def _draft_json(self, *, purpose, payload, schema):
        builder = _EMBEDDED_BUILDERS.get(purpose)
        if builder is None:
            raise WriterUnsupported(f"The embedded writer has no builder for {purpose!r}.", details={"purpose": purpose})
        return builder(payload)
