"""The upload store and the data sources: tokens, privacy, files on disk, bounds, other processes."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph_explorer.app import _metric_names
from graph_explorer.app.sources import UNKNOWN_TOKEN_MESSAGE, DataSources
from graph_explorer.dataset import DataError
from graph_explorer.explorer import Explorer
from graph_explorer.testing import tiny_dataset
from graph_explorer.uploads import ENV_FOLDER, UploadsFull, UploadStore, clean_filename, is_token

LINKS = b"source,target,kind\nRiga Technical College,Omnia,partnership\nOmnia,Latvia,project\n"
OTHER = b"source,target,kind\nTallinn School,Omnia,project\n"


@pytest.fixture
def store(tmp_path):
    return UploadStore(tmp_path / "uploads")


@pytest.fixture
def sources(store):
    return DataSources(Explorer(tiny_dataset()), store, _metric_names(), max_loaded=2)


def test_tokens_are_random_and_url_safe(store):
    tokens = {store.add(LINKS, "links.csv")[0] for _ in range(20)}
    assert len(tokens) == 20 and all(is_token(t) for t in tokens)
    assert all(len(t) == 43 for t in tokens)  # secrets.token_urlsafe(32): 256 random bits


def test_files_are_named_by_token_only_and_private(store):
    token, dataset = store.add(LINKS, "Secret plans 2026.csv")
    digest = hashlib.sha256(LINKS).hexdigest()
    names = sorted(p.name for p in store.folder.iterdir() if p.name != ".lock")
    assert names == sorted([f"{digest}.blob", f"{token}.json", f"{token}.upload"])
    assert (store.folder / f"{token}.upload").read_bytes() == LINKS  # the validated upload, as sent
    assert (store.folder / f"{token}.upload").samefile(store.folder / f"{digest}.blob")  # a link, not a copy
    for p in store.folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    meta = store.get(token)
    assert (meta.filename, meta.name, meta.fingerprint) == ("Secret plans 2026.csv", "Secret plans 2026",
                                                            dataset.fingerprint)


def test_default_folder_is_private_and_temporary(monkeypatch):
    monkeypatch.delenv(ENV_FOLDER, raising=False)
    store = UploadStore()
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert store.folder.name.startswith("graph-explorer-uploads-")
    store.folder.rmdir()


def test_environment_names_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_FOLDER, str(tmp_path / "shared"))
    assert UploadStore().folder == tmp_path / "shared"


def test_a_file_with_errors_is_not_kept(store):
    with pytest.raises(DataError) as info:
        store.add(b"source,target\nA,B\n", "bad.csv")
    assert "The required column 'kind' is missing" in info.value.report.format()
    assert [p.name for p in store.folder.iterdir()] in ([], [".lock"])


@pytest.mark.parametrize("token", [None, "", 42, "../../etc/passwd", "a" * 42, "a" * 44, "a/" * 21 + "a",
                                   "..%2F" * 9, "a" * 42 + "\n", "é" * 43])
def test_strings_that_are_not_tokens_never_reach_the_file_system(store, token, monkeypatch):
    opened = []
    monkeypatch.setattr(type(store.folder), "read_bytes", lambda self: opened.append(self) or b"")
    assert store.get(token) is None
    store.remove(token)
    assert opened == []


def test_unknown_and_removed_tokens(store):
    token, _ = store.add(LINKS, "links.csv")
    assert store.get("A" * 43) is None
    store.remove(token)
    assert store.get(token) is None and [p.name for p in store.folder.iterdir()] == [".lock"]


def test_another_process_on_the_same_folder_finds_the_upload(store):
    """What a second gunicorn worker does: read the upload by its token alone."""
    token, dataset = store.add(LINKS, "links.csv")
    code = ("import sys; from graph_explorer.uploads import UploadStore; s = UploadStore(sys.argv[1]); "
            "u = s.get(sys.argv[2]); print(s.load(u).fingerprint, u.filename)")
    out = subprocess.run([sys.executable, "-c", code, str(store.folder), token], capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out == [dataset.fingerprint, "links.csv"]


def links(i: int) -> bytes:
    return f"source,target,kind\nSchool {i},Omnia,partnership\n".encode()


def test_prune_deletes_uploads_unused_for_max_age(tmp_path):
    store = UploadStore(tmp_path, max_age=3600)
    old, _ = store.add(LINKS, "old.csv")
    past = time.time() - 7200
    os.utime(store.folder / f"{old}.json", (past, past))
    assert store.get(old) is None  # too old to be used, even before it is pruned
    store.add(OTHER, "a.csv")  # adding prunes
    assert not (store.folder / f"{old}.json").exists()
    assert not (store.folder / f"{hashlib.sha256(LINKS).hexdigest()}.blob").exists()  # nobody uses it now


def test_300_identical_uploads_take_the_disk_of_one(tmp_path):
    store = UploadStore(tmp_path, max_total_bytes=10 * 2**20)
    padded = LINKS + b"\n" * 65536  # padded, as an attacker pads a file
    tokens = [store.add(padded, "copy.csv")[0] for _ in range(300)]  # validated once, kept 300 times
    assert len(set(tokens)) == 300 and all(store.get(t) for t in tokens)
    assert store.usage() == len(padded)
    blocks = {(p.stat().st_ino, p.stat().st_blocks) for p in tmp_path.glob("*.upload")}
    assert len(blocks) == 1  # every token's file is the same inode
    metadata = sum(p.stat().st_size for p in tmp_path.glob("*.json"))
    assert metadata < 300 * 400  # a few hundred bytes of metadata per token


def test_a_full_folder_evicts_only_uploads_older_than_min_keep(tmp_path):
    a_file, b_file, c_file = links(1) + b"\n" * 400, links(2) + b"\n" * 400, links(3) + b"\n" * 400
    store = UploadStore(tmp_path, max_total_bytes=2 * len(a_file) + 10, min_keep=600)
    a, _ = store.add(a_file, "a.csv")
    b, _ = store.add(b_file, "b.csv")
    with pytest.raises(UploadsFull) as info:  # both are fresh: neither is evicted, the newcomer is refused
        store.add(c_file, "c.csv")
    assert "space for uploads is full" in info.value.report.format() and "never deleted" in info.value.report.format()
    assert store.get(a) and store.get(b) and store.usage() == len(a_file) + len(b_file)
    past = time.time() - 3600
    os.utime(store.folder / f"{a}.json", (past, past))  # a was last used an hour ago
    c, _ = store.add(c_file, "c.csv")
    assert store.get(a) is None and store.get(b) and store.get(c)


def test_a_tabs_new_upload_replaces_its_previous_one(tmp_path):
    store = UploadStore(tmp_path)
    first, _ = store.add(LINKS, "one.csv")
    other_tab, _ = store.add(LINKS, "theirs.csv")
    second, _ = store.add(OTHER, "two.csv", replaces=first)
    assert store.get(first) is None and store.get(second) and store.get(other_tab)
    assert store.usage() == len(LINKS) + len(OTHER)  # the other tab still uses the first content
    store.add(links(9), "three.csv", replaces=other_tab)
    assert store.usage() == len(OTHER) + len(links(9))


def test_clean_filename_keeps_only_a_readable_base_name():
    assert clean_filename("/home/me/../../etc/passwd") == "passwd"
    assert clean_filename("evil\u202egnp.csv") == "evilgnp.csv"  # no right-to-left override
    assert clean_filename("x" * 500 + ".xlsx").endswith("….xlsx") and len(clean_filename("x" * 500 + ".xlsx")) == 120
    assert clean_filename("\x00\x1b[31m") == "[31m"


# -- data sources: one answer per token ---------------------------------------------------------------


def test_each_token_sees_its_own_data_and_no_token_the_servers(sources):
    a = sources.add(LINKS, "a.csv")
    b = sources.add(OTHER, "b.csv")
    assert sources.context(a.token).dataset.actors["name"].tolist() == ["Riga Technical College", "Omnia",
                                                                          "Latvia"]
    assert sources.context(b.token).dataset.actors["name"].tolist() == ["Tallinn School", "Omnia"]
    assert sources.context(None) is sources.bundled
    assert sources.resolve("B" * 43) == (sources.bundled, UNKNOWN_TOKEN_MESSAGE)


def test_the_same_file_uploaded_twice_keeps_each_uploaders_name(sources):
    a = sources.add(LINKS, "mine.csv")
    b = sources.add(LINKS, "yours.csv")
    assert a.token != b.token
    assert sources.context(a.token).label.startswith("mine ·")
    assert sources.context(b.token).label.startswith("yours ·")
    assert sources.context(a.token).filename == "mine.csv"


def test_explorers_of_uploads_are_bounded_and_read_again_when_needed(sources):
    contexts = [sources.add(LINKS.replace(b"Omnia", f"Omnia {i}".encode()), f"{i}.csv") for i in range(4)]
    assert len(sources._loaded) <= 2
    again = sources.context(contexts[0].token)  # evicted: read from the folder again
    assert again.dataset.fingerprint == contexts[0].dataset.fingerprint


def test_many_requests_for_a_new_token_load_it_once(store):
    token, _ = store.add(LINKS, "links.csv")
    fresh = DataSources(Explorer(tiny_dataset()), store, _metric_names())  # another worker: nothing in memory
    loads = []
    real = store.load

    def counting(upload):
        loads.append(threading.get_ident())
        time.sleep(0.05)
        return real(upload)
    store.load = counting
    with ThreadPoolExecutor(16) as pool:
        fingerprints = set(pool.map(lambda _: fresh.context(token).dataset.fingerprint, range(32)))
    assert len(fingerprints) == 1 and len(loads) == 1


def test_a_deleted_upload_falls_back_to_the_servers_data(sources):
    a = sources.add(LINKS, "a.csv")
    sources.uploads.remove(a.token)
    context, message = sources.resolve(a.token)
    assert context is sources.bundled and message == UNKNOWN_TOKEN_MESSAGE


def test_uploads_and_sources_hold_no_mutable_module_state():
    import ast
    import inspect

    from graph_explorer import uploads
    from graph_explorer.app import sources as sources_module
    from graph_explorer.app import upload_panel

    for module in (uploads, sources_module, upload_panel):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and t.id != "__all__":
                        value = getattr(module, t.id)
                        assert not isinstance(value, (list, dict, set)), f"{module.__name__}.{t.id} is mutable"
