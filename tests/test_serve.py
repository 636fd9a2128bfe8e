"""`papercat serve`: serves the build, rebuilds on edits, keeps the last good site through a broken
edit while the terminal and the event stream carry its FILE:LINE, and recovers after the fix."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.entries import write_atomic
from generator.errors import PapercatError, Problem
from generator.serve import EVENTS, LiveState, Server, error_text, inject
from tests.sitecheck import ENTRY, make_tree, snapshot

ROOT = Path(__file__).resolve().parent.parent


def content_dir(root: Path, catalog: str = "title: Test catalog\n") -> Path:
    make_tree(root, {
        "catalog.yml": catalog,
        "papers/first.md": ENTRY.format(title="First paper", slug="first"),
        "papers/second.md": ENTRY.format(title="Second paper", slug="second"),
    })
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


# How long a test waits for a build it caused before failing. Waiting ends as soon as the build is
# seen, so a long limit costs nothing when all is well; 15 s once ran out on a loaded 2-core machine.
PATIENCE = 60.0


def until(what: str, check: Callable[[], object], seconds: float = PATIENCE) -> object:
    """Poll `check` until it returns something truthy; fail with `what` after the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Output:
    """The server's merged stdout and stderr, read as it comes."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Events:
    """The `data:` of every `state` event on the server's event stream, as parsed JSON."""

    def __init__(self, url: str) -> None:
        self.queue: queue.Queue[dict] = queue.Queue()
        self._response = urllib.request.urlopen(url, timeout=30)
        assert self._response.headers["Content-Type"] == "text/event-stream"
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            for raw in self._response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    self.queue.put(json.loads(line[len("data: "):]))
        except OSError:  # the server went away
            pass

    def next_matching(self, check: Callable[[dict], bool], seconds: float = PATIENCE) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            state = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if check(state):
                return state


