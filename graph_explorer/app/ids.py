"""Every component id of the app, in one place (layout, callbacks and browser tests use these)."""

from __future__ import annotations

from types import MappingProxyType

from ..view import FIELDS

# -- page and state -------------------------------------------------------------
URL = "url"  # dcc.Location (refresh=False): the ViewSpec lives in its ``search``
SPEC = "spec-store"  # the current view as a query string (the one source the pictures read)
# what the view's answer last wrote in each part it may leave as it is (part → digest): an answer sends a
# part only when it differs from what the page shows
SHOWN = "shown-store"
# the view the side panels show. The page (assets/wire.js, answered) sets it from the view's answer (its
# SPEC) once the network picture that answer brought is drawn, or at once when it brought none, or after a
# second and a half whatever happens: the picture first, the panels after it, neither waiting on the other's
# failure. TABLE_SPEC and MATRIX_SPEC follow PANEL_SPEC only while their tab is open.
PANEL_SPEC = "panel-spec"
TABLE_SPEC = "table-spec"
MATRIX_SPEC = "matrix-spec"
# the controls a view's answer changes (values, pickers' options, the data's choices): the page applies them
# (a clientside callback of callbacks.register), so the controls are not outputs of every click's answer
CONTROLS_NEXT = "controls-next"
EDGE = "edge-store"  # the selected link [u, v] (not part of the URL), or None
MATRIX_LINK = "matrix-link"  # a click on a matrix cell as {"points": [{"customdata": [u, v]}]}, read from its figure
NETWORK_FRAME = "network-frame"  # dcc.Store: the level's nodes, positions and links (figures/wire.py), sent once
NETWORK_WIRE = "network-wire"  # dcc.Store: the view's network figure by reference to the frame (assets/wire.js draws it)
NETWORK_REDRAW = "network-redraw"  # set by an answer whose wire is a Patch (a selection): draw it once applied
MESSAGE = "message"  # an alert for view errors (bad URL values) and failures
FIG_MESSAGE = "figure-message"  # an alert when a picture could not be drawn
WARM_POLL = "warm-poll"  # dcc.Interval, enabled while a large level is being prepared (progress shown)
TABLE_META = "table-meta"  # what the tables show (so rows are not sent twice)

# -- the data in use: the server's own, or this tab's upload (see sources.py, upload_panel.py) ------
DATA_TOKEN = "data-token"  # dcc.Store in session storage: the tab's upload token, or None for the server's data
DATASET_LABEL = "dataset-label"  # "name · N actors · M cooperations" in the header
UPLOAD = "upload"  # dcc.Upload
UPLOAD_BOX = "upload-box"  # wraps the upload; data-max-bytes says the largest file accepted (assets/upload.js)
UPLOAD_BUSY = "upload-busy"  # "Checking the file…" while an upload is validated
UPLOAD_REPORT = "upload-report"  # the validation report of the last upload (or why it was not sent)
DATA_STATUS = "data-status"  # which data is in use (or why the upload of this tab is gone)
BUNDLED_BUTTON = "bundled-button"  # "Back to the bundled data"

# -- the sidebar: controls, one per ViewSpec field ---------------------------------
LEVEL = "level"
WEIGHT = "weight"
THEMES = "themes"
KINDS = "kinds"
PROGRAMMES = "programmes"
YEARS = "years"
REGIONS = "regions"
COUNTRIES = "countries"
ACTOR_KINDS = "actor-kinds"
THEME_MODE = "theme-mode"  # any of / all of the ticked themes
PARTNERS = "partners"  # keep the links from the chosen regions/countries/kinds to their partners outside
MIN_WEIGHT = "min-weight"
YEAR_BASIS = "year-basis"  # years: active in (default) | called in
KCORE = "kcore"  # keep the k-core (0 = off)
HOLDERS = "holders"  # highlight articulation points and bridges
COLOR = "color"
SIZE = "size"
LABELS = "labels"
TOP_N = "top-n"
LAYOUT = "layout"
RESET = "reset-filters"
BACKBONE = "backbone"  # disparity-filter significance level, "" for every link
EDGE_COLOR = "edge-color"  # links grey by weight, or coloured by observed ÷ expected
COMPARE_ON = "compare-on"  # "compare with…" switch
COMPARE = "compare-years"  # the compared period (a range slider)

