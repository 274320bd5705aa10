"""Controlled vocabularies: themes, kinds, roles — with aliases and suggestions.

A value read from a file is normalised to its canonical term (case, spaces,
hyphens and underscores do not matter; known aliases map to their term). An
unknown value gets the nearest known terms as a suggestion.

Examples
--------
>>> THEMES.normalise("Work-based learning")
'wbl'
>>> THEMES.normalise("Quality Assurance")
'quality'
>>> THEMES.suggest("gren")
['green']
>>> ROLES.normalise("Associated_Partner")
'associated partner'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

__all__ = [
    "Vocabulary",
    "THEMES",
    "ACTOR_KINDS",
    "COOPERATION_KINDS",
    "ROLES",
    "REGIONS",
    "fold",
]


def fold(value: str) -> str:
    """Lower-case, and treat ``-``, ``_`` and runs of spaces alike.

    >>> fold("  Associated_partner ")
    'associated partner'
    """
    return re.sub(r"[\s_\-]+", " ", str(value)).strip().casefold()


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms, each with a label and aliases.

    Parameters
    ----------
    name : str
        What the terms are ("theme", "role"), for messages.
    terms : dict
        canonical term -> (label, aliases).
    """

    name: str
    terms: dict[str, tuple[str, tuple[str, ...]]]
    _lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        lookup = {}
        for term, (label, aliases) in self.terms.items():
            for alias in (term, label, *aliases):
                lookup[fold(alias)] = term
        object.__setattr__(self, "_lookup", lookup)

    def __contains__(self, term: str) -> bool:
        return term in self.terms

    def __iter__(self):
        return iter(self.terms)

    def label(self, term: str) -> str:
        """The human label of a canonical term (the term itself if unknown)."""
        return self.terms.get(term, (term, ()))[0]

    def normalise(self, value: str) -> str | None:
        """The canonical term for ``value``, or None if it is not known."""
        return self._lookup.get(fold(value))

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """The nearest canonical terms to an unknown ``value``."""
        hits = difflib.get_close_matches(fold(value), list(self._lookup), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for hit in hits:
            term = self._lookup[hit]
            if term not in out:
                out.append(term)
        return out[:n]

    def allowed(self) -> str:
        """The canonical terms as a comma-separated list, for messages."""
        return ", ".join(self.terms)


THEMES = Vocabulary(
    "theme",
    {
        "green": ("Green", ("green skills", "green transition", "sustainability", "environment", "climate")),
        "digital": ("Digital", ("digital skills", "digitalisation", "digitalization", "digital transition",
                                "ai", "artificial intelligence", "blended learning", "virtual reality", "vr")),
        "wbl": ("Work-based learning", ("work based learning", "apprenticeship", "apprenticeships", "dual vet")),
        "quality": ("Quality assurance", ("quality assurance", "qa", "eqavet")),
        "teachers": ("Teachers and trainers", ("teacher", "teachers and trainers", "trainers", "teacher training",
                                               "teacher certification", "in company trainers")),
        "internationalisation": ("Internationalisation", ("internationalization", "international cooperation",
                                                          "mobility")),
        "innovation": ("Innovation", ("research and innovation",)),
        "leadership": ("Leadership", ()),
        "curricula": ("Curricula", ("curriculum", "curricula alignment", "curriculum development")),
        "validation": ("Validation of learning", ("validation of non formal and informal learning", "rpl")),
        "inclusion": ("Inclusion", ("social inclusion", "equity")),
        "entrepreneurship": ("Entrepreneurship", ()),
        "cvet": ("Continuing VET", ("continuing vet", "adult learning", "upskilling", "reskilling")),
    },
)

ACTOR_KINDS = Vocabulary(
    "actor kind",
    {
        "country": ("Country", ("state", "member state")),
        "region": ("Sub-national authority", ("community", "subnational", "sub national")),
        "organisation": ("Organisation", ("organization", "institution", "company", "school", "provider")),
        "network": ("Network", ("alliance", "framework")),
        "group": ("Unspecified group", ("unspecified", "country group")),
    },
)

COOPERATION_KINDS = Vocabulary(
    "cooperation kind",
    {
        "project": ("Project", ("erasmus+ project", "multilateral project")),
        "alliance": ("Alliance", ("regional alliance", "sector skills alliance")),
        "partnership": ("Bilateral partnership", ("bilateral partnership", "bilateral cooperation", "bilateral")),
        "agreement": ("Agreement", ("campus agreement", "memorandum of understanding", "mou",
                                    "international agreement", "cooperation agreement")),
        "peer review": ("Peer review", ("eqavet peer review", "peer learning")),
        "network": ("Network", ("platform",)),
        "policy": ("Policy commitment", ("national policy", "strategy")),
    },
)

ROLES = Vocabulary(
    "role",
    {
        "coordinator": ("Coordinator", ("lead", "lead partner", "promoter", "applicant")),
        "partner": ("Partner", ("full partner", "donor partner", "donor project partner", "beneficiary")),
        "associated partner": ("Associated partner", ("associated", "associate partner")),
        "affiliated entity": ("Affiliated entity", ("affiliated",)),
        "host": ("Host", ("host country",)),
        "peer": ("Peer", ("reviewer",)),
        "member": ("Member", ("participant", "signatory")),
    },
)

REGIONS = Vocabulary(
    "region",
    {
        "Baltic": ("Baltic", ()),
        "Nordic": ("Nordic", ()),
        "Western": ("Western", ("western europe",)),
        "Southern": ("Southern", ("southern europe",)),
        "Central and Eastern": ("Central and Eastern", ("cee", "central and eastern europe", "central eastern")),
        "Western Balkans": ("Western Balkans", ("balkans",)),
        "Other": ("Other", ("outside europe", "non european")),
    },
)