@pytest.fixture
def served(tmp_path):
    """A `python -m generator serve` subprocess on a free port over a small content copy."""
    content = content_dir(tmp_path / "content")
    out = tmp_path / "site"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0", "--content", str(content), "--out", str(out)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    output = Output(proc.stdout)
    try:
        line = until("the serving line", lambda: next((x for x in output.lines if x.startswith("serving ")), None)
                     or (proc.poll() is not None and pytest.fail(output.text)))
        url = line.split()[1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        yield url, content, out, proc, output
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_serve_rebuilds_keeps_last_good_site_on_error_and_recovers(served):
    url, content, out, proc, output = served
    status, headers, page = get(url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "data-papercat-live" in page and page.index("data-papercat-live") < page.rindex("</body>")
    assert "data-papercat-live" not in (out / "index.html").read_text(encoding="utf-8")  # built files stay clean
    assert get(url + "static/style.css")[2] == (out / "static" / "style.css").read_text(encoding="utf-8")
    # The stream is read by a thread until the server ends it; closing it from here would wait for that
    # thread's read to return.
    events = Events(url + EVENTS.lstrip("/"))
    first = events.next_matching(lambda s: True)
    assert first["error"] is None

    # An edit: the page shows the new title, and open pages are told to reload.
    entry = content / "papers" / "first.md"
    write_atomic(entry, ENTRY.format(title="First paper, edited", slug="first"))  # as editors save
    until("the edited title", lambda: "First paper, edited" in get(url + "papers/first/")[2])
    rebuilt = events.next_matching(lambda s: s["generation"] > first["generation"])
    assert rebuilt["error"] is None

    # A broken edit: FILE:LINE in the terminal and on the event stream; the last good site stays.
    good = snapshot(out)
    write_atomic(entry, ENTRY.format(title="First paper, edited", slug="first").replace("'2024-03-01'", "2024-13-45"))
    # (relative to serve's folder, as check and build say it: the server runs in the catalog's folder)
    problem = f"{entry.relative_to(content.parent)}:4: date: is not a real date (got '2024-13-45')"
    broken = events.next_matching(lambda s: s["error"] is not None)
    assert problem in broken["error"].splitlines()
    assert broken["generation"] == rebuilt["generation"]
    until("the problem in the terminal", lambda: problem in output.lines)
    assert json.loads(get(url + "__papercat/status")[2])["error"] == broken["error"]
    status, _, page = get(url + "papers/first/")
    assert status == 200 and "First paper, edited" in page
    assert snapshot(out) == good

    # The fix: a new good build, the overlay's error gone.
    write_atomic(entry, ENTRY.format(title="First paper, fixed", slug="first"))
    fixed = events.next_matching(lambda s: s["error"] is None)
    assert fixed["generation"] == rebuilt["generation"] + 1
    assert "First paper, fixed" in get(url + "papers/first/")[2]

    proc.send_signal(signal.SIGINT)  # Ctrl-C
    assert proc.wait(timeout=10) == 0
    events.reader.join(timeout=5)
    assert not events.reader.is_alive()  # the stream ended with the server
    until("the last line", lambda: output.lines and output.lines[-1] == "stopped", 5)
    assert "Traceback" not in output.text


def test_serve_sees_a_theme_made_after_it_started_and_reloads_pages_only_for_changes(served):
    """`templates/` made while serving was never watched (the folders were fixed at start), and a
    save that changed nothing on the site reloaded every open page."""
    url, content, out, proc, output = served
    events = Events(url + EVENTS.lstrip("/"))
    first = events.next_matching(lambda s: True)
    entry = content / "papers" / "first.md"
    entry.write_bytes(entry.read_bytes())  # (saved again as it was: read again, and nothing changes)
    until("a build after the save", lambda: sum("first.md" in x for x in output.lines) >= 1)
    same = events.next_matching(lambda s: True)
    assert same == first  # (no new generation: open pages stay where the reader is)

    footer = content.parent / "templates" / "partials" / "site_footer.html"
    footer.parent.mkdir(parents=True)
    time.sleep(1.5)  # (the empty folder may be seen first: the file then comes while its watch starts)
    footer.write_text('<footer class="site-footer"><p>Made by the Example Lab.</p></footer>\n', encoding="utf-8")
    until("the new footer", lambda: "Example Lab" in get(url)[2])
    assert events.next_matching(lambda s: s["generation"] > first["generation"])["error"] is None
    footer.write_text('<footer class="site-footer"><p>Made by the Other Lab.</p></footer>\n', encoding="utf-8")
    until("the edited footer", lambda: "Other Lab" in get(url)[2])
    assert "Traceback" not in output.text


def test_a_build_into_the_served_site_says_it_changes_the_preview(served):
    """`papercat build` beside a running serve took the drafts out of its preview without a word."""
    from generator.build import build

    url, content, out, proc, output = served
    said = build(content, out).warnings
    assert any(f"`papercat serve` (process {proc.pid}) is serving {out.resolve()}" in w for w in said), said
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    assert not any("papercat serve" in w for w in build(content, out).warnings)  # (its claim went with it)


def test_live_script_shows_the_error_as_text():
    page = inject(b"<html><body><p>x</p></body></html>", LiveState().current)
    script = page.decode().split("<script data-papercat-live>", 1)[1]
    assert page.endswith(b"</body></html>")
    assert "textContent" in script and "innerHTML" not in script
    assert '"/__papercat/events"' in script and "location.reload()" in script
    assert inject(b"no body tag", LiveState().current).startswith(b"no body tag<script")


def test_error_text_is_one_file_line_per_problem():
    err = PapercatError([Problem("a.md", 3, "bad", field="date"), Problem("b.md", None, "worse")])
    assert error_text(err) == "a.md:3: date: bad\nb.md: worse"


def test_serves_under_the_catalogs_base_path_and_without_a_site(tmp_path):
    """In-process: /catalog/ from catalog.yml, `/` redirects there, a 404 page, and a first build
    that fails (no site yet) still answers with a page that will reload."""
    content = content_dir(tmp_path / "content", "title: Test catalog\nbase_url: /catalog/\n")
    reports = []
    server = Server(content, tmp_path / "site", port=0, report=reports.append)
    (content / "papers" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nx\n", encoding="utf-8")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        until("serving", lambda: any(r.kind == "serving" for r in reports))
        assert reports[0].kind == "failed"
        assert f"{content / 'papers' / 'broken.md'}:2: unreadable YAML" in reports[0].error
        base = server.url
        assert base.endswith("/catalog/")
        status, _, page = get(base)
        assert status == 503 and "data-papercat-live" in page

        (content / "papers" / "broken.md").unlink()
        until("a good build", lambda: server.live.current.generation == 1 and server.live.current.error is None)
        status, _, page = get(base)
        assert status == 200 and 'href="/catalog/' in page and "data-papercat-live" in page
        root = base[: -len("catalog/")]
        request = urllib.request.Request(root, method="GET")
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 302 and redirect.value.headers["Location"] == "/catalog/"
        status, _, page = get(base + "no/such/page/")
        assert status == 404 and "data-papercat-live" in page
        assert get(root + "papers/first/")[0] == 404  # outside the base path
        status, headers, css = get(base + "static/style.css")
        assert status == 200 and "data-papercat-live" not in css and headers["Cache-Control"] == "no-store"
    finally:
        server.stop()
        thread.join(timeout=10)
    assert reports[-1].kind == "stopped"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_serve_shows_drafts_with_their_badge(tmp_path, monkeypatch):
    """A preview shows what a curator is working on: drafts too, marked as such."""
    monkeypatch.setenv("PAPERCAT_CACHE", str(tmp_path / "cache"))
    content = content_dir(tmp_path / "content")
    make_tree(content, {"papers/draft.md": ENTRY.format(title="Draft paper", slug="draft").replace(
        "slug: draft\n", "slug: draft\ndraft: true\n")})
    reports = []
    server = Server(content, tmp_path / "site", port=0, report=reports.append)
    try:
        server.rebuild()
    finally:
        server.httpd.server_close()
    assert [(r.kind, r.result.papers) for r in reports] == [("built", 3)]
    page = (tmp_path / "site" / "papers" / "draft" / "index.html").read_text(encoding="utf-8")
    assert 'Draft paper <span class="badge-draft">Draft</span></h1>' in page


def test_no_request_meets_a_gap_while_cold_rebuilds_swap_the_site_in(tmp_path, monkeypatch):
    """A cold build swaps its site in with two renames. Requests from several threads across cold
    rebuilds (the gap between the renames widened to 30 ms, so that every swap is met) all get
    their page: none gets "No site has been built yet" or a 404."""
    import os

    from generator import writer

    monkeypatch.setenv("PAPERCAT_CACHE", str(tmp_path / "cache"))
    content = content_dir(tmp_path / "content")
    out = (tmp_path / "site").resolve()
    replace = os.replace

    def slow_replace(src, dst, *args, **kwargs):
        replace(src, dst, *args, **kwargs)
        if os.fspath(src) == str(out):  # (the old site has just been moved aside)
            time.sleep(0.03)

    reports = []
    server = Server(content, out, port=0, report=reports.append)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    failures, counts, stop = [], [0], threading.Event()

    def hammer(path: str, expect: str) -> None:
        while not stop.is_set():
            status, _, text = get(server.url + path)
            counts[0] += 1
            if status != 200 or expect not in text:
                failures.append((path, status, text[:80]))

    try:
        until("serving", lambda: any(r.kind == "serving" for r in reports))
        monkeypatch.setattr(writer.os, "replace", slow_replace)
        threads = [threading.Thread(target=hammer, args=args, daemon=True) for args in
                   [("", "First paper"), ("papers/first/", "First paper"), ("static/style.css", "{")] * 2]
        for t in threads:
            t.start()
        for _ in range(3):
            shutil.rmtree(tmp_path / "cache")  # (no state: the next build is a cold one, and swaps)
            server.rebuild()
            assert reports[-1].kind == "built" and reports[-1].result.mode == "cold"
        stop.set()
        for t in threads:
            t.join(timeout=10)
    finally:
        stop.set()
        server.stop()
        thread.join(timeout=10)
    assert counts[0] > 30 and failures == []


def test_serve_never_answers_with_a_file_outside_the_site_nor_drops_a_request(tmp_path):
    """Found by bench/probe.py: an encoded NUL dropped the connection with no answer, a link placed
    in site/ to a file outside it was served, and 100 clients at once had connections refused."""
    content = content_dir(tmp_path / "content", "title: Test catalog\n")
    (tmp_path / "secret.txt").write_text("not for the site\n", encoding="utf-8")
    reports = []
    server = Server(content, tmp_path / "site", port=0, report=reports.append)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        until("serving", lambda: any(r.kind == "serving" for r in reports))
        (tmp_path / "site" / "leak.txt").symlink_to(tmp_path / "secret.txt")
        for path in ("%00", "index.html%00.txt", "secret.txt%00", "leak.txt"):
            status, _, page = get(server.url + path)
            assert status == 404 and "not for the site" not in page, path
        with concurrent.futures.ThreadPoolExecutor(100) as pool:
            statuses = list(pool.map(lambda _: get(server.url)[0], range(300)))
        assert statuses == [200] * 300
    finally:
        server.stop()
        thread.join(timeout=10)


def test_serve_answers_only_requests_for_a_loopback_name(tmp_path):
    """From the security review: the preview answered a request with any Host, so a page whose
    name an attacker's DNS points at 127.0.0.1 after it loaded (DNS rebinding) could read it, drafts
    and all. On a loopback address it answers localhost and loopback addresses only."""
    import http.client

    reports = []
    server = Server(content_dir(tmp_path / "content"), tmp_path / "site", port=0, report=reports.append)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        until("serving", lambda: any(r.kind == "serving" for r in reports))
        port = urlsplit(server.url).port

        def status(host: str) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.putrequest("GET", "/", skip_host=True)
            conn.putheader("Host", host)
            conn.endheaders()
            answer = conn.getresponse()
            answer.read()
            conn.close()
            return answer.status

        assert [status(h) for h in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost")] == [200] * 4
        assert [status(h) for h in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}")] == [403] * 3
    finally:
        server.stop()
        thread.join(timeout=10)


def test_serve_refuses_before_serving_a_folder_a_build_would_replace(tmp_path):
    """Each build was refused, but the server went on serving the folder's own files (`--out .`: the
    catalog and its .git)."""
    content = content_dir(tmp_path / "catalog" / "content")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("private\n", encoding="utf-8")
    for out, said in ((tmp_path / "catalog", "holds the content folder"), (mine, "not a site papercat built")):
        with pytest.raises(PapercatError) as e:
            Server(content, out, port=0)
        assert said in str(e.value.problems[0])
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "private\n"


def test_serve_names_a_bad_entry_as_check_and_build_do_relative_to_the_current_folder(tmp_path, monkeypatch):
    """serve said `/tmp/.../mycat/content/papers/x.md:17: ...` where check and build say
    `content/papers/x.md:17: ...`."""
    monkeypatch.chdir(tmp_path)
    inside, outside = tmp_path / "content" / "papers" / "x.md", tmp_path.parent / "elsewhere.md"
    err = PapercatError([Problem(str(inside), 17, "bad", field="date"), Problem(str(outside), None, "worse")])
    assert error_text(err).splitlines() == [f"{Path('content/papers/x.md')}:17: date: bad", f"{outside}: worse"]


def test_a_save_before_the_watch_has_begun_is_built(tmp_path, monkeypatch):
    """`serving` is said as the watch starts, and the watch takes a moment to begin: a save in that
    moment was never built (CI saw it: a test saving right after `serving` waited a minute). Here the
    watch begins half a second late, and the entry is saved meanwhile."""
    import watchfiles

    real = watchfiles.watch

    def late(*args, **kwargs):
        time.sleep(0.5)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(watchfiles, "watch", late)
    with _serving_in_a_thread(tmp_path) as (content, reports):
        _edit_first_and_see_it_built(content, reports, "saved early")
        assert "saved early" in (tmp_path / "site" / "papers" / "first" / "index.html").read_text(encoding="utf-8")


@contextlib.contextmanager
def _serving_in_a_thread(tmp_path: Path):
    """A Server over a small content copy, run in a thread until the block ends: (content, reports)."""
    reports = []
    content = content_dir(tmp_path / "content")
    server = Server(content, tmp_path / "site", port=0, report=reports.append)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        until("serving", lambda: any(r.kind == "serving" for r in reports))
        yield content, reports
    finally:
        server.stop()
        thread.join(timeout=10)


def _edit_first_and_see_it_built(content: Path, reports: list, words: str) -> None:
    entry = content / "papers" / "first.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("First paper", f"First paper, {words}"),
                     encoding="utf-8")
    built = until("the edit built", lambda: next((r for r in reports[1:] if r.kind == "built"), None))
    assert any(c.endswith("first.md") for c in built.changed)


def test_the_watch_goes_on_when_the_files_cannot_be_compared(tmp_path, monkeypatch):
    """A file gone between being listed and being looked at (an editor's temporary) made the
    comparison raise in the watch's thread, which ended: serve went on serving, never rebuilding."""
    import generator.serve as serve_module
    import generator.state as state

    real = state.input_stats
    calls = []

    def flaky(*roots):
        calls.append(roots)
        if len(calls) == 2:  # (the watch's comparison, after the one before the first build)
            raise FileNotFoundError(2, "No such file or directory", "content/papers/.first.md.swp")
        return real(*roots)

    monkeypatch.setattr(serve_module, "input_stats", flaky)
    with _serving_in_a_thread(tmp_path) as (content, reports):
        until("the comparison", lambda: len(calls) >= 2)
        time.sleep(0.5)
        _edit_first_and_see_it_built(content, reports, "edited")


def test_input_stats_leave_out_a_file_removed_while_they_are_taken(tmp_path, monkeypatch):
    from generator import state

    (tmp_path / "kept.md").write_text("x", encoding="utf-8")
    (tmp_path / "gone.md").write_text("x", encoding="utf-8")
    listed = list(state._files(tmp_path))  # (listed, then one removed before it is looked at)
    (tmp_path / "gone.md").unlink()
    monkeypatch.setattr(state, "_files", lambda root: iter(listed))
    assert sorted(Path(p).name for p in state.input_stats(tmp_path)) == ["kept.md"]
