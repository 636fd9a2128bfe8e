// Typeset the math spans the build marked in titles and abstracts ($...$, $$...$$, \(...\), \[...\])
// with the vendored KaTeX.
//
// Only pages that show math load this file (partials/math.html), and it fetches KaTeX's CSS and JS
// (the URLs are on its script tag) after the page's first paint: the text is readable at once, with
// its TeX source, and is typeset when KaTeX arrives, which is what a slow network shows anyway.
// Fetching it with <link>/<script> tags instead made the largest paint wait for 270 KB of KaTeX
// whenever it arrived before the first paint (Lighthouse mobile performance 94 instead of 100).
(function () {
  "use strict";

  var tag = document.currentScript;
  if (!tag || !window.Promise) return;
  var DELIMITERS = [["$$", "$$", true], ["\\[", "\\]", true], ["\\(", "\\)", false], ["$", "$", false]];

  function load(el) {
    return new Promise(function (resolve, reject) {
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function script(src) {
    var s = document.createElement("script");
    s.src = src;
    return load(s);
  }

  function typeset() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = tag.dataset.katexCss;
    // The CSS must be there before anything is typeset, and the two fonts
    // most formulas use too, so that the text moves once, not again when they arrive (Lighthouse's
    // layout shift on desktop: 0.19 without waiting, 0.12 with).
    var fonts = load(css).then(function () {
      return document.fonts && Promise.all([document.fonts.load("1em KaTeX_Main"), document.fonts.load("italic 1em KaTeX_Math")]);
    });
    Promise.all([fonts, script(tag.dataset.katexJs)])
      .then(function () {
        if (!window.katex) return;
        // The build marks each math span (generator/markup.py's MATH, Pandoc's rule for `$`, which
        // tells "$5 and $10" from "$n$-gram"): only those are typeset, each with its delimiters.
        document.querySelectorAll(".math-scope .math").forEach(function (span) {
          var tex = span.textContent;
          for (var i = 0; i < DELIMITERS.length; i++) {
            var d = DELIMITERS[i];
            if (tex.length > d[0].length + d[1].length && tex.slice(0, d[0].length) === d[0] &&
                tex.slice(-d[1].length) === d[1]) {
              try {
                katex.render(tex.slice(d[0].length, tex.length - d[1].length), span,
                             { displayMode: d[2], throwOnError: false });
              } catch (e) { /* (left as its TeX source) */ }
              return;
            }
          }
        });
        // A formula wider than the screen scrolls in its box (style.css): a keyboard must reach it too.
        var focusable = function () {
          document.querySelectorAll(".katex-display").forEach(function (box) {
            if (box.scrollWidth > box.clientWidth) box.tabIndex = 0; else box.removeAttribute("tabindex");
          });
        };
        focusable();
        window.addEventListener("resize", focusable);
      })
      .catch(function () {  // no KaTeX: show the TeX source in full (style.css)
        document.documentElement.classList.add("math-failed");
      });
  }

  // After the next frame is painted: requestAnimationFrame runs just before a paint, and a timeout
  // queued from it runs after. A hidden tab paints no frames, so it starts at once.
  if (document.visibilityState === "hidden") typeset();
  else requestAnimationFrame(function () { setTimeout(typeset, 0); });
})();
