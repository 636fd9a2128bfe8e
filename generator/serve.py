"""`papercat serve`: build, serve the output on localhost, rebuild when content or templates change,
and reload open pages.

Live reload is added by the HTTP handler only: HTML responses get a small script appended that
listens on a Server-Sent Events stream (`/__papercat/events`). The built files are never touched,
so `site/` stays exactly what `papercat build --drafts` makes (a preview shows drafts). A failed rebuild leaves the last good site in
place (the writer swaps output only on success); its `FILE:LINE` problems go to the terminal and
into an overlay on every open page until the next good build.

This module reports through a callback and never prints: the CLI decides what the terminal shows."""

from __future__ import annotations

import json
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from generator import writer
from generator.build import SERVING, TEMPLATES, BuildResult, Progress, _no_progress, build, check_out
from generator.config import load_config
from generator.errors import PapercatError, Problem, near
from generator.inputs import check_content
from generator.state import input_stats
from generator.store import Store
from generator.theme import Theme, theme_for

log = logging.getLogger(__name__)

EVENTS = "/__papercat/events"
STATUS = "/__papercat/status"
KEEPALIVE_SECONDS = 15.0
SWAP_WAIT_SECONDS = 10.0  # the longest a request waits for a site that a build is swapping in
HTML = "text/html; charset=utf-8"

# Appended to served HTML only. `data` is a JSON object {generation, error}: `generation` counts
# good builds; a page built from an older one reloads; `error` is shown as text, never as HTML.
LIVE_SCRIPT = """<script data-papercat-live>
(function () {
  var generation = %(generation)d, box = null;
  var events = new EventSource(%(events)s);
  events.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    if (state.error) {
      if (!box) {
        box = document.createElement("pre");
        box.id = "papercat-error";
        box.setAttribute("role", "alert");
        box.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;margin:0;" +
          "padding:1em 1.25em;z-index:2147483647;background:#fff4f4;color:#7a0000;border-bottom:3px solid #c00;" +
          "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;";
        document.body.appendChild(box);
      }
      box.textContent = "papercat: the last build failed; this is the last good site.\\n\\n" + state.error;
    } else if (state.generation !== generation) {
      location.reload();
    } else if (box) {
      box.remove();
      box = null;
    }
  });
})();
</script>
"""

NO_SITE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>papercat serve</title></head>
<body><p>No site has been built yet. Fix the problems shown in the terminal;
this page reloads when a build succeeds.</p>
</body></html>
"""


@dataclass(frozen=True)
class State:
    generation: int  # good builds so far
    error: str | None  # the problems of the latest build, when it failed


class LiveState:
    """What the build thread publishes and every event stream waits on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._state = State(0, None)
        self._version = 0
        self.stopping = False

    @property
    def current(self) -> State:
        with self._cond:
            return self._state

    def publish(self, error: str | None, changed: bool = True) -> State:
        """A build's outcome: an error, or a good build (`changed`: it changed the site, so open
        pages reload; a save that changed nothing the site shows reloaded them all, losing the
        reader's place, and a failed build then fixed to what it was only clears the error)."""
        with self._cond:
            generation = self._state.generation + (error is None and changed)
            self._state = State(generation, error)
            self._version += 1
            self._cond.notify_all()
            return self._state

    def snapshot(self) -> tuple[int, State]:
        with self._cond:
            return self._version, self._state

    def wait(self, version: int, timeout: float) -> tuple[int, State]:
        """Block until something newer than `version` is published (or timeout, or stop)."""
        with self._cond:
            self._cond.wait_for(lambda: self._version != version or self.stopping, timeout)
            return self._version, self._state

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self._cond.notify_all()


def inject(page: bytes, state: State) -> bytes:
    """`page` with the live-reload script before its last `</body>` (or at the end)."""
    script = (LIVE_SCRIPT % {"generation": state.generation, "events": json.dumps(EVENTS)}).encode()
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_text(exc: BaseException) -> str:
    """A failed build as the terminal and the overlay show it: one `FILE:LINE: ...` line per problem."""
    if isinstance(exc, PapercatError):
        return "\n".join(str(near(p)) for p in exc.problems)  # (paths as check and build show them)
    if isinstance(exc, OSError) and exc.filename:  # (a file that cannot be read or written: its path and the cause)
        return f"{exc.filename}: {exc.strerror or exc}"
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)  # e.g. Jinja syntax errors
    where = f"{filename}:{lineno}: " if filename and lineno else f"{filename}: " if filename else ""
    return f"{where}{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"


