"""The requests the concurrency tests send: many views, each with the summary it must get back.

The view callback's summary (the URL in, the "N actors · M links · density …"
line out, asked on the table tab so no picture is drawn) is a pure function of
the view and the tab's data, so each answer can be computed here in the test
process and compared with what the server sent for that very request.
"""

from __future__ import annotations

import io
import itertools
import zipfile

from graph_explorer.app import ids
from graph_explorer.app.panels import summary_line
from graph_explorer.dataset import load_bytes
from graph_explorer.dataset.write import dataset_csv
from graph_explorer.explorer import Explorer
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec

from .conftest import data_url
from .harness import callback_payload, post_callback, view_payload


def distinct_views(explorer: Explorer, n: int = 400) -> list[tuple[ViewSpec, str]]:
    """``n`` organisation-level views of the bundled data (one or two countries) with ``n`` different summaries."""
    actors = explorer.dataset.actors
    counts = actors["country"].dropna().value_counts()
    codes = sorted(c for c, k in counts.items() if k >= 3)
    candidates = itertools.chain(((c,) for c in codes), itertools.combinations(codes, 2))
    out, seen = [], set()
    for countries in candidates:
        spec = ViewSpec(countries=countries)
        s = summary_line(explorer, spec)
        if s not in seen:
            seen.add(s)
            out.append((spec, s))
        if len(out) == n:
            return out
    raise AssertionError(f"only {len(out)} views with different summaries")


def upload_files() -> list[tuple[str, bytes]]:
    """Two small datasets as a user would upload them (.zip of CSV files)."""
    from tests.app.fakedata import fake_dataset

    files = []
    for name, dataset in (("tiny.zip", tiny_dataset()), ("fake.zip", fake_dataset(n_orgs=60, n_coops=15, big=1,
                                                                                  big_size=12))):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, data in dataset_csv(dataset).items():
                zf.writestr(member, data)
        files.append((name, buf.getvalue()))
    return files


UPLOAD_VIEWS = (ViewSpec(), ViewSpec(level="country"), ViewSpec(level="bipartite"), ViewSpec(themes=("green",)),
                ViewSpec(level="country", weight="newman"), ViewSpec(kinds=("project",)))


def upload(base_url: str, deps, name: str, data: bytes) -> str:
    """Upload a file as the page does; the tab's new token."""
    payload = callback_payload(deps, "upload-report.children", {f"{ids.UPLOAD}.contents": data_url(data)},
                               {f"{ids.UPLOAD}.filename": name, f"{ids.DATA_TOKEN}.data": None},
                               input_of=f"{ids.UPLOAD}.contents")
    status, body = post_callback(base_url, payload)
    assert status == 200, body
    return body["response"][ids.DATA_TOKEN]["data"]


def summary_request(deps, query: str, token) -> dict:
    """The request of a page opening the view ``query`` on its table tab (a summary, no picture)."""
    return view_payload(deps, ViewSpec.from_query(query).replace(view="table").to_query(), token)


def summary_of(body) -> str | None:
    try:
        return body["response"][ids.SUMMARY]["children"]
    except (KeyError, TypeError):
        return None


def build_jobs(deps, views, uploads: list[tuple[str, Explorer]], per_upload: int = 60) -> list[tuple[dict, str]]:
    """The bundled ``views`` (token None) and ``per_upload`` requests on each upload, interleaved."""
    jobs = [(summary_request(deps, spec.to_query(), None), expected) for spec, expected in views]
    for k, (token, explorer) in enumerate(uploads):
        for i in range(per_upload):
            spec = UPLOAD_VIEWS[i % len(UPLOAD_VIEWS)]
            jobs.insert((i * 7 + k * 3) % len(jobs), (summary_request(deps, spec.to_query(), token),
                                                       summary_line(explorer, spec)))
    return jobs


def uploaded_explorers() -> list[tuple[str, Explorer]]:
    """(file name, Explorer of what the server will load from it), computed here independently."""
    return [(name, Explorer(load_bytes(data, name, name=name.rsplit(".", 1)[0]))) for name, data in upload_files()]
