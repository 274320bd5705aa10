"""Themes derived from what a source says about a project when it has no topic field.

The Erasmus+ CoVE participants file gives, per project, an acronym, a title and
the names (and roles, countries) of its participating organisations, but no
topic. :func:`derive_themes` reads themes from that text with the rule table
:data:`RULES` (documented, with the reasoning, in ``data/README.md``):

- a **title rule** matches the acronym or the title (whole words, any case);
- a **participant rule** matches the names of at least
  :data:`MIN_PARTICIPANTS` different organisations of the project (one
  energy agency among 40 partners says little; two or more say the project
  draws on that field).

Every theme found this way is *derived* (``themes_derived``) and
``themes_note`` says which rule gave it. A project that no rule matches gets
no theme and the note "not stated", with the reason.

The module imports nothing from the package so that ``scripts/build_data.py``
can load it by path; an importer of another source without topics can use it
too.

Examples
--------
>>> r = derive_themes("SEED", "Sustainable Energy Education", [])
>>> r.themes, r.note
(('green',), 'derived from the title: green (sustainab)')
>>> r = derive_themes("X", "Excellence in Sales", ["A", "B"])
>>> r.themes, r.note.startswith("not stated")
((), True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Rule", "RULES", "MIN_PARTICIPANTS", "Derived", "derive_themes", "NOT_STATED"]

#: A participant rule needs this many different matching organisations in one project.
MIN_PARTICIPANTS = 2
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Rule:
    """One line of the rule table: ``theme`` when ``pattern`` matches ``where`` ("title" or "participants")."""

    theme: str
    where: str
    pattern: str
    label: str  # the words, as the note shows them

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text, flags=re.IGNORECASE) is not None


def _t(theme, pattern, label):
    return Rule(theme, "title", pattern, label)


def _p(theme, pattern, label):
    return Rule(theme, "participants", pattern, label)


#: The rule table, in the order of the controlled theme vocabulary.
RULES: tuple[Rule, ...] = (
    _t("green", r"\bsustainab|\bgreen|\bclimate|\bcircular|\brenewable|\benergy efficien|\bhydrogen|\bH2|"
                r"\boffshore (?:wind|renewable)|\bwind energy|\becolog|\benvironment|\bjust transition|"
                r"\btwin transition|\belectrification|\bbattery|\bclean.?tech", "sustainab…, green, climate, "
                "circular, renewable, energy efficiency, hydrogen, wind energy, ecolog…, environment…, just or twin "
                "transition, electrification, battery, clean-tech"),
    _t("digital", r"\bdigital|\bAI\b|\bartificial intelligence|\bVR\b|\bvirtual|\bdata cent|\b5G\b|\bsmart\b|"
                  r"\b4\.0\b|\bindustry 4|\belectronics|\bintelligent|\bhumanoid|\bIT\b|\bcyber|\bXR\b",
       "digital…, AI, artificial intelligence, VR, virtual, data centre, 5G, smart, 4.0, electronics, intelligent, "
       "humanoid, IT, cyber, XR"),
    _t("wbl", r"\bwork.?based|\bapprentice|\bworkplace|\bdual (?:vet|system|training)", "work-based, apprentice…, "
              "workplace, dual VET"),
    _t("quality", r"\bquality|\bEQAVET", "quality, EQAVET"),
    _t("teachers", r"\bteacher|\btrainers?\b|\bteaching|\bpractitioners|\bmentors|\bprofessional development|"
                   r"\bprofessionalisation", "teacher…, trainer, teaching, practitioners, mentors, professional "
                   "development, professionalisation"),
    _t("internationalisation", r"\binternational\b|\btransnational", "international, transnational"),
    _t("innovation", r"\binnovat|\bincubator|\bacceleration|\bresearch", "innovat…, incubator, acceleration, "
                     "research"),
    _t("leadership", r"\bleadership|\bleading\b|\bgovernance", "leadership, leading, governance"),
    _t("curricula", r"\bcurricul|\bqualifications|\bmicro.?credential", "curricul…, qualifications, "
                    "micro-credentials"),
    _t("inclusion", r"\binclusi|\baccessib|\bdivers|\breintegration|\boffender|\bdisab|\bsocially|\bfor all\b",
       "inclusi…, accessib…, divers…, reintegration, offender, disab…, socially, for all"),
    _t("entrepreneurship", r"\bentrepreneur|\bbusiness|\bSMEs?\b", "entrepreneur…, business, SME"),
    _t("cvet", r"\bup.?skilling|\bre.?skilling|\blifelong|\bC-VET\b|\bcontinuing", "upskilling, reskilling, "
               "lifelong, C-VET, continuing"),
    _p("green", r"ENERG|SOLAR|\bWIND|RENEWAB|CLIMA|ENVIRONMENT|SUSTAINAB|\bGREEN|ECOLOG|UMWELT|MILJO|HYDROGEN|"
                r"CIRCULAR", "energy, solar, wind, renewable, climate, environment, sustainable, green, ecology"),
    _p("digital", r"DIGITAL|SOFTWARE|INFORMATI|\bICT\b|COMPUT|\bIT\b|\bDATA\b|\bAI\b|ROBOT",
       "digital, software, informatics, ICT, computing, IT, data, AI, robotics"),
    _p("innovation", r"RESEARCH|INNOVA|SCIENCE PARK|FORSCHUNG|INVESTIGACI|RICERCA|TECHNOLOGY CENT|CLUSTER",
       "research, innovation, science park, technology centre, cluster"),
    _p("inclusion", r"INCLUSI|DISAB|REHABILIT|SOCIAL ENTERPRISE|\bROMA\b|MIGRANT",
       "inclusion, disability, rehabilitation, social enterprise, migrants"),
    _p("cvet", r"ADULT|CONTINUING|EMPLOYMENT SERVICE|WEITERBILDUNG|FORMATION CONTINUE|LIFELONG",
       "adult, continuing, employment service, lifelong"),
    _p("wbl", r"CHAMBER|KAMMER|CAMARA|CHAMBRE|KAMER|APPRENTI", "chamber of commerce or crafts, apprenticeship"),
    _p("entrepreneurship", r"ENTREPRENEUR|BUSINESS|START.?UP|INCUBAT", "entrepreneurs, business, start-ups, "
                           "incubator"),
)


@dataclass(frozen=True)
class Derived:
    """Themes read from a project's text, and the note that says how (or why none)."""

    themes: tuple[str, ...]
    note: str


