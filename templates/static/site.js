// papercat: theme toggle, "/" to search, sortable tables, copy buttons, a header that tucks away
// on phones. No dependencies.
(function () {
  "use strict";
  var root = document.documentElement;
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var isDark = function () {
      return root.dataset.theme ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    // A toggle button says whether it is on (dark), for screen readers as for eyes.
    toggle.setAttribute("aria-pressed", String(isDark()));
    toggle.addEventListener("click", function () {
      root.dataset.theme = isDark() ? "light" : "dark";
      toggle.setAttribute("aria-pressed", String(isDark()));
      try { localStorage.setItem("papercat-theme", root.dataset.theme); } catch (e) { /* private mode */ }
    });
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var box = document.getElementById("search-input") || document.getElementById("site-search");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        // A second click reverses the order; the first sorts numbers largest first (the tags with
        // the most papers) and text from A.
        var numeric = button.dataset.sort === "number";
        var current = th.getAttribute("aria-sort");
        var asc = current ? current !== "ascending" : !numeric;
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var d = numeric ? parseFloat(x.replace(/,/g, "")) - parseFloat(y.replace(/,/g, "")) : x.localeCompare(y);  // ("1,234")
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  // On a phone the header (title, sections, search box) is about 130 px of an 844 px screen: it
  // slides away while the page scrolls down and comes back when it scrolls up. A transform, so
  // nothing below it moves (style.css, .site-header.can-tuck).
  var header = document.querySelector(".site-header");
  // The header's height, for style.css's scroll-padding-top (it wraps onto more rows as the window narrows).
  if (header && window.ResizeObserver) {
    new ResizeObserver(function () { root.style.setProperty("--header-h", header.offsetHeight + "px"); }).observe(header);
  }
  var narrow = window.matchMedia && window.matchMedia("(max-width: 40rem)");
  if (header && narrow) {
    var lastY = window.scrollY, ticking = false;
    var update = function () {
      ticking = false;
      var y = window.scrollY;
      var tuck = narrow.matches && y > header.offsetHeight && y > lastY && !header.contains(document.activeElement);
      if (tuck || y < lastY || y <= header.offsetHeight) header.classList.toggle("tucked", tuck);
      lastY = y;
    };
    header.classList.add("can-tuck");
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(update); }
    }, { passive: true });
  }
  // Keyboard hints are for keyboards: a touch screen has no "/" key to press.
  if (window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches) {
    var box = document.getElementById("site-search");
    if (box) box.placeholder = box.placeholder.replace(/\s*\(\s*\/\s*\)\s*$/, "");
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy BibTeX"; }, 1500);
      });
    });
  });
})();