class Handler(SimpleHTTPRequestHandler):
    """Serves the output directory under the catalog's base path, with live reload in HTML."""

    server: LiveServer

    def __init__(self, request, client_address, server: LiveServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.out))

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        log.debug("%s " + format, self.address_string(), *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        """Strip the base path (`/catalog/` when catalog.yml says so); outside it nothing exists."""
        url = urlsplit(path).path
        base = self.server.base_path
        if base != "/":
            if not url.startswith(base):
                return str(self.server.out / ".papercat-outside-base-path")
            url = "/" + url[len(base):]
        return super().translate_path(url)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._get(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._get(body=False)

    def _get(self, body: bool) -> None:
        if not self._host_allowed():
            return self._send(HTTPStatus.FORBIDDEN, b"papercat serve answers only requests for this computer's own "
                              b"names (localhost); serve with --host 0.0.0.0 to be reached by others\n",
                              "text/plain; charset=utf-8", body)
        url = urlsplit(self.path).path
        if url == EVENTS:
            return self._events() if body else self._send(HTTPStatus.OK, b"", "text/event-stream", body)
        if url == STATUS:
            state = self.server.live.current
            data = json.dumps({"generation": state.generation, "error": state.error}).encode()
            return self._send(HTTPStatus.OK, data, "application/json", body)
        base = self.server.base_path
        if base != "/" and url in ("/", base.rstrip("/")):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", base)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, data, ctype, headers = self._lookup(url)
        if ctype.startswith("text/html"):
            data = inject(data, self.server.live.current)
        self._send(status, data, ctype, body, headers)

    def _host_allowed(self) -> bool:
        """A preview served on a loopback address (the default) answers only requests that name a
        loopback host: a web page whose own name an attacker's DNS points here a moment later (DNS
        rebinding) would otherwise read the preview, drafts and all. Served elsewhere (`--host
        0.0.0.0`), the curator chose to be reached by other names."""
        if not _loopback(str(self.server.server_address[0])):
            return True
        given = self.headers.get("Host")
        if given is None:  # (HTTP/1.0: no name to check; a browser always sends one)
            return True
        host = urlsplit("//" + given).hostname or ""
        return host == "localhost" or host.endswith(".localhost") or _loopback(host)

    def _lookup(self, url: str) -> tuple[HTTPStatus, bytes, str, dict[str, str]]:
        """The response from one whole version of the site: (status, bytes, type, headers).

        A cold build swaps its new site in with two renames (writer.SiteWriter), so for a moment
        there is no output directory, and a lookup may meet the old site in one step and the new
        one in the next. A file read whole is good, whichever site it came from; but a miss counts
        only when the output directory is the same one before and after the lookup, and while it
        is missing and a build is at work beside it (writer.busy) the request waits for the swap
        to end. So no request sees a gap (17,334 requests across cold rebuilds once met 5)."""
        out = self.server.out
        rel = os.path.relpath(self.translate_path(self.path), out)
        deadline = time.monotonic() + SWAP_WAIT_SECONDS
        while True:
            before = _identity(out)
            if before is None:
                if writer.busy(out) and time.monotonic() < deadline:
                    time.sleep(0.005)
                    continue
                return HTTPStatus.SERVICE_UNAVAILABLE, NO_SITE.encode(), HTML, {}
            found = self._file(out, rel, url)
            if found is not None and found[0] != HTTPStatus.NOT_FOUND:
                return found
            if _identity(out) == before:
                return found or (HTTPStatus.SERVICE_UNAVAILABLE, NO_SITE.encode(), HTML, {})
            # (swapped while we looked: look again, in the new site)

    def _file(self, out: Path, rel: str, url: str) -> tuple[HTTPStatus, bytes, str, dict[str, str]] | None:
        """The file at `rel` (a folder's index.html; a redirect for a folder without its slash), else
        the site's 404 page, else None."""
        if "\0" in rel:  # (an encoded NUL: no file has one in its name, and open() would raise ValueError)
            rel = "\0"
        path = os.path.join(out, rel)
        if "\0" not in path and os.path.isdir(path):
            if not url.endswith("/"):  # (as the stdlib's handler does)
                parts = urlsplit(self.path)
                return HTTPStatus.MOVED_PERMANENTLY, b"", HTML, {"Location": parts._replace(path=parts.path + "/").geturl()}
            path = os.path.join(path, "index.html")
        real_out = os.path.realpath(out)
        for status, name in ((HTTPStatus.OK, path), (HTTPStatus.NOT_FOUND, os.path.join(out, "404.html"))):
            if "\0" in name or not os.path.realpath(name).startswith(real_out + os.sep):
                continue  # (a link in the site to a file outside it is not served)
            try:
                with open(name, "rb") as f:
                    data = f.read()
            except OSError:  # (missing, a folder, or swapped away by a rebuild since)
                continue
            return status, data, HTML if name.endswith(".html") else self.guess_type(name), {}
        return None

    def _send(self, status: HTTPStatus, data: bytes, ctype: str, body: bool, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """A Server-Sent Events stream: the current state at once, then every change."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        version, state = live.snapshot()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not live.stopping:
                self.wfile.write(b"event: state\ndata: " + json.dumps(
                    {"generation": state.generation, "error": state.error}).encode() + b"\n\n")
                self.wfile.flush()
                while True:
                    new_version, state = live.wait(version, KEEPALIVE_SECONDS)
                    if new_version != version or live.stopping:
                        version = new_version
                        break
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the page went away


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which directory `folder` is now (a rebuild's swap puts another in its place), or None."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LiveServer(ThreadingHTTPServer):
    daemon_threads = True  # event streams never block shutdown
    request_queue_size = 128  # (the default 5 refused 36 of 1,000 connections from 100 threads at once)

    def __init__(self, address: tuple[str, int], out: Path, base_path: str, live: LiveState) -> None:
        self.out = out
        self.base_path = base_path
        self.live = live
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def handle_error(self, request, client_address) -> None:
        log.debug("request from %s failed", client_address, exc_info=True)


@dataclass
class Report:
    """What happened, for the CLI to show. `error` is set when a build failed."""

    kind: str  # "built" | "failed" | "serving" | "stopped"
    result: BuildResult | None = None
    error: str | None = None
    url: str | None = None
    changed: tuple[str, ...] = ()
    served: bool = False  # (a failed build: whether a good site is served meanwhile)


class Server:
    """Builds, serves and watches until `stop()` (or Ctrl-C in `run()`)."""

    def __init__(self, content: Path, out: Path, host: str = "127.0.0.1", port: int = 8000,
                 templates: Path = TEMPLATES, report: Callable[[Report], None] = lambda r: None,
                 progress: Progress = _no_progress) -> None:
        self.content, self.out, self.templates = content, out.resolve(), templates
        self._theme_dir: str | None = None
        self.watched = [content.resolve(), *self._theme().dirs]
        for watched in self.watched:
            if self.out == watched or watched in self.out.parents:
                raise PapercatError(Problem(str(out), None, f"the output directory is inside {watched}, which is "
                                            "watched: every build would start another",
                                            field="--out", hint="use the default, site/"))
        # Refused before serving, not at the first build: a server would otherwise go on serving the
        # folder's own files (a folder holding the catalog, with its .git).
        check_out(self.content.resolve(), self.out, self._theme(), Store.for_site(self.content.resolve(), self.out))
        self.report, self.progress = report, progress
        self.live = LiveState()
        self._stop = threading.Event()
        self._build_lock = threading.Lock()
        self.httpd = LiveServer((host, port), self.out, self._base_path("/"), self.live)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}{self.httpd.base_path}"

    def _theme(self) -> Theme:
        """The folders templates come from (the catalog's own, if it has one, and the packaged ones)."""
        try:
            check_content(self.content)  # (nothing is read through a link that leaves the content folder)
            self._theme_dir = load_config(self.content).theme_dir
            return theme_for(self.content.resolve(), self._theme_dir, self.templates)
        except (PapercatError, OSError):
            return theme_for(self.content.resolve(), None, self.templates)  # the build reports it

    def _base_path(self, fallback: str) -> str:
        """The site's base path by catalog.yml (which also names the theme's folder, kept for `_folders`)."""
        try:
            check_content(self.content)
            cfg = load_config(self.content)
        except (PapercatError, OSError):
            return fallback  # the build reports it
        self._theme_dir = cfg.theme_dir
        return cfg.base_path

    def rebuild(self, changed: Iterable[str] = ()) -> State:
        """One build; publish the result to open pages and report it. (Once the server's threads
        run, a big build's workers are spawned, not forked: parallel.start_method.)"""
        with self._build_lock:
            try:
                result = build(self.content, self.out, templates=self.templates, progress=self.progress,
                               drafts=True)  # (a preview shows drafts, with their badge)
            except Exception as e:  # noqa: BLE001 - any failure keeps the last good site served
                text = error_text(e)
                state = self.live.publish(text)
                self.report(Report("failed", error=text, changed=tuple(changed), served=self.live.current.generation > 0
                                   or _identity(self.out) is not None))
                return state
            self.httpd.base_path = self._base_path(self.httpd.base_path)
            state = self.live.publish(None, changed=bool(result.written or result.removed or result.mode == "cold"))
            self.report(Report("built", result=result, changed=tuple(changed)))
            return state

    def _watch(self, before: dict[str, list[int]] | None) -> None:
        """Rebuild on every change under the watched folders. Which folders those are can change
        while serving (a `templates/` folder made, `theme_dir:` set in catalog.yml): looked at
        again every second and after each build, and watched anew when they differ (an override
        made after `serve` started was never seen). `before`: every input file's size and time
        before the first build; a file saved after it but before the watch began (its first
        report, within a second) is found by comparing them (such a save was missed)."""
        import watchfiles

        pending: list[str] = []  # new folders, built from once the watch on them has started
        while not self._stop.is_set():
            paths = [p for p in self.watched if p.is_dir()]
            for changes in watchfiles.watch(*paths, watch_filter=_watch_filter, stop_event=self._stop, debounce=300,
                                            step=50, raise_interrupt=False, rust_timeout=1000, yield_on_timeout=True):
                if self._stop.is_set():
                    return
                if before is not None:  # (the watch has begun: what changed since the first build began is built too)
                    now = self._inputs() or {}
                    pending += [_shown(Path(f)) for f in sorted(now.keys() | before.keys())
                                if now.get(f) != before.get(f) and _watch_filter(None, f)]
                    before = None
                if changes or pending:  # (a file written into a new folder before its watch began is built too)
                    self.rebuild(sorted({*_changed_paths(changes), *pending}))
                    pending = []
                now = self._folders()
                if now != self.watched:
                    pending = [_shown(p) for p in now if p not in self.watched] or ["the theme's folders"]
                    self.watched = now
                    break

    def _folders(self) -> list[Path]:
        """The content folder and the theme's folders that exist now, by the `theme_dir` catalog.yml
        gave at the last build (cheap: looked at every second)."""
        return [self.content.resolve(), *theme_for(self.content.resolve(), self._theme_dir, self.templates).dirs]

    def run(self) -> None:
        """Build, then serve and watch until Ctrl-C (or `stop()` from another thread)."""
        store = Store.for_site(self.content.resolve(), self.out)
        store.claim(SERVING, True)  # (a `papercat build` into the same site then says it changes this preview)
        try:
            self._run()
        finally:
            store.claim(SERVING, False)

    def _inputs(self) -> dict[str, list[int]] | None:
        """Every watched file's size and time; None when they cannot be read (then nothing is compared)."""
        try:
            return input_stats(*[p for p in self.watched if p.is_dir()])
        except OSError:
            return None

    def _run(self) -> None:
        before = self._inputs()
        self.rebuild()
        watcher = threading.Thread(target=self._watch, args=(before,), name="papercat-watch", daemon=True)
        watcher.start()
        self.report(Report("serving", url=self.url))
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
            self.live.stop()
            watcher.join(timeout=5)
            self.httpd.server_close()
            self.report(Report("stopped"))

    def stop(self) -> None:
        """Stop a `run()` going on in another thread."""
        self._stop.set()
        self.live.stop()
        self.httpd.shutdown()


_default_filter = None


def _watch_filter(change, path: str) -> bool:
    """Skip hidden files (editor swap files, the atomic writer's temporaries) and the usual noise."""
    global _default_filter
    if _default_filter is None:
        import watchfiles

        _default_filter = watchfiles.DefaultFilter()
    name = os.path.basename(path)
    return not name.startswith(".") and not name.endswith("~") and _default_filter(change, path)


def _changed_paths(changes: set[tuple[object, str]]) -> list[str]:
    """Paths worth naming: not a file that came and went within one batch (an editor's or sed's temporary)."""
    import watchfiles

    kinds: dict[str, set] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    transient = {watchfiles.Change.added, watchfiles.Change.deleted}
    return sorted(_shown(Path(p)) for p, k in kinds.items() if not transient <= k or Path(p).exists())


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)

