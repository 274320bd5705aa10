"""The data model: which tables, which columns, what each column allows.

This is the single source of truth for the file formats; ``data/README.md``
documents every column listed here (a test checks that it does).

A dataset is three tables — ``actors``, ``cooperations``, ``participations`` —
plus optional ones: ``countries`` (reference: ISO code, name, location,
region; the bundled one is used when a dataset has none), ``conflicts``
(alternative values of a cooperation's field, each with its source, so that
disagreements between sources stay visible) and ``attributions`` (the text to
show with the data of each programme).

A *links file* (one row per link: source, target, kind, themes, start, end,
source_url) is the same model with two participants per cooperation.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "Table", "TABLES", "LINKS", "LIST_SEPARATOR"]

#: Lists inside one cell (themes, source URLs) are separated by this character.
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, type, whether it is required, and help."""

    name: str
    type: str  # "id", "text", "int", "float", "bool", "list", "url", "country", "vocab:<name>"
    required: bool
    help: str
    example: str


@dataclass(frozen=True)
class Table:
    """One table of the data model; ``key`` names the id column (if any)."""

    name: str
    columns: tuple[Column, ...]
    key: str | None
    required: bool = True

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_names(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ACTORS = Table(
    "actors",
    (
        Column("id", "id", True, "Unique id of the actor (any text without line breaks).", "org-kpmpc"),
        Column("name", "text", True, "Display name.", "Qualifications and VET Development Centre (KPMPC)"),
        Column("kind", "vocab:actor kind", True, "country, region (sub-national authority), organisation, "
               "network or group (an unspecified group of partners).", "organisation"),
        Column("country", "country", False, "ISO 3166-1 alpha-2 code; the EU aliases EL (Greece) and UK "
               "(United Kingdom) are accepted. Empty for networks and unspecified groups.", "LT"),
        Column("region", "vocab:region", False, "Overrides the region of the country (Baltic, Nordic, Western, "
               "Southern, Central and Eastern, Western Balkans, Other).", "Baltic"),
        Column("lat", "float", False, "Latitude in degrees (WGS84); empty to use the country's.", "54.687"),
        Column("lon", "float", False, "Longitude in degrees (WGS84); empty to use the country's.", "25.280"),
        Column("url", "url", False, "Web page of the actor (http or https).", "https://www.kpmpc.lt"),
    ),
    key="id",
)

COOPERATIONS = Table(
    "cooperations",
    (
        Column("id", "id", True, "Unique id of the cooperation.", "cove-2021-lcamp"),
        Column("title", "text", True, "Title or short description.", "Learning Hub for Advanced Manufacturing"),
        Column("kind", "vocab:cooperation kind", True, "project, alliance, partnership (bilateral), agreement, "
               "peer review, network or policy.", "project"),
        Column("programme", "text", False, "Funding programme or framework (free text).", "Erasmus+ CoVE"),
        Column("themes", "list", False, "Themes separated by ';' from the controlled list (green, digital, wbl, "
               "quality, teachers, internationalisation, innovation, leadership, curricula, validation, "
               "inclusion, entrepreneurship, cvet); aliases such as 'work-based learning' are accepted.",
               "green;digital"),
        Column("themes_derived", "list", False, "Those of the themes that were derived (e.g. guessed from the "
               "title) rather than stated by a source.", "green"),
        Column("themes_note", "text", False, "Why there is no theme, or how the themes were derived.",
               "not stated: the title names a sector only"),
        Column("start_year", "int", False, "First year (a whole number).", "2021"),
        Column("end_year", "int", False, "Last year; empty when unknown (then the start year is used).", "2025"),
        Column("call_year", "int", False, "Year of the call the cooperation was funded under, where a source "
               "gives it; the 'called in' year filter uses it (else the start year).", "2021"),
        Column("years_derived", "text", False, "How start and end year were derived when the source gives only "
               "the call year (see graph_explorer/durations.py); empty when the source gives them.",
               "call 2021; active 2022-2025 derived: 48 months from the year after the call"),
        Column("description", "text", False, "Free text.", "Centre of Vocational Excellence in advanced manufacturing"),
        Column("source", "list", False, "Where the facts come from: URLs or citations separated by ';'.",
               "https://ec.europa.eu/social/main.jsp?catId=1536"),
        Column("weight", "float", False, "How much the cooperation counts, where a source gives it (e.g. the "
               "weight of an edge read from Gephi): a number above 0; empty = 1. A link's weight adds up the "
               "weights of its cooperations (Newman: weight/(n−1) each).", "2.5"),
        Column("topics", "list", False, "Topics as the source states them (e.g. the Topics of an Erasmus+ "
               "export), separated by ';'; the themes derived from them are in themes and themes_derived.",
               "Green skills;Digital skills and competences"),
    ),
    key="id",
)

PARTICIPATIONS = Table(
    "participations",
    (
        Column("cooperation_id", "id", True, "The id of a row of cooperations.", "cove-2021-lcamp"),
        Column("actor_id", "id", True, "The id of a row of actors.", "org-kpmpc"),
        Column("role", "vocab:role", True, "coordinator, partner, associated partner, affiliated entity, host, "
               "peer or member.", "partner"),
    ),
    key=None,
)

COUNTRIES = Table(
    "countries",
    (
        Column("code", "id", True, "ISO 3166-1 alpha-2 code (XK for Kosovo).", "GR"),
        Column("eu_code", "text", False, "The code EU sources use where it differs from ISO (EL, UK).", "EL"),
        Column("name", "text", True, "English short name.", "Greece"),
        Column("lat", "float", True, "Representative latitude (the capital).", "37.98"),
        Column("lon", "float", True, "Representative longitude (the capital).", "23.73"),
        Column("eu_member", "bool", True, "Member of the European Union (true/false).", "true"),
        Column("region", "vocab:region", True, "Regional group used for clusters and the E-I index.", "Southern"),
    ),
    key="code",
    required=False,
)

CONFLICTS = Table(
    "conflicts",
    (
        Column("cooperation_id", "id", True, "The cooperation whose facts disagree.", "eqavet-2023-lt"),
        Column("field", "text", True, "Which field: a column of cooperations (start_year, end_year, ...).",
               "start_year"),
        Column("value", "text", True, "The value this source gives.", "2024"),
        Column("source", "text", True, "The source that gives it (URL or citation).",
               "https://www.cedefop.europa.eu/da/news/transnational-cooperation-union-skills-starts-collaboration"),
        Column("note", "text", False, "Free text.", "The article dates the review to 2024."),
    ),
    key=None,
    required=False,
)

ATTRIBUTIONS = Table(
    "attributions",
    (
        Column("programme", "text", False, "The programme the text applies to (as cooperations.programme); "
               "empty for every cooperation.", "Erasmus+ CoVE"),
        Column("text", "text", True, "The attribution to show wherever data of that programme is shown or "
               "exported.", "Source: European Commission, DG EMPL, CoVE project participants data, CC BY 4.0"),
    ),
    key=None,
    required=False,
)

#: The tables of a dataset folder or workbook, in loading order.
TABLES: dict[str, Table] = {
    t.name: t for t in (ACTORS, COOPERATIONS, PARTICIPATIONS, COUNTRIES, CONFLICTS, ATTRIBUTIONS)
}

#: A links file: one cooperation with two participants per row.
LINKS = Table(
    "links",
    (
        Column("source", "text", True, "Name (or id) of the first actor.", "Latvia"),
        Column("target", "text", True, "Name (or id) of the second actor.", "Finland"),
        Column("kind", "vocab:cooperation kind", True, "As cooperations.kind.", "partnership"),
        Column("themes", "list", False, "As cooperations.themes.", "wbl;curricula"),
        Column("start", "int", False, "First year.", "2020"),
        Column("end", "int", False, "Last year.", "2022"),
        Column("source_url", "list", False, "Where the link is documented.", "https://database.centralbaltic.eu/project/126"),
        Column("title", "text", False, "Title of the cooperation (default: 'source – target').", "FinLat-Logic"),
        Column("programme", "text", False, "As cooperations.programme.", "Interreg Central Baltic"),
        Column("source_country", "country", False, "Country of the first actor (default: the actor itself "
               "if it is a country code or name).", "LV"),
        Column("target_country", "country", False, "Country of the second actor.", "FI"),
        Column("weight", "float", False, "As cooperations.weight: how much the link counts (empty = 1).", "3"),
    ),
    key=None,
)