# -- find and focus -------------------------------------------------------------
SEARCH = "search"  # a plain text box: "Find an actor" (no keystroke is lost while the page starts)
SEARCH_RESULTS = "search-results"  # the actors found, as buttons that select them
SELECTED = "selected-store"  # the selected node id (set by a click, a search hit, a table row, a panel entry)
PICK = "pick"  # pattern-id type of every button that selects an actor: {"type": PICK, "where": ..., "node": id}
# the last of those buttons pressed ({"node", "n"}), set by the page only when one is pressed: a panel drawn
# anew (new buttons) triggers nothing, so it never takes the place of a view's request on its way
PICKED = "picked-store"
FOCUS = "focus-store"  # the ego-network centre (node id) or None
FOCUS_BUTTON = "focus-button"
FOCUS_CLEAR = "focus-clear"
FOCUS_STATUS = "focus-status"
HOPS = "hops"
PATH_FROM = "path-from"
PATH_TO = "path-to"
PATH_CLEAR = "path-clear"
PATH_PANEL = "path-panel"

# -- sharing ----------------------------------------------------------------------
SHARE_BUTTON = "share-button"
SHARE_URL = "share-url"
SHARE_STATUS = "share-status"
EXPORT_PREFIX = "export"  # the export menu's ids start with this (see export_menu.menu_ids)

# -- the main area ----------------------------------------------------------------
TABS = "view-tab"  # dcc.Store: the open view (network | map | matrix | table), set by the tab buttons
TAB_BUTTONS = MappingProxyType({"network": "tab-network", "map": "tab-map", "matrix": "tab-matrix",
                                 "table": "tab-table"})  # role=tab
NETWORK_PANE = "network-pane"
MAP_PANE = "map-pane"
TABLE_PANE = "table-pane"
MATRIX_PANE = "matrix-pane"
MATRIX = "matrix-graph"
BACKBONE_HINT = "backbone-hint"  # "dense view: show its backbone" (a button)
COMPARE_PANEL = "compare-panel"  # rank changes between the two periods
DECK = "deck-store"  # the tab's deck: a list of view query strings (session storage)
DECK_ADD = "deck-add"
DECK_LIST = "deck-list"
DECK_PPTX = "deck-pptx"
DECK_PDF = "deck-pdf"
DECK_DOWNLOAD = "deck-download"
DECK_STATUS = "deck-status"
NETWORK = "network-graph"
MAP = "map-graph"
SUMMARY = "summary"  # "N actors · M links · density … ", under "Figures", one click from the plain words
SUMMARY_PLAIN = "summary-plain"  # the view in plain words
SUMMARY_FIGURES = "summary-figures"  # the figures and what each one means (shown by FIGURES_TOGGLE)
FIGURES_TOGGLE = "figures-toggle"  # "Figures": shows or hides them
SUBTITLE = "view-subtitle"
LEGEND = "encoding-legend"
TABLE_KIND = "table-kind"  # actors | links
NODE_GRID = "node-grid"
NODE_GRID_BOX = "node-grid-box"
EDGE_GRID_BOX = "edge-grid-box"
EDGE_GRID = "edge-grid"
TABLE_NOTE = "table-note"
LINK_ACTOR = "link-actor"  # links table: only the links with an actor whose name contains this, at either end

# -- the right panel ---------------------------------------------------------------
DETAILS = "details"
INSIGHTS = "insights"
WHATIF_BUTTON = "what-if-button"  # computing a what-if takes a second on a large view: on request
WHATIF = "what-if"
# -- structure (structure_panel.py): who holds the network together, regions, what-if of groups ------
STRUCTURE = "structure"  # the "Who holds the network together" text and list
REGION_TABLE = "region-table"  # per-region links within / out, E-I, partner regions (in Insights), only while open
REGION_LEAD = "region-lead-box"  # one line: the share of links inside one region (in Insights)
REGION_TABLE_TOGGLE = "region-table-toggle"  # opens and closes the per-region table
REGION_MATRIX = "region-matrix"  # region x region link weights (in Insights), computed only while open
REGION_MATRIX_TOGGLE = "region-matrix-toggle"  # opens and closes it
WHATIF_KIND = "what-if-kind"  # actors | country | region | programme | cooperation
WHATIF_VALUES = "what-if-values"
WHATIF_GROUP_BUTTON = "what-if-group-button"
WHATIF_GROUP = "what-if-group"  # the answer in words
FOOTER = "footer"
ATTRIBUTION = "attribution"

#: Controls that hold a ViewSpec field (id → field name): each field's own (``ViewField.control`` in
#: ``view.FIELDS``), the compare switch and the two path pickers.
CONTROL_FIELDS = MappingProxyType({
    **{f.control: f.name for f in FIELDS if f.control is not None},
    COMPARE_ON: "compare_on",
    PATH_FROM: "path_from",
    PATH_TO: "path_to",
})

#: The property of each control that holds its value.
CONTROL_PROPS = MappingProxyType({cid: ("data" if cid in (FOCUS, SELECTED, TABS) else "value")
                                  for cid in CONTROL_FIELDS})
