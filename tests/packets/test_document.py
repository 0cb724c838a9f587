"""The document model: every line carries the id of the profile item it came from; normalising bounds it."""

from packets.document import Bullet, CvDocument, LetterDocument, Line, Paragraph, Role


def test_every_cv_line_cites_a_real_profile_item(cv, candidate):
    items = candidate.items()
    assert cv.name.source == "/full_name" and cv.headline.source == "/headline"
    assert cv.summary.sources == ("/",)
    assert all(line.source in items for line in cv.skills)
    for role in cv.experience:
        assert role.source in items
        for bullet in role.bullets:
            assert bullet.source in items and items[bullet.source].kind == "bullet"
    assert all(entry.source in items for entry in cv.education + cv.certifications + cv.languages)


def test_letter_paragraphs_cite_items_and_the_posting(letter, candidate):
    items = candidate.items()
    assert letter.recipient.source == "posting:company" and letter.role.source == "posting:title"
    cited = [source for p in letter.paragraphs for source in p.sources]
    assert cited and all(source in items for source in cited)


def test_round_trip_through_a_dict(cv, letter):
    assert CvDocument.from_dict(cv.to_dict()) == cv
    assert LetterDocument.from_dict(letter.to_dict()) == letter


def test_sections_and_headings_follow_reading_order(cv):
    assert cv.headings() == ["Summary", "Skills", "Experience", "Education", "Certifications", "Languages"]
    assert CvDocument(name=Line("A", "/full_name"), skills=[Line("Go", "/skills/0")]).headings() == ["Skills"]


def test_normalising_cleans_text_bounds_sizes_and_says_what_it_cut():
    bullets = [Bullet(f"Bullet {n}\x00\u202e with\ttabs", f"/experience/0/bullets/{n}") for n in range(20)]
    document = CvDocument(
        name=Line("Ada\x07 Lovelace", "/full_name"),
        summary=Paragraph("x" * 5000, ("/",)),
        experience=[Role("Acme", "Engineer", "/experience/0", bullets=bullets)],
        contacts=[],
    )
    normal, notes = document.normalized()
    assert normal.name.text == "Ada Lovelace"
    assert len(normal.experience[0].bullets) == 8 and normal.experience[0].bullets[0].text == "Bullet 0 with tabs"
    assert len(normal.summary.text) <= 1200
    assert any("first 8 bullets" in note for note in notes) and any("shortened" in note for note in notes)


def test_only_web_and_mail_links_survive(cv):
    from dataclasses import replace

    from packets.document import Contact

    hostile = replace(cv, contacts=[Contact("click me", "/links/0", "javascript:alert(1)"),
                                    Contact("site", "/links/1", "https://example.com")])
    normal, notes = hostile.normalized()
    assert [c.url for c in normal.contacts] == ["", "https://example.com"] and notes