def derive_themes(acronym: str, title: str, participants, order=None) -> Derived:
    """Apply :data:`RULES` to a project's acronym, title and participant names.

    Parameters
    ----------
    acronym, title : str
    participants : iterable of str
        Names of the participating organisations (duplicates count once).
    order : sequence of str, optional
        Theme order of the result (default: the order of :data:`RULES`).

    Examples
    --------
    >>> derive_themes("T", "Tourism", ["X ENERGY AGENCY", "Y SOLAR LTD", "Z"]).note
    'derived from the participants: green (2 organisations: energy…)'
    """
    text = f"{acronym} {title}"
    names = sorted(set(participants))
    from_title: dict[str, list[str]] = {}
    from_people: dict[str, int] = {}
    for rule in RULES:
        if rule.where == "title":
            hits = re.findall(rule.pattern, text, flags=re.IGNORECASE)
            if hits:
                from_title.setdefault(rule.theme, []).extend(h.strip().lower() for h in hits)
        else:
            n = sum(1 for name in names if rule.matches(name))
            if n >= MIN_PARTICIPANTS and rule.theme not in from_title:
                from_people[rule.theme] = n
    rank = {t: i for i, t in enumerate(order or dict.fromkeys(r.theme for r in RULES))}
    themes = tuple(sorted({*from_title, *from_people}, key=lambda t: rank.get(t, len(rank))))
    if not themes:
        return Derived((), f"{NOT_STATED}: the source has no topic field, and neither the title nor the names of "
                           f"the {len(names)} participating organisations match a rule of the theme table")
    parts = []
    if from_title:
        words = ", ".join(f"{t} ({', '.join(dict.fromkeys(from_title[t]))})" for t in themes if t in from_title)
        parts.append(f"the title: {words}")
    if from_people:
        words = ", ".join(f"{t} ({from_people[t]} organisations: {_rule(t).label.split(',')[0]}…)"
                          for t in themes if t in from_people)
        parts.append(f"the participants: {words}")
    return Derived(themes, "derived from " + "; ".join(parts))


def _rule(theme: str) -> Rule:
    return next(r for r in RULES if r.theme == theme and r.where == "participants")
