"""The build's cache files: what is saved is what is loaded, whole or not at all."""

import numpy as np
import orjson

from generator.store import Store


def _value(n: int) -> dict:
    return {f"paper-{i:05d}": {"bib": f"@article{{k{i}, title={{Über {i} <b>}}}}", "n": i, "t": [i, "é"]}
            for i in range(n)}


def test_a_dict_saved_a_slice_at_a_time_is_the_dict_loaded(tmp_path):
    store = Store(tmp_path)
    for n in (0, 1, 999, 1000, 2501):
        store.save("cited", _value(n))
        assert store.load("cited") == _value(n)
        body = (tmp_path / "cited.json").read_bytes().partition(b"\n")[2]
        assert body == orjson.dumps(_value(n))  # (the same bytes as one dump: any JSON reader reads it)


def test_a_changed_byte_anywhere_in_a_saved_file_makes_it_unread(tmp_path):
    store = Store(tmp_path)
    store.save("cited", _value(3000))
    data = bytearray((tmp_path / "cited.json").read_bytes())
    for at in (len(data) // 3, len(data) - 2):
        damaged = bytearray(data)
        damaged[at] ^= 1
        (tmp_path / "cited.json").write_bytes(bytes(damaged))
        assert store.load("cited") is None
    (tmp_path / "cited.json").write_bytes(bytes(data))
    assert store.load("cited") == _value(3000)


def test_arrays_and_their_value_come_back_together(tmp_path):
    store = Store(tmp_path)
    arrays = {"postings": np.arange(100_000, dtype=np.int32), "weights": np.linspace(0, 1, 7)}
    store.save_arrays("search", arrays, {"terms": ["attention", "diffusion"]})
    loaded, value = store.load_arrays("search")
    assert value == {"terms": ["attention", "diffusion"]}
    assert set(loaded) == set(arrays) and all(np.array_equal(loaded[k], arrays[k]) for k in arrays)


def test_a_big_dict_inside_a_small_one_is_saved_in_pieces_too(tmp_path):
    """The citation entries are {"papers": {slug: ...}}: no piece may hold all of them."""
    from generator.store import _json_pieces

    value = {"a": 1, "papers": _value(2500), "b": {"c": _value(1001)}, "z": [1, 2]}
    pieces = list(_json_pieces(value, 1000))
    assert b"".join(pieces) == orjson.dumps(value)
    assert max(map(len, pieces)) < len(orjson.dumps(value)) / 3  # (2,500 + 1,001 items; pieces of at most 1,000)
    Store(tmp_path).save("cited", value)
    assert Store(tmp_path).load("cited") == value


def test_a_table_comes_back_whole_and_a_save_writes_only_the_parts_of_changed_rows(tmp_path):
    from generator.store import PARTS

    rows = {k: [i, v["bib"]] for i, (k, v) in enumerate(_value(500).items())}
    Store(tmp_path).save_table("t", "look-1", rows)
    assert len(list(tmp_path.glob("t.*.json"))) == PARTS
    store = Store(tmp_path)
    assert store.load_table("t") == ("look-1", rows)

    def stamps():
        return {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("t.*.json")}

    before = stamps()
    rows["paper-00007"] = [7, "edited"]
    del rows["paper-00011"]
    rows["paper-new"] = [0, "added"]
    store.save_table("t", "look-1", rows, ["paper-00007", "paper-00011", "paper-new"])
    assert Store(tmp_path).load_table("t") == ("look-1", rows)
    rewritten = {name for name, t in stamps().items() if before[name] != t}
    assert 1 <= len(rewritten) <= 3  # (the parts of those three keys, no other)


def test_a_table_with_a_new_head_or_a_lost_part_is_written_whole_again(tmp_path):
    rows = {f"k{i}": i for i in range(200)}
    Store(tmp_path).save_table("t", "look-1", rows)
    store = Store(tmp_path)
    store.load_table("t")
    store.save_table("t", "look-2", rows, [])  # (a new head: every part says it)
    assert Store(tmp_path).load_table("t") == ("look-2", rows)
    (tmp_path / "t.3.json").unlink()
    store = Store(tmp_path)
    head, partial = store.load_table("t")
    assert head == "look-2" and len(partial) < len(rows)  # (the other parts' rows still count)
    store.save_table("t", "look-2", rows, [])  # (a part was missing: all are written)
    assert Store(tmp_path).load_table("t") == ("look-2", rows)
    damaged = bytearray((tmp_path / "t.5.json").read_bytes())
    damaged[-3] ^= 1
    (tmp_path / "t.5.json").write_bytes(bytes(damaged))
    assert len(Store(tmp_path).load_table("t")[1]) < len(rows)


def test_parts_that_disagree_on_the_head_give_no_rows(tmp_path):
    Store(tmp_path).save_table("t", "look-1", {f"k{i}": i for i in range(100)})
    other = Store(tmp_path / "other")
    other.save_table("t", "look-2", {f"k{i}": i for i in range(100)})
    (tmp_path / "t.0.json").write_bytes((tmp_path / "other" / "t.0.json").read_bytes())
    assert Store(tmp_path).load_table("t") == (None, {})


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_build_removes_the_half_written_cache_files_of_killed_builds_only(tmp_path):
    """A build killed while saving leaves its temporary file (300 MB at 100,000 papers); the next
    build removes it, but never one of a build still running, nor a finished file."""
    import os

    from generator.build import build
    from tests.sitecheck import make_tree

    content = make_tree(tmp_path / "content", {
        "catalog.yml": "title: Tiny\n",
        "papers/one.md": "---\ntitle: One paper\nslug: one\n---\n\nAn abstract about attention.\n",
        "tags.yml": "attention:\n  label: Attention\n", "topics.yml": "{}\n"})
    build(content, tmp_path / "site", cache=tmp_path / "cache")
    (store,) = [p.parent for p in (tmp_path / "cache").glob("*/state.json")]
    kept = sorted(p.name for p in store.iterdir())
    killed = store / f".entries.json.{_dead_pid()}-k1ll3d"
    running = store / f".items.json.{os.getpid()}-runn1ng"
    for f in (killed, running):
        f.write_bytes(b"half a file")
    assert build(content, tmp_path / "site", cache=tmp_path / "cache").mode == "unchanged"
    assert not killed.exists() and running.exists()
    assert sorted(p.name for p in store.iterdir() if p != running) == kept
