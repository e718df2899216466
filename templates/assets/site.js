/* opsctl handbook: sidebar navigation, client-side search and coloured code.
   Vanilla JS, no dependencies, no network requests beyond the site's own
   assets/search-index.js (loaded on first use); works from file://. */
(function () {
  "use strict";

  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var here = normalise(body.getAttribute("data-path") || "");

  function normalise(u) {
    u = String(u || "").split("#")[0].split("?")[0].replace(/^\.\//, "");
    return u.replace(/(^|\/)index\.html$/, "$1");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function onMedia(mq, fn) {
    if (mq.addEventListener) mq.addEventListener("change", fn);
    else if (mq.addListener) mq.addListener(fn);
  }

  /* ---------------- Navigation ---------------- */

  /* assets/nav.js holds the tree compactly: a page is [title, file] and a folder
     [title, name, children, 1 if it has an index page], each relative to the path of
     the folder it is in. */
  function entry(raw, path) {
    if (raw.length < 3) return { t: raw[0], u: path + raw[1] };
    var dir = path + raw[1] + "/";
    return { t: raw[0], u: raw[3] ? dir + "index.html" : null, c: raw[2], dir: dir };
  }

  /* The folders from the top of the tree down to the current page, found once:
     only a folder whose path starts the current page's is looked into. */
  function foldersToCurrent(raws, path) {
    for (var i = 0; i < raws.length; i++) {
      var e = entry(raws[i], path);
      if (!e.c || here.indexOf(e.dir) !== 0) continue;
      var below = foldersToCurrent(e.c, e.dir);
      below.push(raws[i]);
      return below;
    }
    return [];
  }

  function link(item) {
    var a = el("a", null, item.t);
    a.href = root + item.u;
    if (normalise(item.u) === here) a.setAttribute("aria-current", "page");
    return a;
  }

  /* The tree of the entries `raws` of the folder at `path`. Only the folders on the
     way to the current page are open and built; another folder's entries are built
     when it is first opened, so a page of a handbook with 20,000 pages builds the
     links of its own folder, not all of them. */
  function buildTree(raws, path, open) {
    var ul = el("ul", "nav-tree");
    for (var i = 0; i < raws.length; i++) {
      var item = entry(raws[i] || [], path);
      var li = el("li");
      if (item.c && item.c.length) {
        var details = el("details");
        var summary = el("summary");
        if (item.u != null) summary.appendChild(link(item));
        else summary.textContent = item.t;
        details.appendChild(summary);
        if (open.indexOf(raws[i]) >= 0) {
          details.open = true;
          details.appendChild(buildTree(item.c, item.dir, open));
        } else {
          details.addEventListener("toggle", buildWhenOpened(details, item), { once: true });
        }
        li.appendChild(details);
      } else if (item.u != null) {
        li.appendChild(link(item));
      } else {
        li.appendChild(el("span", null, item.t));
      }
      ul.appendChild(li);
    }
    return ul;
  }

  function buildWhenOpened(details, folder) {
    return function () { details.appendChild(buildTree(folder.c, folder.dir, [])); };
  }

  function renderNav() {
    var nav = window.OPSCTL_NAV;
    var side = document.getElementById("opsctl-sidebar");
    if (!side || !nav || !nav.length) return;
    var wide = window.matchMedia ? window.matchMedia("(min-width: 721px)") : { matches: true };
    var wrap = el("details", "nav-collapse");
    var summary = el("summary", null, "Pages");
    wrap.appendChild(summary);
    wrap.appendChild(buildTree(nav, "", foldersToCurrent(nav, "")));
    wrap.open = wide.matches;
    onMedia(wide, function (e) { wrap.open = e.matches; });
    side.textContent = "";
    side.appendChild(wrap);
    // Bring the current page into view inside the sidebar (not the page).
    var current = side.querySelector('[aria-current="page"]');
    if (current && wide.matches && side.scrollHeight > side.clientHeight) {
      var top = current.getBoundingClientRect().top - side.getBoundingClientRect().top;
      if (top > side.clientHeight * 0.6) side.scrollTop = top - side.clientHeight / 3;
    }
  }

  /* ---------------- Search ---------------- */

  var input = document.getElementById("opsctl-search-input");
  var panel = document.getElementById("opsctl-search-panel");
  var results = document.getElementById("opsctl-search-results");
  var ownerSel = document.getElementById("opsctl-search-owner");
  var capSel = document.getElementById("opsctl-search-capability");
  var box = input ? input.closest(".search") || input.parentNode : null;
  var docs = null;       // prepared index
  var state = "idle";    // idle | loading | ready | failed
  var timer = 0;
  var lastSearch = 0;    // how long the last search took to show, in ms
  var status = null;     // live region
  var KINDS = { sop: "SOP", kpi: "KPI", page: "Page", goal: "Goal", capability: "Capability", person: "Person", offering: "Offering" };
  var MAX = 20;          // results listed at first
  var BATCH = 500;       // the most "Show …" lists at a time, so a 20,000-page index stays quick
  /* The results listed: the search they are for (words and filters), all its hits and
     how many are listed, so that "Show …" adds to the list without searching again,
     and the list keeps its length while the search stays the same. */
  var listed = { query: null, hits: [], ts: [], count: MAX };

  function prepare(raw) {
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var d = raw[i] || {};
      var r = { t: d.t || "", u: d.u || "", o: d.o || "", c: d.c || "", k: d.k || "", h: d.h || "", a: d.a || "", g: d.g || "", x: d.x || "", i: i };
      r.tl = r.t.toLowerCase();
      r.hl = r.h.toLowerCase();
      r.xl = r.x.toLowerCase();
      r.ol = r.o.toLowerCase();
      r.cl = r.c.toLowerCase();
      /* Tags as the tags page groups them: "on-call", "on_call" and "On call" alike. */
      r.gl = r.g.toLowerCase().replace(/[\s_-]+/g, " ");
      out.push(r);
    }
    return out;
  }

  function fillSelect(sel, values) {
    if (!sel) return;
    var keep = sel.value;
    while (sel.options.length > 1) sel.remove(1);
    for (var i = 0; i < values.length; i++) {
      var o = el("option", null, values[i]);
      o.value = values[i];
      sel.appendChild(o);
    }
    sel.value = keep;
  }

  function uniqueSorted(field) {
    var seen = {}, list = [];
    for (var i = 0; i < docs.length; i++) {
      var v = docs[i][field];
      if (v && !Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = true; list.push(v); }
    }
    return list.sort(function (a, b) { return a.localeCompare(b); });
  }

  function ready() {
    docs = prepare(Array.isArray(window.OPSCTL_SEARCH) ? window.OPSCTL_SEARCH : []);
    state = "ready";
    fillSelect(ownerSel, uniqueSorted("o"));
    fillSelect(capSel, uniqueSorted("c"));
    var params = pageParams();
    if (params.owner && ownerSel) ownerSel.value = params.owner;
    if (params.capability && capSel) capSel.value = params.capability;
    run();
  }

  function loadIndex() {
    if (state !== "idle") return;
    if (window.OPSCTL_SEARCH) { ready(); return; }
    state = "loading";
    var s = document.createElement("script");
    s.src = root + "assets/search-index.js";
    s.async = true;
    s.onload = ready;
    s.onerror = function () { state = "failed"; run(); };
    document.head.appendChild(s);
  }

  function terms() {
    /* "#support", as tags are shown, searches for "support". */
    return input.value.toLowerCase().split(/\s+/).map(function (t) { return t.replace(/^#+/, ""); }).filter(function (t) { return t.length > 0; });
  }

  /* The terms typed as tags ("#finance"): a page with that tag comes before anything
     whose title merely holds the word. */
  function tagTerms() {
    var tagged = {};
    input.value.toLowerCase().split(/\s+/).forEach(function (t) {
      if (/^#+./.test(t)) tagged[t.replace(/^#+/, "")] = true;
    });
    return tagged;
  }

  /* Whether `term` starts a word of `tags` (lowercase, words joined by spaces, a tag
     a line): "call" finds the tag "on call", "on" does not find "contracts". */
  function inTags(tags, term) {
    term = term.replace(/[_-]+/g, " ");
    for (var p = tags.indexOf(term); p >= 0; p = tags.indexOf(term, p + 1)) {
      var before = tags.charAt(p - 1);
      if (p === 0 || before === " " || before === "\n") return true;
    }
    return false;
  }

  function score(d, ts, tagged) {
    var total = 0;
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i], p;
      if (tagged[t] && inTags(d.gl, t)) total += 10000;
      else if ((p = d.tl.indexOf(t)) >= 0) total += (p === 0 || /\W/.test(d.tl.charAt(p - 1))) ? 1200 : 1000;
      else if ((p = d.hl.indexOf(t)) >= 0) total += (p === 0 || /\W/.test(d.hl.charAt(p - 1))) ? 120 : 100;
      else if (inTags(d.gl, t)) total += 50;
      else if (d.ol.indexOf(t) >= 0 || d.cl.indexOf(t) >= 0) total += 20;
      else if ((p = d.xl.indexOf(t)) >= 0) total += 1;
      else return 0;
    }
    if (d.tl === ts.join(" ")) total += 5000;
    return total;
  }

  function search() {
    var ts = terms(), tagged = tagTerms();
    var owner = ownerSel ? ownerSel.value : "";
    var cap = capSel ? capSel.value : "";
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      if (owner && d.o !== owner) continue;
      if (cap && d.c !== cap) continue;
      var s = ts.length ? score(d, ts, tagged) : 1;
      if (s > 0) hits.push({ d: d, s: s });
    }
    hits.sort(function (a, b) {
      return b.s - a.s || a.d.t.localeCompare(b.d.t) || a.d.i - b.d.i;
    });
    return hits;
  }

  /* Appends `text` to `parent`, wrapping occurrences of the terms in <mark>. */
  function highlight(parent, text, ts) {
    var lower = text.toLowerCase();
    if (!ts.length || lower.length !== text.length) { parent.appendChild(document.createTextNode(text)); return; }
    var marks = [];
    for (var i = 0; i < ts.length; i++) {
      var from = 0, p;
      while ((p = lower.indexOf(ts[i], from)) >= 0) { marks.push([p, p + ts[i].length]); from = p + ts[i].length; }
    }
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    for (var j = 0; j < marks.length; j++) {
      var m = marks[j];
      if (m[1] <= pos) continue;
      var start = Math.max(m[0], pos);
      if (start > pos) parent.appendChild(document.createTextNode(text.slice(pos, start)));
      parent.appendChild(el("mark", null, text.slice(start, m[1])));
      pos = m[1];
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* The section a page result opens at: the first heading holding a term that the
     title does not (a search for the page's own name opens the page), as
     [anchor, heading]; null when there is none. */
  function section(d, ts) {
    if (!d.a) return null;
    var wanted = ts.filter(function (t) { return d.tl.indexOf(t) < 0 && d.hl.indexOf(t) >= 0; });
    if (!wanted.length) return null;
    var anchors = d.a.split(" "), heads = d.h.split("\n");
    if (anchors.length !== heads.length) return null;
    for (var i = 0; i < heads.length; i++) {
      var lower = heads[i].toLowerCase();
      for (var j = 0; j < wanted.length; j++) if (lower.indexOf(wanted[j]) >= 0) return [anchors[i], heads[i]];
    }
    return null;
  }

  /* The page's tags that hold a term, as "#tag": they say why a page was found. */
  function matchedTags(d, ts) {
    if (!d.g) return [];
    return d.g.split("\n").filter(function (g) {
      var lower = g.toLowerCase().replace(/[\s_-]+/g, " ");
      return ts.some(function (t) { return inTags(lower, t); });
    }).map(function (g) { return "#" + g; });
  }

  function clip(text, most) {
    return text.length > most ? text.slice(0, most).replace(/\s+\S*$/, "") + " …" : text;
  }

  /* What a result shows under its title. A page's index holds its distinct words, not
     its sentences, so a page shows its sections' headings, or, found by a word of its
     text alone, that word with a few of the words first written near it; anything
     else shows its description. */
  function snippet(d, ts) {
    var page = d.k === "page" || d.k === "sop";
    var best = -1, len = 0;
    for (var i = 0; i < ts.length; i++) {
      if (page && (d.tl.indexOf(ts[i]) >= 0 || d.hl.indexOf(ts[i]) >= 0)) continue;
      var p = d.xl.indexOf(ts[i]);
      if (p >= 0 && (best < 0 || p < best)) { best = p; len = ts[i].length; }
    }
    var x = d.x;
    if (best < 0) return page && d.h ? clip(d.h.split("\n").join(" · "), 160) : clip(x, 160);
    var before = page ? 30 : 60, after = page ? 50 : 110;
    var start = Math.max(0, best - before), end = Math.min(x.length, best + len + after);
    if (start > 0) { var sp = x.indexOf(" ", start); if (sp >= 0 && sp < best) start = sp + 1; }
    if (end < x.length) { var ep = x.lastIndexOf(" ", end); if (ep > best + len) end = ep; }
    return (start > 0 ? "… " : "") + x.slice(start, end) + (end < x.length ? " …" : "");
  }

  function message(text, cls) {
    var li = el("li", cls, text);
    results.appendChild(li);
  }

  function announce(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  /* What the results depend on: the words and the filters. */
  function query() {
    return [input.value, ownerSel ? ownerSel.value : "", capSel ? capSel.value : ""].join("\n");
  }

  function hasQuery() {
    return terms().length > 0 || (ownerSel && ownerSel.value) || (capSel && capSel.value);
  }

  function open() { panel.hidden = false; }
  function close() { panel.hidden = true; }

  /* Searches and shows the results, timing it: a keystroke waits twice as long as
     the last search took before searching again (at least 15 ms, at most 150), so
     typing stays smooth on a large handbook and results come at once on a small one. */
  function run() {
    var started = Date.now();
    show();
    lastSearch = Date.now() - started;
  }

  function show() {
    if (!input) return;
    if (!hasQuery()) { results.textContent = ""; close(); announce(""); return; }
    open();
    results.textContent = "";
    if (state === "idle") loadIndex();
    if (state === "loading" || state === "idle") { message("Loading the search index…", "search-empty"); return; }
    if (state === "failed") { message("The search index could not be loaded.", "search-empty"); announce("Search unavailable"); return; }
    var ts = terms();
    var hits = search();
    if (!hits.length) {
      message("No results", "search-empty");
      announce("No results");
      return;
    }
    if (query() !== listed.query) listed.count = MAX;
    listed.query = query();
    listed.hits = hits;
    listed.ts = ts;
    list(0, Math.min(hits.length, listed.count));
    announce(hits.length === 1 ? "1 result" : hits.length + " results");
  }

  /* Lists the hits from `from` up to `to`, after those listed, then, while some are
     not, says how many are and offers the next ones. */
  function list(from, to) {
    var frag = document.createDocumentFragment(), hits = listed.hits, total = hits.length;
    for (var i = from; i < to; i++) frag.appendChild(result(hits[i].d, listed.ts));
    listed.count = to;
    if (to < total) {
      var li = el("li", "search-more", "Showing " + to + " of " + total + " results. Add a word to narrow them, or ");
      // Up to the next multiple of BATCH: 20, then 500, 1,000…
      var next = Math.min(total, (Math.floor(to / BATCH) + 1) * BATCH);
      var button = el("button", null, next === total ? "Show all " + total + " results" : "Show results " + (to + 1) + "–" + next);
      button.type = "button";
      button.addEventListener("click", function () { more(next); });
      li.appendChild(button);
      frag.appendChild(li);
    }
    results.appendChild(frag);
  }

  /* "Show …": the next results join the list, the first of them takes the focus (the
     button goes), and screen readers hear how many are listed now. */
  function more(to) {
    var from = listed.count, old = results.querySelector(".search-more");
    if (old) results.removeChild(old);
    list(from, to);
    var links = resultLinks();
    if (links[from]) links[from].focus();
    announce(to === listed.hits.length ? "Showing all " + to + " results" : "Showing " + to + " of " + listed.hits.length + " results");
  }

  /* One result: a link to what was found, with its kind, owner and capability, and
     what it says near the words searched for. */
  function result(d, ts) {
    var li = el("li");
    var a = el("a");
    var at = section(d, ts);
    // A page opens with the words searched for marked in its text (see
    // highlightSearched), before any #section it opens at.
    var marks = (d.k === "page" || d.k === "sop") && ts.length ? "?highlight=" + encodeURIComponent(ts.join(" ")) : "";
    a.href = root + d.u + marks + (at ? "#" + at[0] : "");
    var title = el("span", "result-title");
    highlight(title, d.t || d.u, ts);
    if (at) {
      var part = el("span", "result-section");
      highlight(part, at[1], ts);
      title.appendChild(document.createTextNode(" › "));
      title.appendChild(part);
    }
    a.appendChild(title);
    var meta = [KINDS[d.k] || d.k, d.o, d.c].concat(matchedTags(d, ts)).filter(function (v) { return v; }).join(" · ");
    if (meta) a.appendChild(el("span", "result-meta", meta));
    var snip = snippet(d, ts);
    if (snip) {
      var sn = el("span", "result-snippet");
      highlight(sn, snip, ts);
      a.appendChild(sn);
    }
    li.appendChild(a);
    return li;
  }

  function resultLinks() {
    return Array.prototype.slice.call(results.querySelectorAll("a"));
  }

  /* The arrow keys go through the results and on to the "Show …" button after them. */
  function move(delta) {
    var items = Array.prototype.slice.call(results.querySelectorAll("a, button"));
    if (!items.length) return;
    var i = items.indexOf(document.activeElement);
    var next = i + delta;
    if (next < 0) { input.focus(); return; }
    if (next >= items.length) next = items.length - 1;
    items[next].focus();
  }

  function pageParams() {
    var out = {};
    var q = window.location.search.replace(/^\?/, "");
    if (!q) return out;
    var parts = q.split("&");
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split("=");
      try { out[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || "").replace(/\+/g, " ")); } catch (e) { /* ignore malformed */ }
    }
    return out;
  }

  function initSearch() {
    if (!input || !panel || !results) return;
    status = el("div", "visually-hidden");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(status);
    input.setAttribute("aria-controls", "opsctl-search-results");
    input.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");

    // Back in the box, the panel shows again; the results already listed for what it
    // holds are kept as they are (all 20,000 of them, if the reader asked for them).
    input.addEventListener("focus", function () {
      loadIndex();
      if (!hasQuery()) return;
      if (state === "ready" && listed.query === query() && results.firstChild) open();
      else run();
    });
    input.addEventListener("input", function () {
      loadIndex();
      clearTimeout(timer);
      timer = setTimeout(run, Math.min(150, Math.max(15, 2 * lastSearch)));
    });
    function filterChanged() { run(); }
    if (ownerSel) ownerSel.addEventListener("change", filterChanged);
    if (capSel) capSel.addEventListener("change", filterChanged);

    box.addEventListener("keydown", function (e) {
      var inResults = results.contains(document.activeElement);
      if (e.key === "ArrowDown" && (e.target === input || inResults)) {
        e.preventDefault();
        if (panel.hidden && hasQuery()) run();
        move(1);
      } else if (e.key === "ArrowUp" && (e.target === input || inResults)) {
        e.preventDefault();
        move(-1);
      } else if (e.key === "Enter" && e.target === input) {
        e.preventDefault();
        clearTimeout(timer);
        run();
        var links = resultLinks();
        if (links.length) window.location.href = links[0].href;
      } else if (e.key === "Escape") {
        if (!panel.hidden) { e.preventDefault(); close(); input.focus(); }
        else if (input.value) { input.value = ""; run(); }
      }
    });

    document.addEventListener("mousedown", function (e) {
      if (!panel.hidden && !box.contains(e.target)) close();
    });
    document.addEventListener("focusin", function (e) {
      if (!panel.hidden && !box.contains(e.target)) close();
    });
    document.addEventListener("keydown", function (e) {
      // Ctrl-K and Cmd-K, as on most documentation sites, work from anywhere (the
      // browser's own Ctrl-K, a web search, is not what the reader of a handbook
      // wants); "/" only where it would not be typed.
      var modK = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === "k" || e.key === "K");
      if (!modK) {
        if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
        var t = e.target, tag = t && t.tagName;
        if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      }
      e.preventDefault();
      input.focus();
      input.select();
    });

    var params = pageParams();
    if (params.q || params.owner || params.capability) {
      input.value = params.q || "";
      loadIndex();
      run();
    }
  }

  /* ---------------- Wide content ---------------- */

  /* Tables, code and charts wider than the screen scroll sideways; while one does,
     it takes the keyboard focus too, so it can be scrolled without a mouse. */
  function focusableWhenScrolling() {
    var wide = document.querySelectorAll(".content pre, .markdown table, .table-wrap, figure.chart");
    function update() {
      for (var i = 0; i < wide.length; i++) {
        var e = wide[i];
        if (e.scrollWidth > e.clientWidth + 1) e.setAttribute("tabindex", "0");
        else e.removeAttribute("tabindex");
      }
    }
    update();
    var pending;
    window.addEventListener("resize", function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(update);
    });
  }

  /* ---------------- On this page ---------------- */

  /* The table of contents stands open beside the text on a wide screen and is folded
     above it on a narrow one (the stylesheet's breakpoint); the section being read
     is marked in it. The page has it open, so that without scripts it is read
     everywhere. */
  function tableOfContents() {
    var details = document.querySelector(".toc details");
    if (!details) return;
    var wide = window.matchMedia("(min-width: 1200px)");
    function fit() { details.open = wide.matches; }
    fit();
    onMedia(wide, fit);

    var nav = details.parentNode;
    var links = details.querySelectorAll("a[href^='#']"), targets = [];
    for (var i = 0; i < links.length; i++) {
      // The href holds the id as it is (the page escapes it for HTML only).
      var target = document.getElementById(links[i].getAttribute("href").slice(1));
      if (target) targets.push([target, links[i]]);
    }
    var current = null;
    function mark() {
      // The last section whose heading has reached the line a link to it brings it
      // to (below the sticky header); the first before any has. At the foot of the
      // page, where the last sections cannot reach that line, the section linked to
      // if it is in view, else the last one that is.
      var root = document.documentElement;
      var line = parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
      var foot = window.scrollY > 0 && window.scrollY + window.innerHeight >= root.scrollHeight - 2;
      var now = targets[0][1], linked = null, last = null;
      for (var i = 0; i < targets.length; i++) {
        var top = targets[i][0].getBoundingClientRect().top;
        if (top <= line + 1) now = targets[i][1];
        if (foot && top >= line - 1 && top <= window.innerHeight) {
          last = targets[i][1];
          if (location.hash === "#" + targets[i][0].id) linked = last;
        }
      }
      if (foot) now = linked || last || now;
      if (now === current) return;
      if (current) current.removeAttribute("aria-current");
      now.setAttribute("aria-current", "location");
      current = now;
      keepInView(now);
    }
    // A long table of contents scrolls in its column: the marked entry is kept in view.
    function keepInView(link) {
      if (nav.scrollHeight <= nav.clientHeight) return;
      var box = nav.getBoundingClientRect(), at = link.getBoundingClientRect();
      if (at.top < box.top) nav.scrollTop -= box.top - at.top + 8;
      else if (at.bottom > box.bottom) nav.scrollTop += at.bottom - box.bottom + 8;
    }
    if (!targets.length) return;
    mark();
    // Browsers send at most one scroll event a frame: no need to throttle. A link to a
    // section may scroll the page only once it has loaded.
    window.addEventListener("scroll", mark, { passive: true });
    window.addEventListener("load", mark);
  }

  /* ---------------- Colouring code ---------------- */

  /* A code block fenced with a language (```sh, ```sql, ```yaml) is coloured by a
     small tokenizer, in the browser rather than by the build, which stays as fast as
     the pages' text alone. Each language is a list of [kind, pattern] rules, tried in
     order at each place in the code; the patterns have no capturing groups, so the
     rule that matched is the group that did. Only the markup changes: the text, and
     so copying and find-in-page, stays the same. */
  function words(list, upperToo) {
    var all = list.split(" ");
    // SQL's keywords are written in either case (the pattern is not `i`: its other
    // rules, and other languages', are case-sensitive).
    if (upperToo) all = all.concat(list.toUpperCase().split(" "));
    return new RegExp("\\b(?:" + all.join("|") + ")\\b");
  }
  var NUMBER = /\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/;
  var DQ = /"(?:[^"\\\n]|\\.)*"/;
  var SQ = /'(?:[^'\\\n]|\\.)*'/;
  var CALL = /\b[A-Za-z_]\w*(?=\()/;
  var SLASH_COMMENT = /\/\/.*|\/\*[\s\S]*?\*\//;
  var LANGUAGES = {
    shell: [
      ["comment", /(?<=^|[\s;])#.*/],
      // A here-document with one of the usual delimiters is text, to its end.
      ["string", /<<-?[ \t]*['"]?(?:EOF|EOT|END|EOL|HERE|TEXT|SQL|YAML|JSON)['"]?[\s\S]*?^[ \t]*(?:EOF|EOT|END|EOL|HERE|TEXT|SQL|YAML|JSON)$/],
      ["string", /"(?:[^"\\\n]|\\[\s\S])*"|'[^'\n]*'/],
      ["variable", /\$(?:\{[^}\n]*\}|[A-Za-z_]\w*|[0-9@*#?$!-])/],
      ["prompt", /^[ \t]*\$(?= )/],
      ["keyword", /(?<=^[ \t]*|[|;&({][ \t]*)(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function|select|return|exit|export|local|readonly)\b/],
      ["function", /(?<=(?:^|^[ \t]*\$ |[|;&({]|\$\()[ \t]*)[A-Za-z_.\/~][\w.\/~+-]*(?![\w.\/~+-]*=)/],
      ["option", /(?<=\s)--?[A-Za-z0-9][\w.-]*/],
      ["operator", /\|\||&&|[|;]|>>?|<|2>&1/]
    ],
    sql: [
      ["comment", /--.*|\/\*[\s\S]*?\*\//],
      ["string", /'(?:[^']|'')*'/],
      ["variable", /"(?:[^"]|"")*"|(?<![\w:])[:@$]\w+/],
      ["keyword", words("select from where and or not null is in as on join left right inner outer full cross natural using group by order having limit offset fetch insert into values update set delete create table index view drop alter add column primary key foreign references unique default check constraint begin commit rollback transaction with recursive union intersect except all distinct case when then else end exists between like ilike returning grant revoke to vacuum analyze verbose explain truncate if cascade interval asc desc nulls first last over partition window lateral int integer bigint smallint text varchar char boolean timestamp timestamptz date time numeric decimal serial uuid json jsonb", true)],
      ["literal", words("true false", true)],
      ["function", CALL],
      ["number", NUMBER]
    ],
    toml: [
      ["comment", /#.*/],
      ["section", /^[ \t]*\[\[?[ \t]*(?:[\w-]+|"[^"\n]*"|'[^'\n]*')(?:[ \t]*\.[ \t]*(?:[\w-]+|"[^"\n]*"|'[^'\n]*'))*[ \t]*\]\]?(?=[ \t]*(?:#.*)?$)/],
      ["key", /(?<=^[ \t]*|[{,][ \t]*)(?:[\w-]+|"[^"\n]*"|'[^'\n]*')(?:[ \t]*\.[ \t]*(?:[\w-]+|"[^"\n]*"|'[^'\n]*'))*(?=[ \t]*=)/],
      ["string", /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'/],
      ["number", /\b\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?\b|\b\d{2}:\d{2}:\d{2}\b|[+-]?\b(?:0x[\da-fA-F_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)\b|[+-]?\b(?:inf|nan)\b/],
      ["literal", words("true false")]
    ],
    ini: [
      ["comment", /^[ \t]*[#;].*/],
      ["section", /^[ \t]*\[[^\]\n]*\]/],
      ["key", /(?<=^[ \t]*(?:export[ \t]+)?)[\w.-]+(?=[ \t]*[=:])/],
      ["string", new RegExp(DQ.source + "|" + SQ.source)],
      ["variable", /\$\{[^}\n]*\}|\$\w+/]
    ],
    yaml: [
      ["comment", /(?<=^|\s)#.*/],
      ["section", /^(?:---|\.\.\.)(?=\s|$)/],
      ["key", /(?<=^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)(?:"[^"\n]*"|'[^'\n]*'|[^\s#'"{}[\],&*!|>%@`-][^\n#]*?)(?=[ \t]*:(?:[ \t]|$))/],
      ["string", /(?<=^[ \t]*(?:-[ \t]+)*|:[ \t]+|[[{,][ \t]*)(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')/],
      ["operator", /^[ \t]*(?:-[ \t]+)*-(?=[ \t]|$)|[|>][-+]?(?=[ \t]*$)/],
      ["variable", /(?<=\s|^)[&*][\w-]+|(?<=\s|^)!!?[\w\/.-]*/],
      ["literal", /(?<=:[ \t]+|-[ \t]+|[[,][ \t]*)(?:true|false|null|yes|no|on|off|True|False|Null|TRUE|FALSE|NULL|~)(?=[ \t]*(?:#|$|,|\]|\}))/],
      ["number", /(?<=:[ \t]+|-[ \t]+|[[,][ \t]*)[+-]?(?:\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|0x[\da-fA-F]+|\.inf|\.nan)(?=[ \t]*(?:#|$|,|\]|\}))/]
    ],
    json: [
      ["comment", SLASH_COMMENT],
      ["key", new RegExp(DQ.source + "(?=\\s*:)")],
      ["string", DQ],
      ["literal", words("true false null")],
      ["number", /-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/]
    ],
    python: [
      ["comment", /#.*/],
      ["string", /(?:\b[rRbBuUfF]{1,2})?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/],
      ["function", /^[ \t]*@[\w.]+|(?<=\b(?:def|class)[ \t]+)\w+/],
      ["keyword", words("and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case")],
      ["literal", words("True False None")],
      ["function", CALL],
      ["number", NUMBER]
    ],
    javascript: [
      ["comment", SLASH_COMMENT],
      ["string", new RegExp(DQ.source + "|" + SQ.source + "|`(?:[^`\\\\]|\\\\[\\s\\S])*`")],
      ["keyword", words("async await break case catch class const continue debugger default delete do else export extends finally for from function if import in instanceof let new of return static super switch this throw try typeof var void while with yield interface type enum implements readonly")],
      ["literal", words("true false null undefined NaN Infinity")],
      ["function", CALL],
      ["number", NUMBER]
    ],
    diff: [
      ["section", /^(?:diff |index |--- |\+\+\+ |@@).*/],
      ["added", /^[+>].*/],
      ["removed", /^[-<].*/]
    ],
    dockerfile: [
      ["comment", /^[ \t]*#.*/],
      ["keyword", /(?<=^[ \t]*)(?:FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b|\bAS\b/],
      ["string", new RegExp(DQ.source + "|" + SQ.source)],
      ["variable", /\$\{[^}\n]*\}|\$\w+/],
      ["option", /(?<=\s)--[\w-]+/]
    ]
  };
  var ALIASES = {
    sh: "shell", bash: "shell", zsh: "shell", ksh: "shell", "shell-session": "console", shellsession: "console", terminal: "console",
    psql: "sql", postgres: "sql", postgresql: "sql", mysql: "sql", sqlite: "sql", plsql: "sql", tsql: "sql",
    cfg: "ini", conf: "ini", env: "ini", dotenv: "ini", properties: "ini", editorconfig: "ini", gitconfig: "ini",
    yml: "yaml", jsonc: "json", json5: "json", py: "python", python3: "python",
    js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript", ts: "javascript", typescript: "javascript", tsx: "javascript",
    patch: "diff", docker: "dockerfile", containerfile: "dockerfile"
  };
  var compiled = {};

  /* The tokenizer of a language, made on first use; null for a language it does not
     know, or one whose patterns this browser cannot read (lookbehind is a 2023 feature
     in some browsers): its blocks stay plain. */
  function tokenizer(name) {
    name = ALIASES[name] || name;
    if (name === "console") {
      var shell = tokenizer("shell");
      return shell && { kinds: shell.kinds, re: shell.re, prompted: true };
    }
    if (!Object.prototype.hasOwnProperty.call(LANGUAGES, name)) return null;
    if (!Object.prototype.hasOwnProperty.call(compiled, name)) {
      var rules = LANGUAGES[name];
      try {
        compiled[name] = {
          kinds: rules.map(function (r) { return r[0]; }),
          re: new RegExp(rules.map(function (r) { return "(" + r[1].source + ")"; }).join("|"), "gm")
        };
      } catch (e) {
        compiled[name] = null;
      }
    }
    return compiled[name];
  }

  function languageOf(code) {
    var m = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
    return m ? tokenizer(m[1].toLowerCase()) : null;
  }

  /* Appends `text` to `out` as spans of its tokens and text between them; whether any
     token was found. */
  function tokens(text, lang, out) {
    var re = lang.re, last = 0, found = false, m;
    re.lastIndex = 0;
    while ((m = re.exec(text))) {
      if (!m[0]) {
        re.lastIndex++;
        continue;
      }
      var i = 1;
      while (m[i] === undefined) i++;
      if (m.index > last) out.appendChild(document.createTextNode(text.slice(last, m.index)));
      out.appendChild(el("span", "hl-" + lang.kinds[i - 1], m[0]));
      last = m.index + m[0].length;
      found = true;
    }
    if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
    return found;
  }

  /* A terminal session (```console): a line after a prompt (`$ `, `# `, `% `) is a
     command, coloured as shell; the others are its output, left plain. */
  var PROMPT = /^([ \t]*[$#%] )(.*)$/;

  function colour(code, lang) {
    var text = code.textContent, spans = document.createDocumentFragment(), found = false;
    if (!lang.prompted) {
      found = tokens(text, lang, spans);
    } else {
      var lines = text.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var m = PROMPT.exec(lines[i]);
        if (m) {
          spans.appendChild(el("span", "hl-prompt", m[1]));
          tokens(m[2], lang, spans);
          found = true;
        } else {
          spans.appendChild(document.createTextNode(lines[i]));
        }
        if (i < lines.length - 1) spans.appendChild(document.createTextNode("\n"));
      }
    }
    if (!found) return;
    code.textContent = "";
    code.appendChild(spans);
  }

  /* How much code (in characters) is coloured as the page loads: any SOP's worth. Past
     that, a block is coloured when it comes near the screen, or before printing. */
  var CODE_COLOURED_AT_ONCE = 30000;

  function colourCode() {
    var blocks = document.querySelectorAll('.markdown pre > code[class*="language-"]'), later = [], spent = 0;
    for (var i = 0; i < blocks.length; i++) {
      var code = blocks[i], lang = languageOf(code), size = code.textContent.length;
      // Markup of the page's own inside a block is left as it is, and a block too long
      // to colour quickly stays plain.
      if (!lang || code.firstElementChild || size > 200000) continue;
      if (spent < CODE_COLOURED_AT_ONCE) colour(code, lang);
      else later.push(code);
      spent += size;
    }
    if (!later.length) return;
    function now(code) {
      if (code.firstElementChild) return;
      colour(code, languageOf(code));
    }
    window.addEventListener("beforeprint", function () { later.forEach(now); });
    if (!("IntersectionObserver" in window)) return later.forEach(now);
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        near.unobserve(entry.target);
        now(entry.target);
      });
    }, { rootMargin: "800px 0px" });
    later.forEach(function (code) { near.observe(code); });
  }

  /* ---------------- Copying code ---------------- */

  /* Each code block gets a button that copies its text (commands in an SOP are there
     to be run). Where the clipboard cannot be written (an old browser, a page served
     over plain HTTP from another host), the code is selected instead. */
  function copyButtons() {
    var blocks = document.querySelectorAll(".markdown pre");
    if (!blocks.length) return;
    var said = el("div", "visually-hidden");
    said.setAttribute("role", "status");
    document.body.appendChild(said);
    for (var i = 0; i < blocks.length; i++) addCopyButton(blocks[i], said);
  }

  function addCopyButton(pre, said) {
    var wrap = el("div", "code-block");
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = el("button", "copy", "Copy");
    button.type = "button";
    button.setAttribute("aria-label", "Copy code");
    wrap.insertBefore(button, pre);
    var reset;
    function done(copied) {
      if (!copied) window.getSelection().selectAllChildren(pre);
      button.textContent = copied ? "Copied" : "Selected";
      said.textContent = copied ? "Code copied" : "Code selected: press Ctrl+C to copy";
      button.classList.add("done");
      clearTimeout(reset);
      reset = setTimeout(function () {
        button.textContent = "Copy";
        button.classList.remove("done");
        said.textContent = "";
      }, 1500);
    }
    button.addEventListener("click", function () {
      var text = pre.textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
  }

  /* ---------------- Searched words on the page ---------------- */

  /* A search result opens its page with ?highlight=WORDS (as mdBook does), and the
     words are marked in the page's text where a word starts with one of them (case
     aside), so the reader sees why the page was found. Code blocks are left alone:
     their colouring, done later for a long page, rewrites their markup. Scripts,
     buttons and drawings are never looked into. At most MAX_HITS words are marked,
     so a 5 MB page stays quick. */
  var MAX_HITS = 500;
  var NOT_MARKED = /^(script|style|noscript|template|textarea|select|button|pre|svg|math)$/i;
  var marked = [];

  /* A word start of any of `searched`: group 1 is what comes before it (nothing, or
     a character that is not a letter or digit, so "call" is found in "on-call" as the
     search finds it), group 2 the word. */
  function wordStarts(searched) {
    // Longest first, so that "rollback" is marked whole where "roll" is also searched.
    var any = searched.slice().sort(function (a, b) { return b.length - a.length; })
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    try {
      return new RegExp("(^|[^\\p{L}\\p{N}])(" + any + ")", "giu");
    } catch (e) {
      return new RegExp("(^|\\W)(" + any + ")", "gi"); // a browser without \p{...}
    }
  }

  /* Replaces the text node `node` by its text with each match of `re` in a mark. */
  function markIn(node, re) {
    var text = node.data, frag = document.createDocumentFragment(), last = 0, m;
    re.lastIndex = 0;
    while (marked.length < MAX_HITS && (m = re.exec(text))) {
      var start = m.index + m[1].length;
      if (start > last) frag.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = el("mark", "search-hit", m[2]);
      frag.appendChild(mark);
      marked.push(mark);
      last = start + m[2].length;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(frag, node);
  }

  function highlightSearched() {
    var query = (pageParams().highlight || "").trim();
    var searched = query.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    var areas = document.querySelectorAll(".markdown");
    if (!searched.length || !areas.length) return;
    var re = wordStarts(searched), found = [];
    // Elements are walked into (skipped) or, for those never marked, passed over with
    // all they hold (rejected); only text nodes are returned.
    function filter(n) {
      if (n.nodeType === 3) return NodeFilter.FILTER_ACCEPT;
      return NOT_MARKED.test(n.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    }
    // The nodes are found first and changed after, which the walk would not survive.
    for (var i = 0; i < areas.length && found.length < MAX_HITS; i++) {
      var walk = document.createTreeWalker(areas[i], NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, filter);
      for (var n = walk.nextNode(); n && found.length < MAX_HITS; n = walk.nextNode()) {
        re.lastIndex = 0;
        if (re.test(n.data)) found.push(n);
      }
    }
    for (var j = 0; j < found.length && marked.length < MAX_HITS; j++) markIn(found[j], re);
    if (!marked.length) return;

    // A small bar says what is marked and clears it, as Escape does.
    var bar = el("div", "search-hits");
    var count = marked.length >= MAX_HITS ? "The first " + MAX_HITS + " matches" : marked.length === 1 ? "1 match" : marked.length + " matches";
    bar.appendChild(el("span", null, count + " for \u201c" + query + "\u201d"));
    var button = el("button", null, "Clear highlights");
    button.type = "button";
    button.setAttribute("aria-keyshortcuts", "Escape");
    bar.appendChild(button);
    corner().appendChild(bar);
    function clear() {
      var parents = [];
      marked.forEach(function (mark) {
        var parent = mark.parentNode;
        if (!parent) return;
        parent.replaceChild(document.createTextNode(mark.textContent), mark);
        if (parents.indexOf(parent) < 0) parents.push(parent);
      });
      // The text is again one node where the marks split it.
      parents.forEach(function (p) { p.normalize(); });
      marked = [];
      if (bar.parentNode) bar.parentNode.removeChild(bar);
      document.removeEventListener("keydown", onEscape);
      // Reloading the page, or copying its address, no longer marks the words.
      try {
        var url = new URL(window.location.href);
        url.searchParams.delete("highlight");
        history.replaceState(history.state, "", url.href);
      } catch (e) { /* an old browser: the address keeps them */ }
    }
    // In the search box, Escape is the search's own.
    function onEscape(e) {
      if (e.key === "Escape" && !(box && box.contains(e.target))) clear();
    }
    button.addEventListener("click", clear);
    document.addEventListener("keydown", onEscape);

    // A link to a section goes there; otherwise the first match is brought into view
    // (below the sticky header), opening the folded parts it is in.
    if (window.location.hash) return;
    var first = marked[0];
    for (var d = first.parentNode.closest("details:not([open])"); d; d = d.parentNode.closest("details:not([open])")) d.open = true;
    var line = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    var at = first.getBoundingClientRect();
    if (at.top < line || at.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
  }

  /* ---------------- The page's corner ---------------- */

  /* The bar of searched words and the way back to the top stand in one fixed stack at
     the bottom right of the page, so they never cover each other whatever their
     widths (a phone's bar is nearly as wide as the screen). It is in #opsctl-main, as
     everything a page shows is in a landmark. */
  var cornerStack = null;

  function corner() {
    if (!cornerStack) {
      cornerStack = el("div", "page-corner");
      (document.getElementById("opsctl-main") || body).appendChild(cornerStack);
    }
    return cornerStack;
  }

  /* ---------------- Back to top ---------------- */

  /* Once the reader is more than two screens down a page, a button takes them back to
     its top, and the focus to its title (else to the main content, where "Skip to
     content" leads), so the keyboard goes on from there. A short page never shows it.
     With reduced motion asked for, the page jumps instead of scrolling smoothly. */
  function backToTop() {
    var button = null;
    var still = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: true };
    function make() {
      button = el("button", "to-top", "Back to top");
      button.type = "button";
      button.hidden = true;
      button.addEventListener("click", function () {
        var main = document.getElementById("opsctl-main");
        var target = (main && main.querySelector("h1")) || main;
        if (target) {
          if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
          // Not scrolled by the focus: the scroll below does it, smoothly or not.
          target.focus({ preventScroll: true });
        }
        window.scrollTo({ top: 0, behavior: still.matches ? "auto" : "smooth" });
      });
      // Above the bar of searched words, if there is one.
      corner().insertBefore(button, corner().firstChild);
    }
    // Browsers send at most one scroll event a frame: no need to throttle.
    function update() {
      var far = window.scrollY > 2 * window.innerHeight;
      if (far && !button) make();
      if (button && button.hidden === far) button.hidden = !far;
    }
    update();
    window.addEventListener("scroll", update, { passive: true });
  }

  /* ---------------- Printing ---------------- */

  /* Folded parts of a page (raw <details> in its Markdown) would print as their
     summaries alone: they are opened to print and folded again after. */
  function unfoldToPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var folded = document.querySelectorAll(".markdown details:not([open])");
      for (var i = 0; i < folded.length; i++) {
        folded[i].open = true;
        opened.push(folded[i]);
      }
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  // Each part on its own: a fault in one (an odd page, an old browser) leaves the
  // others working.
  [renderNav, initSearch, focusableWhenScrolling, tableOfContents, colourCode, copyButtons, highlightSearched, backToTop, unfoldToPrint].forEach(function (part) {
    try {
      part();
    } catch (e) {
      if (window.console) console.error(e);
    }
  });
})();
