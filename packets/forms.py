"""Page validation: starting a packet from the match page, and reading the edit form of the packet page."""

from django import forms

from packets.renderers import designs


def design_choices():
    return [(name, design.label) for name, design in designs("cv").items()]


class GenerateForm(forms.Form):
    match = forms.IntegerField(min_value=1, max_value=2_147_483_647)
    design = forms.ChoiceField(choices=design_choices)


class RerenderForm(forms.Form):
    """The edit form: `summary`, `bullet:<source id>` and `letter:<index>` fields beside an optional design.
    Only text that differs from the version shown becomes an edit."""

    design = forms.ChoiceField(choices=design_choices, required=False)

    def edits(self, data, *, version):
        edits = {}
        summary = (version.cv.get("summary") or {}).get("text")
        if summary is not None and data.get("summary", summary).strip() != summary:
            edits["summary"] = data["summary"]
        bullets = {b["source"]: b["text"] for key in ("experience", "projects") for r in version.cv.get(key) or []
                   for b in r.get("bullets") or []}
        changed = {source: data[f"bullet:{source}"] for source, text in bullets.items()
                   if f"bullet:{source}" in data and data[f"bullet:{source}"].strip() != text}
        if changed:
            edits["bullets"] = changed
        paragraphs = [p.get("text", "") for p in (version.letter or {}).get("paragraphs") or []]
        letter = {str(i): data[f"letter:{i}"] for i, text in enumerate(paragraphs)
                  if f"letter:{i}" in data and data[f"letter:{i}"].strip() != text}
        if letter:
            edits["letter_paragraphs"] = letter
        return edits
