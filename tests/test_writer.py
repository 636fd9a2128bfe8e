"""generator/writer.py's `Behind`: files written by a thread of their own, and nothing left behind."""

from __future__ import annotations

import threading

import pytest

from generator import writer


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "papercat-writer"}


def test_every_file_put_is_written_whole_once_the_block_is_left(tmp_path):
    files = {f"papers/p{i}/index.html": f"<p>{i}</p>".encode() * (i + 1) for i in range(300)}
    with writer.Behind(tmp_path, depth=4) as behind:  # (a short queue: put waits for the thread)
        for rel, data in files.items():
            behind.put(rel, data)
    assert {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*.html")} == files
    assert _threads() == set()


def test_a_write_that_fails_is_raised_in_the_builds_thread(tmp_path):
    (tmp_path / "papers").write_text("a file where a folder must go")
    with pytest.raises(OSError):
        with writer.Behind(tmp_path) as behind:
            behind.put("papers/x/index.html", b"x")
            for i in range(1000):  # (the error comes back at a later put, or on leaving)
                behind.put(f"other/{i}.html", b"y")
    assert _threads() == set()


def test_leaving_by_an_error_writes_nothing_more_and_keeps_that_error(tmp_path, monkeypatch):
    import time

    real = writer.put

    def slow(root, rel, data, made=None):
        time.sleep(0.01)
        real(root, rel, data, made)

    monkeypatch.setattr(writer, "put", slow)

    class Stop(Exception):
        pass

    with pytest.raises(Stop):
        with writer.Behind(tmp_path, depth=1000) as behind:
            for i in range(200):  # (two seconds of writing, all waiting at once)
                behind.put(f"a/{i}.html", b"z")
            raise Stop
    assert _threads() == set()
    assert len(list(tmp_path.rglob("*.html"))) < 20  # (what waited was dropped, not written)
