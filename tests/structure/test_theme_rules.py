"""The theme rule table: each rule fires on its words and only with enough participants."""

from __future__ import annotations

import pytest

from graph_explorer.theme_rules import MIN_PARTICIPANTS, NOT_STATED, RULES, derive_themes
from graph_explorer.vocab import THEMES


def test_every_rule_names_a_canonical_theme():
    assert {r.theme for r in RULES} <= set(THEMES)
    assert {r.where for r in RULES} == {"title", "participants"}


@pytest.mark.parametrize("title,theme", [
    ("Sustainable Energy Education", "green"), ("Offshore Wind Energy", "green"), ("Green Hydrogen", "green"),
    ("AI-powered Next Generation of VET", "digital"), ("Resilient 5G Networks", "digital"),
    ("Care about IT", "digital"), ("Work-based learning in SMEs", "wbl"), ("EQAVET 4.0 for quality", "quality"),
    ("Professionalisation of teachers and mentors", "teachers"), ("International Network", "internationalisation"),
    ("Business Acceleration", "innovation"), ("VET excellence leadership", "leadership"),
    ("Aligning curricula", "curricula"), ("Inclusive Centres", "inclusion"), ("Accessibility", "inclusion"),
    ("Entrepreneurial Teaching", "entrepreneurship"), ("Reskilling and Upskilling", "cvet"),
])
def test_title_rules(title, theme):
    assert theme in derive_themes("X", title, []).themes


@pytest.mark.parametrize("title", ["Excellence in Sales", "Powder Metallurgy", "Vocational Excellence in Sports",
                                   "Platform for the Exchange of competencies", "Mobility Value Chain",
                                   "Editorial items", "Waiting lists"])
def test_words_inside_other_words_do_not_fire(title):
    # "IT" in "Editorial", "AI" in "Waiting", "mobility" (transport) is not internationalisation
    assert derive_themes("X", title, []).themes == ()


def test_participant_rules_need_two_organisations():
    one = derive_themes("X", "Tourism", ["ALPHA ENERGY AGENCY", "BETA COLLEGE"])
    two = derive_themes("X", "Tourism", ["ALPHA ENERGY AGENCY", "GAMMA SOLAR LTD", "BETA COLLEGE"])
    same_twice = derive_themes("X", "Tourism", ["ALPHA ENERGY AGENCY", "ALPHA ENERGY AGENCY"])
    assert MIN_PARTICIPANTS == 2
    assert one.themes == () and same_twice.themes == ()
    assert two.themes == ("green",) and "2 organisations" in two.note


def test_no_match_is_not_stated_with_a_reason():
    d = derive_themes("ERCULES", "European Centers for scaling Up VET Learning Excellences in Sales",
                      ["A", "B", "C"])
    assert d.themes == ()
    assert d.note.startswith(NOT_STATED + ": ") and "no topic field" in d.note and "3 participating" in d.note


def test_themes_come_in_vocabulary_order():
    d = derive_themes("X", "Inclusive digital and green business", [], order=list(THEMES))
    assert d.themes == ("green", "digital", "inclusion", "entrepreneurship")
