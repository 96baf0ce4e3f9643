// Generated from Templates/ by `make theme` (scripts/embed-theme): do not edit.
// Templates/ is the editable copy; EmbeddedThemeTests fails when this file differs from it.

extension BuiltInTheme {
    /// Text files of the theme by their path in Templates/, byte for byte.
    static let textFiles: [String: String] = [
        "404.mustache": #"""
{{<base}}
{{$content}}
<header class="page-header">
  <h1>Page not found</h1>
  <p class="lead">There is no page at this address. Start again from the <a href="{{site.home_url}}">home page</a>, or search for it.</p>
</header>
{{#site.has_search_page}}
<form class="not-found-search" role="search" action="{{site.search_url}}">
  <label for="not-found-query">Search for</label>
  <input type="search" id="not-found-query" name="q">
  <button type="submit">Search</button>
</form>
{{/site.has_search_page}}
{{/content}}
{{/base}}

"""#,
        "assets/favicon.svg": ##"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e79"/><path d="M9 23 16 8l7 15h-4l-3-7-3 7z" fill="#fff"/></svg>

"""##,
        "assets/filter.js": ##"""
// Faceted browsing on a kind's index (and the timeline page, whose list is
// marked data-filter-list): turns each filter link into a
// checkbox and filters the list in place. Each option's count says how many
// entries it would show with the other groups' choices; an option that
// would show none is disabled. The choices live in the address
// (?regions=africa,europe&strategies=peacekeeping), so a filtered view can
// be shared; "Clear" resets them. Without JavaScript the links still lead
// to the matching entries.
(function () {
  "use strict";
  var data = document.getElementById("filter-data");
  var list = document.querySelector("[data-filter-list]") || document.querySelector("#kind-entries ul");
  var status = document.getElementById("filter-status");
  var panel = document.querySelector(".filters");
  if (!data || !list || !panel) return;
  var values = JSON.parse(data.textContent);
  var items = Array.prototype.slice.call(list.children);
  var sets = values.map(function (v) { return new Set(v); });
  var params = new URLSearchParams(location.search), fromURL = false;
  var boxes = [];

  document.querySelectorAll("[data-filter-value]").forEach(function (link) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = link.getAttribute("data-filter-value");
    var parts = box.value.split("=");
    box.checked = (params.get(parts[0]) || "").split(",").indexOf(parts[1]) >= 0;
    if (box.checked) fromURL = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + link.textContent));
    link.parentNode.replaceChild(label, link);
    box.addEventListener("change", apply);
    boxes.push(box);
  });

  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "filter-clear";
  clear.textContent = "Clear";
  clear.addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = false; });
    apply();
  });
  panel.appendChild(clear);
  // Folded on small screens unless the address already chooses something.
  if (panel.tagName === "DETAILS" && window.matchMedia("(max-width: 40rem)").matches && !fromURL) panel.open = false;

  function group(value) { return value.split("=")[0]; }
  function matches(i, chosen, except) {
    return Object.keys(chosen).every(function (g) {
      return g === except || chosen[g].some(function (v) { return sets[i] && sets[i].has(v); });
    });
  }

  // Within a group any checked value matches; every group with a check must match.
  function apply() {
    var chosen = {};
    boxes.forEach(function (box) { if (box.checked) (chosen[group(box.value)] = chosen[group(box.value)] || []).push(box.value); });
    var active = Object.keys(chosen), shown = 0;
    items.forEach(function (item, i) {
      var keep = matches(i, chosen, null);
      item.hidden = !keep;
      if (keep) shown++;
    });
    // Counts: the entries each option would show, with the other groups' choices kept.
    boxes.forEach(function (box) {
      var g = group(box.value), count = 0;
      items.forEach(function (item, i) { if (sets[i] && sets[i].has(box.value) && matches(i, chosen, g)) count++; });
      var badge = box.closest("li").querySelector(".count");
      if (badge) badge.textContent = count;
      box.disabled = count === 0 && !box.checked;
      box.closest("li").classList.toggle("disabled", box.disabled);
    });
    clear.disabled = !active.length;
    status.textContent = active.length ? "Showing " + shown + " of " + items.length : "";
    var query = new URLSearchParams(location.search);
    boxes.forEach(function (box) { query.delete(group(box.value)); });
    active.forEach(function (g) { query.set(g, chosen[g].map(function (v) { return v.split("=")[1]; }).join(",")); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }
  apply();
})();

"""##,
        "assets/graph.js": ##"""
// The graph page's explorer: every entry of graph.json as a dot in its
// kind's cluster (the clusters of the drawing above, hubs in the middle),
// relations as lines. Kinds and relations filter what is drawn; typing a
// title focuses an entry and lists its neighbours as links. graph.json is
// loaded only when asked (it holds every entry: megabytes on large sites),
// and 10,000 entries draw on one canvas in a few tens of milliseconds.
// Without JavaScript, or from disk (file://, where fetch() is refused), the
// page keeps its build-time drawing and lists.
(function () {
  "use strict";
  var section = document.getElementById("graph-explorer");
  if (!section || location.protocol === "file:" || !window.fetch) return;
  section.hidden = false;
  var button = document.getElementById("explorer-load");
  var form = document.getElementById("explorer-controls");
  var canvas = document.getElementById("explorer-canvas");
  var status = document.getElementById("explorer-status");
  var tip = document.getElementById("explorer-tip");
  var list = document.getElementById("explorer-focus-list");
  var focusBox = document.getElementById("explorer-focus");
  var W = canvas.width, H = canvas.height, CELL = 8;
  var nodes = [], edges = [], x = [], y = [], size = [], grid = {}, focus = -1, neighbours = [];
  var styles = getComputedStyle(document.documentElement);
  function colour(style) { return styles.getPropertyValue("--" + style.replace(/^(.)(\d+)$/, function (m, a, n) { return a + (n % 8); })).trim() || "#888"; }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Loading graph.json…";
    fetch(section.getAttribute("data-graph")).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      button.parentNode.hidden = true;
      form.hidden = false;
      document.getElementById("explorer-view").hidden = false;
      load(data);
      draw();
    }).catch(function () {
      status.textContent = "The graph data could not be loaded.";
      button.disabled = false;
    });
  });

  function checked(name) {
    var on = {};
    form.querySelectorAll("input[name=" + name + "]").forEach(function (box) { if (box.checked) on[box.value] = box.getAttribute("data-style"); });
    return on;
  }

  function load(data) {
    var kinds = data.kinds.map(function (k) { return k.id; });
    var bySlug = {}, degree = [];
    nodes = data.nodes;
    nodes.forEach(function (n, i) { bySlug[n.slug] = i; degree[i] = 0; n.k = kinds.indexOf(n.kind); });
    edges = data.edges.map(function (e) {
      var s = bySlug[e.source], t = bySlug[e.target];
      degree[s]++; degree[t]++;
      return [s, t, e.type === "relation" ? e.relation : e.type]; // "mention", "cites"
    });
    // Clusters as in the drawing: kinds round a circle from the top, area by entry count.
    var members = kinds.map(function () { return []; });
    nodes.forEach(function (n, i) { if (n.k >= 0) members[n.k].push(i); });
    var largest = Math.max.apply(null, members.map(function (m) { return m.length; }).concat([1]));
    var ring = Math.min(W, H) / 2 - 110;
    members.forEach(function (m, k) {
      var angle = -Math.PI / 2 + 2 * Math.PI * k / kinds.length;
      var cx = kinds.length > 1 ? W / 2 + ring * Math.cos(angle) : W / 2, cy = kinds.length > 1 ? H / 2 + ring * Math.sin(angle) : H / 2;
      var radius = 16 + 44 * Math.sqrt(m.length / largest), step = radius / Math.sqrt(m.length + 1);
      m.sort(function (a, b) { return degree[b] - degree[a] || a - b; });
      m.forEach(function (i, n) { // a sunflower spiral: even spacing, the most connected in the middle
        var r = step * Math.sqrt(n + 0.5), theta = n * 2.39996;
        x[i] = cx + r * Math.cos(theta); y[i] = cy + r * Math.sin(theta);
        size[i] = Math.max(1.5, Math.min(5, step * 0.55));
        var key = Math.floor(x[i] / CELL) + "," + Math.floor(y[i] / CELL);
        (grid[key] = grid[key] || []).push(i);
      });
    });
  }

  function draw() {
    var kindsOn = checked("kind"), relationsOn = checked("relation");
    var ratio = window.devicePixelRatio || 1;
    if (canvas.width !== W * ratio) { canvas.width = W * ratio; canvas.height = H * ratio; }
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, W, H);
    var kindStyles = [];
    form.querySelectorAll("input[name=kind]").forEach(function (box, k) { kindStyles[k] = box.checked ? box.getAttribute("data-style") : null; });
    var shown = 0, lines = 0;
    ctx.lineWidth = 0.6;
    edges.forEach(function (e) {
      var style = relationsOn[e[2]];
      if (!style || !kindStyles[nodes[e[0]].k] || !kindStyles[nodes[e[1]].k]) return;
      var near = focus >= 0 && (e[0] === focus || e[1] === focus);
      ctx.globalAlpha = focus < 0 ? 0.18 : near ? 0.9 : 0.04;
      ctx.strokeStyle = colour(style);
      ctx.lineWidth = near ? 1.5 : 0.6;
      ctx.beginPath(); ctx.moveTo(x[e[0]], y[e[0]]); ctx.lineTo(x[e[1]], y[e[1]]); ctx.stroke();
      lines++;
    });
    ctx.globalAlpha = 1;
    nodes.forEach(function (n, i) {
      if (!kindStyles[n.k]) return;
      ctx.globalAlpha = focus < 0 || i === focus || neighbours.indexOf(i) >= 0 ? 1 : 0.25;
      ctx.fillStyle = colour(kindStyles[n.k]);
      ctx.beginPath(); ctx.arc(x[i], y[i], i === focus ? 7 : size[i], 0, 2 * Math.PI); ctx.fill();
      shown++;
    });
    ctx.globalAlpha = 1;
    status.textContent = shown + " of " + nodes.length + " entries and " + lines + " links drawn" + (focus >= 0 ? "; focused on " + nodes[focus].title : "");
  }

  function nodeAt(event) {
    var box = canvas.getBoundingClientRect(), px = (event.clientX - box.left) * W / box.width, py = (event.clientY - box.top) * H / box.height;
    var best = -1, bestDistance = 64, kindsOn = checked("kind");
    for (var gx = Math.floor(px / CELL) - 1; gx <= Math.floor(px / CELL) + 1; gx++) {
      for (var gy = Math.floor(py / CELL) - 1; gy <= Math.floor(py / CELL) + 1; gy++) {
        (grid[gx + "," + gy] || []).forEach(function (i) {
          var d = (x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py);
          if (d < bestDistance && kindsOn[nodes[i].kind] !== undefined) { best = i; bestDistance = d; }
        });
      }
    }
    return best;
  }

  canvas.addEventListener("mousemove", function (event) {
    var i = nodeAt(event);
    canvas.style.cursor = i >= 0 ? "pointer" : "";
    tip.hidden = i < 0;
    if (i >= 0) tip.textContent = nodes[i].title;
  });
  canvas.addEventListener("mouseleave", function () { tip.hidden = true; });
  canvas.addEventListener("click", function (event) { var i = nodeAt(event); if (i >= 0) setFocus(i); });

  function link(i) {
    var item = document.createElement("li"), a = document.createElement("a");
    a.href = nodes[i].url;
    a.textContent = nodes[i].title;
    item.appendChild(a);
    return item;
  }

  function setFocus(i) {
    focus = i;
    neighbours = [];
    list.textContent = "";
    if (i >= 0) {
      edges.forEach(function (e) {
        var other = e[0] === i ? e[1] : e[1] === i ? e[0] : -1;
        if (other >= 0 && other !== i && neighbours.indexOf(other) < 0) neighbours.push(other);
      });
      list.appendChild(link(i)).className = "focused";
      neighbours.slice(0, 100).forEach(function (n) { list.appendChild(link(n)); });
    }
    draw();
  }

  focusBox.addEventListener("input", function () {
    var query = focusBox.value.trim().toLowerCase(), best = -1, rank = 3;
    if (query) nodes.forEach(function (n, i) {
      var title = n.title.toLowerCase(), r = title === query || n.slug === query ? 0 : title.indexOf(query) === 0 ? 1 : title.indexOf(query) > 0 ? 2 : 3;
      if (r < rank) { rank = r; best = i; }
    });
    setFocus(best);
  });
  form.addEventListener("change", draw);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();

"""##,
        "assets/preview.js": ##"""
// Link previews: hovering (with a mouse) or keyboard-focusing a link to an
// entry shows its title, kind, summary and how many entries each of its
// relations holds, from previews/<n>.json (written by the build; one small
// file per shard of entries, fetched once per page when first needed, so
// most hovers make no request). Off on touch screens, where a tap should
// just follow the link, and from disk (file://), where fetch() is refused.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || location.protocol === "file:" || !window.fetch) return;
  var root = new URL(script.getAttribute("data-root") || "/", location.href);
  var shards = parseInt(script.getAttribute("data-shards"), 10) || 1;
  var cache = {}, box = null, shownFor = null, timer = 0;

  // The same key and hash as the build (LinkPreviews.swift): the site path
  // without its trailing "/" or ".html", FNV-1a over its bytes.
  function keyOf(link) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return null;
    var url = new URL(href, location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    if (url.pathname === location.pathname) return null;
    var path = decodeURIComponent(url.pathname.slice(root.pathname.length)).replace(/(\/index)?\.html$/, "").replace(/\/$/, "");
    return /^[^\/]+(\/[^\/]+)+$/.test(path) ? path : null;
  }
  function hash(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
    return h >>> 0;
  }
  function lookup(key) {
    var n = hash(key) % shards;
    if (!cache[n]) {
      cache[n] = fetch(new URL("previews/" + n + ".json", root)).then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return cache[n].then(function (shard) { return shard[key]; });
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function show(link) {
    var key = keyOf(link);
    if (!key) return;
    lookup(key).then(function (data) {
      if (!data || shownFor !== link) return;
      if (!box) {
        box = element("div", "link-preview");
        box.id = "link-preview";
        box.setAttribute("role", "tooltip");
        box.addEventListener("mouseenter", function () { clearTimeout(timer); });
        box.addEventListener("mouseleave", hideSoon);
        document.body.appendChild(box);
      }
      box.textContent = "";
      box.appendChild(element("p", "preview-kind", data[1]));
      box.appendChild(element("p", "preview-title", data[0]));
      if (data[2]) box.appendChild(element("p", "preview-summary", data[2]));
      if (data[3].length) box.appendChild(element("p", "preview-counts", data[3].map(function (g) { return g[0] + " " + g[1]; }).join(" · ")));
      box.hidden = false;
      var rect = link.getBoundingClientRect(), width = Math.min(352, document.documentElement.clientWidth - 16);
      box.style.width = width + "px";
      box.style.left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8)) + window.scrollX + "px";
      box.style.top = rect.bottom + window.scrollY + 6 + "px";
      link.setAttribute("aria-describedby", "link-preview");
    });
  }
  function hide() {
    clearTimeout(timer);
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    if (box) box.hidden = true;
  }
  function hideSoon() { clearTimeout(timer); timer = setTimeout(hide, 200); }
  function linkFrom(target) {
    var link = target && target.closest ? target.closest("a[href]") : null;
    return link && !link.closest(".site-nav, .link-preview, .search") ? link : null;
  }

  if (window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    document.addEventListener("mouseover", function (event) {
      var link = linkFrom(event.target);
      if (!link || link === shownFor) return;
      clearTimeout(timer);
      timer = setTimeout(function () { hide(); shownFor = link; show(link); }, 250);
    });
    document.addEventListener("mouseout", function (event) {
      if (linkFrom(event.target) && !(event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest(".link-preview"))) hideSoon();
    });
  }
  document.addEventListener("focusin", function (event) {
    var link = linkFrom(event.target);
    hide();
    if (link && link.matches(":focus-visible")) { shownFor = link; show(link); }
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();

"""##,
        "assets/search.js": #"""
// Attaché's built-in search: no framework, no other host. It reads the
// split index that `attache build` writes to search/ (see README,
// "Search"), loading only the shard a query needs.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.getAttribute("data-index");
  var input = document.getElementById("search-input");
  // On the search page (search/?q=…) results fill the page, up to 50, and
  // the query lives in the address so the page can be shared.
  var page = document.getElementById("search-page-results");
  var results = page || document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var limit = page ? 50 : 10;
  var searchPageURL = input && input.form ? input.form.getAttribute("data-search-page") : null;
  if (!input || !results || !base) return;
  // Result URLs are relative to the site root, which is where search/ lives.
  var root = base.replace(/search\/$/, "");

  var meta = null, shards = {}, docs = {}, texts = {}, known = new Map(), generation = 0, timer = null, summaryTimer = null;
  var stopWords = new Set(["the", "and", "of", "to", "in", "is", "for", "on", "as", "by", "with", "an", "at",
    "or", "it", "its", "be", "are", "was", "from", "that", "this", "which", "their"]);

  // Pages opened from disk (file://) may not fetch(); `--url-style files`
  // builds also write each index file as a script that hands its data here.
  var pending = {};
  window.attacheSearchData = function (path, data) {
    var done = pending[path];
    delete pending[path];
    if (done) done(data);
  };
  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      pending[path] = resolve;
      var tag = document.createElement("script");
      tag.src = base + path.replace(/\.json$/, ".js");
      tag.onerror = function () { delete pending[path]; reject(new Error(path + ": not found")); };
      document.head.appendChild(tag);
    });
  }
  function fetchJSON(path) {
    if (window.location.protocol === "file:") return loadScript(path);
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }
  function loadMeta() {
    if (!meta) meta = fetchJSON("meta.json").then(function (m) { m.shardSet = new Set(m.shards); return m; });
    return meta;
  }
  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  // The same rule as the Swift indexer: runs of ASCII letters and digits or
  // non-ASCII characters, lowercased, two characters or more, no stop words.
  function tokens(text) {
    var found = text.toLowerCase().match(/[a-z0-9\u0080-\uffff]+/g) || [];
    return found.filter(function (t) { return Array.from(t).length >= 2 && !stopWords.has(t); });
  }
  function shardKey(term) { return Array.from(term).slice(0, 2).join(""); }
  // A shard carries the titles, URLs and kinds of the entries whose titles
  // or aliases hold its terms ("_docs"), so most results show at once.
  function loadShard(key) {
    if (!shards[key]) shards[key] = loadMeta().then(function (m) {
      return m.shardSet.has(key) ? fetchJSON("terms/" + hex(key) + ".json") : {};
    }).then(function (shard) {
      var titled = shard._docs || {};
      Object.keys(titled).forEach(function (id) { known.set(Number(id), titled[id]); });
      return shard;
    });
    return shards[key];
  }
  function loadDoc(id) {
    return loadMeta().then(function (m) {
      var chunk = Math.floor(id / m.chunk);
      if (!docs[chunk]) docs[chunk] = fetchJSON("docs/" + chunk + ".json");
      return docs[chunk].then(function (list) { return list[id - chunk * m.chunk]; });
    });
  }

  // The start of an entry's body text, for a snippet around the words found.
  function loadText(id) {
    return loadMeta().then(function (m) {
      if (!m.textChunk) return null;
      var chunk = Math.floor(id / m.textChunk);
      if (!texts[chunk]) texts[chunk] = fetchJSON("text/" + chunk + ".json");
      return texts[chunk].then(function (list) { return list[id - chunk * m.textChunk]; });
    });
  }

  // About 160 characters of `text` around the first matched word, cut at
  // spaces; null when no matched word starts a word of the text.
  function snippet(text) {
    if (!text || !matchedTerms.length) return null;
    var lower = text.toLowerCase(), at = -1;
    matchedTerms.forEach(function (term) {
      var from = 0, i;
      while ((i = lower.indexOf(term, from)) >= 0) {
        if (i === 0 || !/[a-z0-9\u0080-\uffff]/i.test(lower[i - 1])) { if (at < 0 || i < at) at = i; break; }
        from = i + 1;
      }
    });
    if (at < 0) return null;
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + 100);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < at) start = space + 1; }
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > at) end = back; }
    var quoted = text.slice(start, end);
    return (start > 0 ? "…" : "") + quoted + (end < text.length && !/[.!?]$/.test(quoted) ? "…" : "");
  }

  // At most one edit apart (a letter added, dropped, changed, or two swapped).
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // Titles, aliases and slugs compared as words: "NATO" = "nato" = "N.A.T.O".
  function plain(text) { return (text.toLowerCase().match(/[a-z0-9\u0080-\uffff]+/g) || []).join(" "); }
  function exactMatch(doc, query) {
    var q = plain(query), slug = doc[1].replace(/(\.html|\/)$/, "").split("/").pop();
    return plain(doc[0]) === q || plain(slug.replace(/-/g, " ")) === q || (doc[3] || []).some(function (a) { return plain(a) === q; });
  }

  // Every query word must match; the last one may be a prefix (search as you
  // type). A word of four letters or more that matches nothing also finds
  // the words one typo away (after its first two letters, which pick the
  // shard), at a lower score. A title, alias or slug equal to the whole
  // query comes first.
  var matchedTerms = [];
  function search(query) {
    var words = tokens(query);
    matchedTerms = words.slice();
    if (!words.length) return Promise.resolve([]);
    return Promise.all(words.map(function (w) { return loadShard(shardKey(w)); })).then(function (loaded) {
      var total = null;
      words.forEach(function (word, i) {
        var shard = loaded[i], scores = new Map(), isLast = i === words.length - 1, terms = Object.keys(shard);
        function add(term, weight) {
          var postings = shard[term];
          for (var p = 0; p < postings.length; p += 2) {
            var doc = postings[p], score = postings[p + 1] * weight;
            scores.set(doc, Math.max(scores.get(doc) || 0, score));
          }
        }
        terms.forEach(function (term) {
          if (term === "_docs") return;
          if (term === word || (isLast && term.startsWith(word))) add(term, term === word ? 1 : 0.5);
        });
        if (!scores.size && Array.from(word).length >= 4) {
          terms.forEach(function (term) {
            if (term === "_docs") return;
            // A whole word one typo away counts more than the start of a longer one.
            var whole = withinOneEdit(term, word), start = !whole && isLast && term.length > word.length &&
              [word.length - 1, word.length, word.length + 1].some(function (n) { return withinOneEdit(term.slice(0, n), word); });
            if (whole || start) { add(term, whole ? 0.4 : 0.2); matchedTerms.push(term); }
          });
        }
        if (total === null) { total = scores; return; }
        var next = new Map();
        total.forEach(function (score, doc) { if (scores.has(doc)) next.set(doc, score + scores.get(doc)); });
        total = next;
      });
      total.forEach(function (score, doc) {
        var known_ = known.get(doc);
        if (known_ && exactMatch(known_, query)) total.set(doc, score + 100000);
      });
      // Ties: the shorter title first (the closer match of the whole title), then site order.
      function length(doc) { var d = known.get(doc); return d ? d[0].length : 1e9; }
      return Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || length(a[0]) - length(b[0]) || a[0] - b[0]; })
        .slice(0, limit).map(function (r) { return r[0]; });
    });
  }

  // Text with the words that matched marked: each query word (or the word a
  // typo matched) where a word of the text starts with it.
  function highlight(target, text) {
    target.textContent = "";
    var escaped = matchedTerms.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    if (!escaped.length) { target.textContent = text; return; }
    var pattern = new RegExp("(^|[^a-z0-9\u0080-\uffff])(" + escaped.sort(function (a, b) { return b.length - a.length; }).join("|") + ")", "gi");
    var last = 0, match;
    while ((match = pattern.exec(text))) {
      var start = match.index + match[1].length;
      target.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = match[2];
      target.appendChild(mark);
      last = start + match[2].length;
    }
    target.appendChild(document.createTextNode(text.slice(last)));
  }

  function show(hits, query) {
    results.textContent = "";
    hits.forEach(function (entry) {
      var hit = entry.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + hit[1];
      highlight(a, hit[0]);
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = hit[2];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      var p = document.createElement("p");
      p.setAttribute("data-doc", entry.id);
      li.appendChild(p);
      if (typeof hit[3] === "string") highlight(p, hit[3]);
      results.appendChild(li);
    });
    if (!page && searchPageURL && hits.length) {
      var more = document.createElement("li");
      more.className = "search-all";
      var all = document.createElement("a");
      all.href = searchPageURL + "?q=" + encodeURIComponent(query);
      all.textContent = "All results for “" + query + "” →";
      more.appendChild(all);
      results.appendChild(more);
    }
    if (page) history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    results.hidden = !page && hits.length === 0;
    // Summaries not yet loaded are fetched once typing pauses, so they never
    // hold up the next query's shards.
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(function () {
      results.querySelectorAll("p[data-doc]").forEach(function (p) {
        if (p.textContent) return;
        loadDoc(Number(p.getAttribute("data-doc"))).then(function (full) { if (full && full[3]) highlight(p, full[3]); });
      });
      results.querySelectorAll("p[data-doc]").forEach(function (p) {
        var id = Number(p.getAttribute("data-doc"));
        loadText(id).then(function (text) {
          var found = snippet(text);
          if (!found || !p.parentNode) return;
          var quote = document.createElement("p");
          quote.className = "search-snippet";
          highlight(quote, found);
          p.parentNode.insertBefore(quote, p.nextSibling);
        });
      });
    }, 200);
    status.textContent = query ? (hits.length ? hits.length + " results" : "No results for " + query) : "";
  }

  // Results whose titles came with the shard show at once; the others wait
  // for their document chunk. Summaries fill in as their chunks arrive.
  function run() {
    var query = input.value.trim(), mine = ++generation;
    if (!query) { show([], ""); return; }
    search(query).then(function (ids) {
      var entries = ids.map(function (id) { return { id: id, doc: known.get(id) }; });
      var missing = entries.filter(function (e) { return !e.doc; });
      return Promise.all(missing.map(function (e) { return loadDoc(e.id).then(function (d) { e.doc = d; }); }))
        .then(function () { return entries; });
    }).then(function (entries) { if (mine === generation) show(entries.filter(function (e) { return e.doc; }), query); })
      .catch(function () { if (mine === generation) status.textContent = "Search is not available."; });
  }

  // A short pause folds fast typing into one search; an answer to an older
  // query is dropped.
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 15); });
  input.addEventListener("focus", loadMeta, { once: true });
  input.form && input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results.querySelector("a");
    if (page) { run(); return; }
    if (first) window.location.href = first.href;
  });
  // The search page runs its address's query; the page for a missing address
  // offers a search for its last segment ("/strategies/peacekeepng/" → "peacekeepng").
  var initial = page ? new URLSearchParams(location.search).get("q") : null;
  var missing = document.getElementById("not-found-query");
  if (missing) {
    var last = decodeURIComponent(location.pathname.replace(/(\/index)?\.html$|\/$/g, "").split("/").pop() || "").replace(/[-_]+/g, " ").trim();
    if (last && last !== "404") { missing.value = last; if (!page) { input.value = last; run(); } }
  }
  if (initial) { input.value = initial; run(); }
  // Keyboard: arrows move between the box and the results, Escape closes.
  document.addEventListener("keydown", function (event) {
    var links = Array.from(results.querySelectorAll("a"));
    var index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (document.activeElement === input || index >= 0)) {
      event.preventDefault();
      if (links.length) links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (index === 0 ? input : links[index - 1]).focus();
    } else if (event.key === "Escape" && (document.activeElement === input || index >= 0)) {
      input.value = "";
      show([], "");
      input.focus();
    } else if (event.key === "/" && document.activeElement.tagName !== "INPUT" && document.activeElement.tagName !== "TEXTAREA") {
      event.preventDefault();
      input.focus();
    }
  });
})();

"""#,
        "assets/style.css": #"""
/* Default theme. Self-contained: no fonts, imports or remote URLs, so it
   satisfies the page's Content-Security-Policy (style-src 'self'). */

/* ---------- Tokens: light by default, dark via the user's preference ---------- */
:root {
  color-scheme: light dark; /* native form controls and scrollbars follow the theme */
  --bg: #ffffff;
  --surface: #f6f8fa;
  --text: #1b1f24;
  --muted: #57606a;
  --border: #d0d7de;
  --link: #0550ae;
  --focus: #0969da;
  --pill: #eaeef2;
  --mark: #fff8c5;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --measure: 70ch;
  --wide: 64rem;
  --gutter: max(1rem, calc((100% - var(--wide)) / 2)); /* centres content without wrapper elements */
  --radius: 6px;
  /* Kinds (k0…k7) and relations (e0…e7) in graphs and chips: distinct hues, 3:1 or more against the background. */
  --k0: #0969da; --k1: #bf3989; --k2: #1a7f37; --k3: #bc4c00; --k4: #8250df; --k5: #0a7e8c; --k6: #9a6700; --k7: #cf222e;
  --e0: #0969da; --e1: #cf222e; --e2: #1a7f37; --e3: #8250df; --e4: #bc4c00; --e5: #0a7e8c; --e6: #bf3989; --e7: #6e7781;
  /* Callout types (titles in these colours stay above 4.5:1 on --surface). */
  --c-note: #0969da; --c-abstract: #087480; --c-tip: #1a7f37; --c-question: #8250df;
  --c-warning: #9a6700; --c-danger: #cf222e; --c-quote: #57606a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117;
    --surface: #161b22;
    --text: #e6edf3;
    --muted: #9ea7b3;
    --border: #30363d;
    --link: #6cb6ff;
    --focus: #58a6ff;
    --pill: #21262d;
    --mark: #4d3f00;
    --k0: #58a6ff; --k1: #f778ba; --k2: #56d364; --k3: #ffa657; --k4: #d2a8ff; --k5: #39c5cf; --k6: #e3b341; --k7: #ff7b72;
    --e0: #58a6ff; --e1: #ff7b72; --e2: #56d364; --e3: #d2a8ff; --e4: #ffa657; --e5: #39c5cf; --e6: #f778ba; --e7: #8b949e;
    --c-note: #58a6ff; --c-abstract: #39c5cf; --c-tip: #56d364; --c-question: #d2a8ff;
    --c-warning: #e3b341; --c-danger: #ff7b72; --c-quote: #9ea7b3;
  }
}

/* ---------- Base ---------- */
*, *::before, *::after { box-sizing: border-box; }
html {
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
  scrollbar-gutter: stable; /* pages with and without a scrollbar keep the same width */
}
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 400 clamp(1rem, 0.95rem + 0.25vw, 1.125rem)/1.6 var(--font);
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; text-wrap: balance; }
h1 { font-size: clamp(1.75rem, 1.35rem + 1.6vw, 2.5rem); margin-top: 0; }
h2 { font-size: 1.5em; }
h3 { font-size: 1.25em; }
h4 { font-size: 1.1em; }
h5, h6 { font-size: 1em; }
p, ul, ol, dl, blockquote, pre, table, figure { margin: 0 0 1em; }
a { color: var(--link); text-underline-offset: 0.15em; text-decoration-thickness: 1px; }
a:hover { text-decoration-thickness: 2px; } /* thickness, not weight, so text never reflows */
img, video, svg { max-width: 100%; height: auto; }
sup, sub { line-height: 0; } /* footnote markers must not stretch their line */
hr { border: 0; border-top: 1px solid var(--border); margin: 2em 0; }
mark { background: var(--mark); color: inherit; padding: 0 0.1em; }

/* Keyboard focus: one clear ring everywhere; mouse clicks stay quiet. */
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; } /* focused only programmatically by the skip link */

.skip-link {
  position: absolute; top: 0.5rem; left: 0.5rem; z-index: 10;
  padding: 0.5rem 1rem; background: var(--bg); color: var(--link);
  border: 2px solid var(--focus); border-radius: var(--radius);
  transform: translateY(-200%); /* off-screen but still read by screen readers */
}
.skip-link:focus { transform: none; }

/* ---------- Site header, nav and footer ---------- */
.site-header {
  display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between;
  gap: 0.5rem 1.5rem; padding: 1rem var(--gutter);
  border-bottom: 1px solid var(--border);
}
.site-title { font-weight: 700; font-size: 1.2em; color: var(--text); text-decoration: none; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; list-style: none; }
.site-nav a { display: inline-block; padding: 0.25rem 0; color: var(--text); text-decoration: none; }
.site-nav a:hover { color: var(--link); text-decoration: underline; }
.site-nav a[aria-current="page"] { color: var(--link); text-decoration: underline; text-decoration-thickness: 2px; }
/* Separate entry kinds from facets with a thin rule. */
.site-nav li:not(.facet-link) + .facet-link { border-left: 1px solid var(--border); padding-left: 1rem; }

.site-footer {
  margin-top: 4rem; padding: 1.5rem var(--gutter);
  border-top: 1px solid var(--border); color: var(--muted); font-size: 0.875em;
}
.site-footer p { margin: 0.25em 0; }
.site-footer a { color: inherit; }

/* ---------- Page layout ---------- */
.layout { padding: 1.5rem var(--gutter) 0; }
.breadcrumbs { margin-bottom: 1.5rem; color: var(--muted); font-size: 0.875em; }
.breadcrumbs a { color: inherit; }
.breadcrumbs [aria-current] { color: var(--text); }
.page-header { margin-bottom: 2rem; max-width: var(--measure); }
.kind-label {
  margin: 0 0 0.25rem; color: var(--muted); font-size: 0.8em;
  font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase;
}
/* Drafts show only in `attache serve` and builds with --drafts. */
.draft-badge {
  display: inline-block; padding: 0 0.5em; border-radius: 4px; border: 1px dashed currentColor;
  color: #9a3412; background: #fff7ed; font-size: 0.75rem; font-weight: 700; line-height: 1.6;
  letter-spacing: 0.04em; text-transform: uppercase; vertical-align: 0.1em;
}
@media (prefers-color-scheme: dark) { .draft-badge { color: #fdba74; background: #431407; } }
.lead { font-size: 1.15em; color: var(--muted); margin: 0.5rem 0 0; }
.aliases, .dates { margin: 0.5rem 0 0; color: var(--muted); font-size: 0.9em; }
.alias { font-style: italic; color: var(--text); }

/* Table of contents: boxed block on narrow screens, sticky side column on wide ones. */
.toc {
  margin: 0 0 2rem; padding: 1rem 1.25rem; max-width: var(--measure);
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  font-size: 0.9em;
}
.toc h2 { margin: 0 0 0.5rem; font-size: 1em; }
.toc ol { margin: 0; padding: 0; list-style: none; }
.toc li { margin: 0.2em 0; }
.toc li.nested { padding-left: 1rem; font-size: 0.95em; }
.toc a { text-decoration: none; }
.toc a:hover { text-decoration: underline; }
/* The side column: table of contents (body headings, then each relation),
   then the compact relation panel. On wide screens it is one sticky column
   that scrolls on its own; on narrow ones the contents come first and the
   relation panel after the body. */
.relation-panel { max-width: var(--measure); font-size: 0.9em; }
.relation-group h2 { font-size: 1em; margin: 1.25rem 0 0.35rem; scroll-margin-top: 1rem; }
.relation-links { margin: 0; padding: 0; list-style: none; }
.relation-links li { margin: 0.15em 0; }
.relation-links .more a { color: var(--muted); }
.chips { margin: 0 0 0.35rem; }
.toc-relation .count, .relation-group .count { vertical-align: 0.05em; }
@media (max-width: 63.99rem) {
  .entry.has-side { display: flex; flex-direction: column; }
  .entry-side { display: contents; }
  .entry.has-side > .page-header { order: 0; }
  .entry-side > .toc { order: 1; }
  .entry.has-side > .prose { order: 2; }
  .entry.has-side > .facets { order: 3; }
  .entry.has-side > :is(.timeline, .cited-by, .references) { order: 2; }
  .entry-side > .relation-panel { order: 4; margin-top: 1.5rem; }
}
@media (min-width: 64rem) {
  .entry.has-side {
    display: grid; grid-template-columns: minmax(0, var(--measure)) minmax(14rem, 18rem);
    column-gap: 3rem; align-items: start;
  }
  .entry > * { grid-column: 1; }
  .entry > .entry-side {
    grid-column: 2; grid-row: 2 / span 3; position: sticky; top: 1rem;
    max-height: calc(100vh - 2rem); overflow-y: auto; overscroll-behavior: contain;
    padding-right: 0.25rem;
  }
  .entry-side > .toc { margin: 0 0 0.5rem; }
}

/* Kind chips: on every card, in relation panels. */
.chip {
  display: inline-block; padding: 0 0.5em; border-radius: 999px;
  border: 1px solid var(--border);
  color: var(--muted); font-size: 0.75rem; font-weight: 600; line-height: 1.6; white-space: nowrap;
  vertical-align: 0.1em;
}
/* The kind's colour as a dot, as in the graphs. */
.chip::before {
  content: ""; display: inline-block; width: 0.55em; height: 0.55em; margin-right: 0.35em; border-radius: 50%;
  background: var(--kind, var(--muted)); vertical-align: 0.05em; print-color-adjust: exact; -webkit-print-color-adjust: exact;
}

/* ---------- Local graph (inline SVG drawn at build time) ---------- */
.local-graph { margin: 2rem 0 1.5rem; max-width: var(--wide); }
.lg-scroll { overflow-x: auto; }
svg.lg { display: block; width: 100%; min-width: 36rem; height: auto; max-width: 60rem; }
.lg text { font: 12px var(--font); fill: var(--text); }
.lg a:hover text, .lg a:focus text { fill: var(--link); text-decoration: underline; }
.lg a:focus { outline: none; }
.lg a:focus-visible :is(circle, rect, path) { stroke: var(--focus); stroke-width: 3; }
.lg-center text { font-weight: 700; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
.lg-more text { fill: var(--link); }
/* Legend keys: a line per relation, a shape per kind (as drawn in the graph). */
.lg-line { display: inline-block; width: 24px; height: 0; border-top: 2px solid; }
.lg-line:is(.e8, .e9, .e10, .e11, .e12, .e13, .e14, .e15) { border-top-style: dashed; }
.lg-line:is(.e0, .e8) { color: var(--e0); } .lg-line:is(.e1, .e9) { color: var(--e1); } .lg-line:is(.e2, .e10) { color: var(--e2); }
.lg-line:is(.e3, .e11) { color: var(--e3); } .lg-line:is(.e4, .e12) { color: var(--e4); } .lg-line:is(.e5, .e13) { color: var(--e5); }
.lg-line:is(.e6, .e14) { color: var(--e6); } .lg-line:is(.e7, .e15) { color: var(--e7); }
.lg-line.lg-hop2 { border-top: 1px dotted var(--muted); }
.lg-shape { display: inline-block; width: 12px; height: 12px; background: var(--kind); }
.lg-shape.s0 { border-radius: 50%; }
.lg-shape.s2 { clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); width: 14px; height: 14px; }
.lg-shape.s3 { clip-path: polygon(50% 0, 100% 100%, 0 100%); width: 13px; height: 13px; }
.lg-shape.s4 { clip-path: polygon(0 50%, 25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%); width: 13px; }
.lg-shape.s5 { border-radius: 50%; background: none; border: 2.5px solid var(--kind); }
.lg-legend i { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.lg-edges path { opacity: 0.85; stroke-width: 1.5; }
.lg-nodes :is(circle, rect, path) { stroke: var(--bg); stroke-width: 1; }
.lg-edges path { fill: none; }
.lg-edges .lg-hop2 { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 2 3; opacity: 0.9; }
.lg-edges .w1 { stroke-width: 1.5; } .lg-edges .w2 { stroke-width: 3; } .lg-edges .w3 { stroke-width: 5; } .lg-edges .w4 { stroke-width: 7; }
.lg .cluster { opacity: 0.9; }
.lg .cluster-label { font-weight: 600; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
.graph-overview svg.lg { max-width: 52rem; margin: 0 auto; }
.table-scroll { overflow-x: auto; margin: 0 0 2rem; }
.flows { border-collapse: collapse; font-size: 0.9em; }
.flows th, .flows td { padding: 0.3em 0.75em; border-bottom: 1px solid var(--border); text-align: left; }
.flows td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.hubs { display: grid; gap: 0 2rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr)); }
.hubs h3 { font-size: 1.05em; margin: 1rem 0 0.4rem; }
.explorer-controls fieldset { border: 1px solid var(--border); border-radius: var(--radius); margin: 0 0 0.75rem; }
.explorer-controls label { display: inline-block; margin: 0.15rem 0.75rem 0.15rem 0; cursor: pointer; }
.explorer-canvas { position: relative; overflow-x: auto; }
.explorer-canvas canvas { display: block; width: 100%; max-width: 820px; min-width: 30rem; height: auto; border: 1px solid var(--border); border-radius: var(--radius); }
.explorer-tip { position: absolute; top: 0.5rem; left: 0.5rem; margin: 0; padding: 0.2rem 0.5rem; background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); font-size: 0.9em; }
.explorer-list { columns: 16rem; margin-top: 1rem; }
.explorer-list .focused { font-weight: 700; }
.lg .hollow { fill: var(--bg) !important; stroke-width: 2.5; }
.lg-nodes .hollow.k5 { stroke: var(--k5); }
.lg-legend { font-size: 0.85em; color: var(--muted); }
.lg-legend ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0.5rem 0; padding: 0; list-style: none; }
.lg-legend li { display: flex; align-items: center; gap: 0.4rem; }
.lg-legend p { margin: 0.25rem 0 0; }
.k0 { fill: var(--k0); --kind: var(--k0); } .k1 { fill: var(--k1); --kind: var(--k1); } .k2 { fill: var(--k2); --kind: var(--k2); }
.k3 { fill: var(--k3); --kind: var(--k3); } .k4 { fill: var(--k4); --kind: var(--k4); } .k5 { fill: var(--k5); --kind: var(--k5); }
.k6 { fill: var(--k6); --kind: var(--k6); } .k7 { fill: var(--k7); --kind: var(--k7); }
.e0, .e8 { stroke: var(--e0); } .e1, .e9 { stroke: var(--e1); } .e2, .e10 { stroke: var(--e2); } .e3, .e11 { stroke: var(--e3); }
.e4, .e12 { stroke: var(--e4); } .e5, .e13 { stroke: var(--e5); } .e6, .e14 { stroke: var(--e6); } .e7, .e15 { stroke: var(--e7); }
.e8, .e9, .e10, .e11, .e12, .e13, .e14, .e15 { stroke-dasharray: 5 3; }
.all-connections { margin: 1rem 0 0; }
.all-connections > summary { cursor: pointer; color: var(--link); font-weight: 600; padding: 0.5rem 0; }
.all-connections h3 { font-size: 1.05em; margin: 1.5rem 0 0.75rem; }
.kind-group h2 { font-size: 1.25em; margin: 2rem 0 1rem; }
.kind-group h2 a { color: var(--text); }

/* ---------- Prose (rendered Markdown) ---------- */
.prose { max-width: var(--measure); }
.prose :is(h2, h3, h4, h5, h6) { scroll-margin-top: 1rem; }
.prose > :first-child { margin-top: 0; }
.prose li { margin: 0.25em 0; }
.prose li > :is(ul, ol) { margin: 0.25em 0 0; }
/* Anchor is always in the DOM and focusable; opacity (not display) avoids reflow. */
.heading-anchor {
  margin-left: 0.25em; color: var(--muted); font-weight: 400;
  text-decoration: none; opacity: 0; transition: opacity 0.15s;
}
:is(h2, h3, h4, h5, h6):hover > .heading-anchor, .heading-anchor:focus { opacity: 1; }
@media (hover: none) { .heading-anchor { opacity: 1; } } /* touch screens cannot hover */

.prose blockquote {
  margin-left: 0; padding: 0.25em 1em;
  border-left: 4px solid var(--border); color: var(--muted);
}
.prose blockquote > :last-child { margin-bottom: 0; }
code, kbd, samp, pre { font-family: var(--mono); font-size: 0.9em; }
:not(pre) > code {
  padding: 0.1em 0.35em; background: var(--surface);
  border: 1px solid var(--border); border-radius: 4px;
}
pre {
  padding: 1em; overflow-x: auto; line-height: 1.45;
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  tab-size: 4;
}
pre code { font-size: 1em; }
del { color: var(--muted); }

/* Tables become their own scroll box so wide ones never widen the page. */
.prose table {
  display: block; width: max-content; max-width: 100%; overflow-x: auto;
  border-collapse: collapse; font-size: 0.95em; font-variant-numeric: tabular-nums;
}
.prose th, .prose td { padding: 0.4em 0.75em; border: 1px solid var(--border); text-align: left; vertical-align: top; }
.prose th { background: var(--surface); font-weight: 600; }

/* GFM task lists: the checkbox replaces the bullet. */
.prose li:has(> input[type="checkbox"]) { list-style: none; }
.prose ul:has(> li > input[type="checkbox"]) { padding-left: 1.25em; }
.prose li > input[type="checkbox"] { margin: 0 0.5em 0 -1.25em; vertical-align: -0.1em; }

/* Footnotes */
.footnote-ref a { text-decoration: none; padding: 0 0.1em; }
.footnotes { margin-top: 3em; padding-top: 1em; border-top: 1px solid var(--border); font-size: 0.9em; }
.footnotes li:target { background: var(--mark); }
.footnote-backref { text-decoration: none; }

/* ---------- Notes from Obsidian: callouts, embeds, block ids, unresolved links ---------- */
.callout {
  --callout: var(--c-note);
  margin: 0 0 1em; padding: 0.6em 1em;
  border: 1px solid var(--border); border-left: 4px solid var(--callout); border-radius: var(--radius);
  background: var(--surface);
}
.callout-abstract { --callout: var(--c-abstract); }
.callout-tip, .callout-success { --callout: var(--c-tip); }
.callout-question, .callout-example { --callout: var(--c-question); }
.callout-warning { --callout: var(--c-warning); }
.callout-failure, .callout-danger, .callout-bug { --callout: var(--c-danger); }
.callout-quote { --callout: var(--c-quote); }
.callout > :last-child { margin-bottom: 0; }
.callout-title { margin: 0 0 0.4em; font-weight: 600; color: var(--callout); }
summary.callout-title { cursor: pointer; }
details.callout:not([open]) > .callout-title { margin-bottom: 0; }
/* A transcluded note, section or block: set off, with a link to where it lives. */
.embed { margin: 0 0 1em; padding: 0.25em 0 0.25em 1em; border-left: 3px solid var(--border); }
.embed > :last-child { margin-bottom: 0; }
.embed-source { display: block; margin-bottom: 0.5em; color: var(--muted); font-size: 0.85em; }
.embed-pdf { display: block; }
.embed-pdf iframe { display: block; max-width: 100%; border: 1px solid var(--border); border-radius: var(--radius); }
.embed-pdf iframe:not([width]) { width: 100%; }
.embed-pdf iframe:not([height]) { height: 36rem; }
.embed-pdf a { font-size: 0.85em; }
audio { display: block; width: 100%; max-width: 32rem; }
[id^="^"]:target { background: var(--mark); }
/* A link to a note not written yet (broken_links: warn), as Obsidian shows one. */
.broken-link { color: var(--muted); text-decoration: underline dashed; text-underline-offset: 0.15em; cursor: help; }

/* ---------- Entry lists: cards, terms, counts ---------- */
.cards {
  display: grid; gap: 1rem; margin: 0 0 2rem; padding: 0; list-style: none;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr));
}
.card {
  padding: 1rem 1.25rem; background: var(--surface);
  border: 1px solid var(--border); border-radius: var(--radius);
}
.card:hover { border-color: var(--muted); }
.card > a { font-weight: 600; }
.card p { margin: 0.4em 0 0; color: var(--muted); font-size: 0.9em; }

.count {
  display: inline-block; min-width: 1.8em; padding: 0.05em 0.55em;
  border-radius: 999px; background: var(--pill); color: var(--muted);
  font-size: 0.75rem; font-weight: 600; line-height: 1.5; text-align: center;
  font-variant-numeric: tabular-nums; vertical-align: 0.15em;
}
.kind-section, .facet-section { margin-top: 2.5rem; }
.kind-section h2, .facet-section h2 { margin: 0 0 1rem; }
.kind-section h2 a, .facet-section h2 a { color: var(--text); text-decoration: none; }
.kind-section h2 a:hover, .facet-section h2 a:hover { color: var(--link); text-decoration: underline; }

.terms { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; margin: 0 0 2rem; padding: 0; list-style: none; }
.terms li { white-space: nowrap; }

.facets { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--border); max-width: var(--measure); }
.facets p { margin: 0.4em 0; }
.term {
  display: inline-block; margin: 0.15em 0.1em; padding: 0 0.6em;
  border: 1px solid var(--border); border-radius: 999px;
  font-size: 0.875em; text-decoration: none;
}
.term:hover { border-color: var(--link); }
/* Inline #tags in a note's text, linking to the tag's page. */
.prose a.tag {
  padding: 0 0.35em; border-radius: 0.3em; background: var(--surface, rgba(127, 127, 127, 0.12));
  font-size: 0.9em; text-decoration: none; white-space: nowrap;
}
.prose a.tag:hover { text-decoration: underline; }

/* ---------- Connections and pager ---------- */
.connections { margin-top: 3rem; }
.connections h2 { font-size: 1.25em; margin: 2rem 0 1rem; }
.pager {
  display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem;
  margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--border);
}
.pager a { max-width: 100%; text-decoration: none; }
.pager a:hover { text-decoration: underline; }
.pager [rel="next"] { margin-left: auto; text-align: right; }

/* ---------- Forms and search ---------- */
input, button, select, textarea { font: inherit; color: inherit; }
input[type="search"] {
  width: 100%; max-width: 32rem; padding: 0.5em 0.75em;
  background: var(--bg); border: 1px solid var(--muted); border-radius: var(--radius);
  -webkit-appearance: none; appearance: none;
}
input[type="search"]::placeholder { color: var(--muted); opacity: 1; }
button {
  padding: 0.45em 1em; cursor: pointer;
  background: var(--surface); border: 1px solid var(--muted); border-radius: var(--radius);
}
button:hover { border-color: var(--link); }
/* The header search: results float over the page, so typing never moves the layout. */
.search { position: relative; margin: 0.5rem 0; max-width: 32rem; }
.search label { display: block; font-size: 0.85em; color: var(--muted); margin-bottom: 0.2em; }
.search-status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; margin: 0; }
.search .search-results {
  position: absolute; z-index: 10; left: 0; right: 0; top: 100%; margin: 0.25rem 0 0;
  max-height: 70vh; overflow-y: auto; padding: 0 0.75rem;
  background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.15);
}
.search-kind { font-size: 0.8em; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.search-results { margin: 1rem 0 2rem; padding: 0; list-style: none; max-width: var(--measure); }
.search-results li { padding: 0.75rem 0; border-bottom: 1px solid var(--border); }
.search-results li > a { font-weight: 600; }
.search-results p { margin: 0.25em 0 0; color: var(--muted); font-size: 0.9em; }
.search-results .search-snippet { font-style: italic; }

/* ---------- Sources and time ---------- */
sup.citation { line-height: 0; font-size: 0.75em; }
sup.citation a { text-decoration: none; padding: 0 0.1em; }
sup.citation a:hover, sup.citation a:focus { text-decoration: underline; }
.reference-text {
  margin: 0.75rem 0 0; padding: 0.75rem 1rem; font-size: 0.95em; overflow-wrap: anywhere;
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
}
.as-of { margin: 0.5rem 0 0; color: var(--muted); font-size: 0.9em; }
.timeline, .cited-by, .references { max-width: var(--measure); margin-top: 2rem; }
.timeline h2, .cited-by h2, .references h2 { scroll-margin-top: 1rem; }
.cited-by h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.reference-list { padding-left: 2em; font-size: 0.9em; overflow-wrap: anywhere; }
.reference-list li { margin: 0.45em 0; scroll-margin-top: 1rem; }
.reference-list li:target { background: var(--mark); }
.locators { color: var(--muted); }
.reference-list .locators::before { content: "— "; }
.backref { text-decoration: none; }
.events { list-style: none; padding: 0; margin: 0.5rem 0 0 0.4rem; border-left: 2px solid var(--border); }
.events li { position: relative; padding: 0.3em 0 0.3em 1.1rem; }
.events li::before {
  content: ""; position: absolute; left: calc(-0.3rem - 1px); top: 0.75em; width: 0.6rem; height: 0.6rem;
  border-radius: 50%; background: var(--bg); border: 2px solid var(--link); box-sizing: border-box;
}
.events time { display: block; color: var(--muted); font-size: 0.85em; font-variant-numeric: tabular-nums; padding-top: 0.1em; }
@media (min-width: 40rem) {
  .events li { display: grid; grid-template-columns: 12.5rem minmax(0, 1fr); column-gap: 0.75rem; align-items: start; }
}
.events .relation, .events .note, .relation-links .span { color: var(--muted); }
.relation-links .span { font-size: 0.9em; }
.timeline-events { max-width: var(--wide); }

/* ---------- Motion ---------- */
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
@media (prefers-reduced-motion: reduce) { .heading-anchor { transition: none; } }

/* ---------- Print ---------- */
@media print {
  :root {
    --bg: #fff; --surface: #fff; --text: #000; --muted: #333;
    --border: #999; --link: #000; --pill: #fff; --mark: #eee;
  }
  body { font-size: 11pt; line-height: 1.45; }
  .skip-link, .site-nav, .pager, .heading-anchor, .toc, .search, button, .all-connections, .chips { display: none !important; }
  .site-header, .layout, .site-footer { padding-left: 0; padding-right: 0; }
  .prose, .page-header, .facets { max-width: none; }
  /* A printed page is narrower than 64rem: the side column's parts already follow the body. */
  .entry.has-side { display: flex; flex-direction: column; }
  .entry-side { display: contents; }
  /* Relations print as compact inline lists after the body, not as boxed cards. */
  .entry-side > .relation-panel { margin-top: 1rem; max-width: none; }
  .relation-group h2 { display: inline; font-size: 1em; margin: 0; }
  .relation-group h2::after { content: ": "; }
  .relation-group { margin: 0.2em 0; }
  .relation-links, .relation-links li { display: inline; }
  .relation-links li + li::before { content: " · "; }
  .relation-links .more { display: none; }
  .local-graph { break-inside: avoid; }
  svg.lg { min-width: 0; max-width: 100%; }
  a { text-decoration: underline; }
  /* Only absolute (external) links get their address spelled out. */
  .prose a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
  pre { white-space: pre-wrap; }
  .prose table { display: table; width: auto; }
  .count { border: 1px solid var(--border); }
  h2, h3, h4 { break-after: avoid; }
  pre, blockquote, table, figure, img, .card, .callout { break-inside: avoid; }
  .embed-pdf iframe { display: none; }
  .cards { display: block; }
  .card { margin-bottom: 0.5rem; }
}

/* ---------- Faceted browsing on kind indexes ---------- */
.filters { margin: 1rem 0 1.5rem; padding: 1rem; border: 1px solid var(--border); border-radius: var(--radius); }
.filters h2 { margin-top: 0; font-size: 1.1rem; }
.filter-group h3 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
.filter-group label { cursor: pointer; }
.filter-status { min-height: 1.5em; color: var(--muted); }
@media print { .filters, .filter-status { display: none; } }

/* ---------- Link previews (assets/preview.js) ---------- */
.link-preview {
  position: absolute; z-index: 20; margin: 0; padding: 0.75rem 1rem;
  background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.18); font-size: 0.875rem; line-height: 1.45;
}
.link-preview p { margin: 0; }
.link-preview .preview-kind { color: var(--muted); font-size: 0.75rem; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.link-preview .preview-title { font-weight: 700; margin: 0.1rem 0 0.3rem; }
.link-preview .preview-summary { color: var(--muted); }
.link-preview .preview-counts { margin-top: 0.4rem; font-size: 0.8rem; }
@media print { .link-preview { display: none !important; } }

/* ---------- Search: a wide panel, full width on small screens; the search page ---------- */
/* Wider than the box, growing leftwards from its right edge (the box sits at the header's right). */
.search .search-results { width: min(40rem, calc(100vw - 2rem)); left: auto; right: 0; }
.search-results mark { padding: 0; }
.search-results .search-all { border-bottom: 0; }
.search-results .search-all a { font-weight: 400; }
.search-page-results { max-width: var(--measure); }
.not-found-search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; max-width: 32rem; }
.not-found-search input { flex: 1 1 12rem; }
@media (max-width: 40rem) {
  .search { max-width: none; }
  .search .search-results { position: fixed; left: 0; right: 0; top: auto; width: auto; max-height: 75vh; border-radius: 0; }
}

/* ---------- Filters: a panel that folds; long labels wrap (no sideways scroll at 320px) ---------- */
.filters > summary { cursor: pointer; list-style-position: outside; }
.filters > summary h2 { display: inline; margin: 0; }
.filters[open] > summary { margin-bottom: 0.5rem; }
.filters .terms { gap: 0.35rem 1rem; margin-bottom: 0.5rem; }
.filters .terms li { white-space: normal; }
.filters li.disabled { color: var(--muted); opacity: 0.6; }
.filters li.disabled label { cursor: default; }
.filter-clear { margin-top: 0.5rem; }

/* ---------- Compact header on small screens: title and search on one line,
   the sections in one row that scrolls sideways (the page itself never does) ---------- */
@media (max-width: 40rem) {
  .site-header { display: grid; grid-template-columns: minmax(0, 1fr) minmax(8rem, 50%); align-items: center; gap: 0.5rem 0.75rem; padding-top: 0.6rem; padding-bottom: 0.25rem; }
  .site-title { font-size: 1rem; line-height: 1.25; }
  .search { margin: 0; position: static; min-width: 0; }
  .search input[type="search"] { min-width: 0; }
  .search label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .search input[type="search"] { padding: 0.35em 0.6em; }
  .site-nav { grid-column: 1 / -1; min-width: 0; }
  .site-nav ul { flex-wrap: nowrap; overflow-x: auto; gap: 0 1rem; padding-bottom: 0.35rem; scrollbar-width: thin; }
  .site-nav li { flex: none; }
  .site-nav li:not(.facet-link) + .facet-link { padding-left: 0.75rem; }
  .search .search-results { top: auto; margin-top: 0.4rem; }
}

/* ---------- Long lists: one line per entry; facet pages: terms with samples ---------- */
.cards.dense { display: block; columns: 2 22rem; column-gap: 2rem; }
.cards.dense .card { display: block; break-inside: avoid; padding: 0.35rem 0; background: none; border: 0; border-bottom: 1px solid var(--border); border-radius: 0; }
.cards.dense .card p { display: -webkit-box; -webkit-line-clamp: 1; line-clamp: 1; -webkit-box-orient: vertical; overflow: hidden; margin: 0.1em 0 0; }
.term-samples { display: grid; gap: 0.25rem 2rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); margin: 0 0 2rem; padding: 0; list-style: none; }
.term-samples h2 { font-size: 1.1em; margin: 1rem 0 0.25rem; }
.term-samples p { margin: 0; font-size: 0.9em; color: var(--muted); }

"""#,
        "base.mustache": ##"""
<!DOCTYPE html>
<html lang="{{site.language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{page.full_title}}</title>
<meta name="description" content="{{page.description}}">
<meta name="generator" content="{{generator}}">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-hashes' 'sha256-6l+tpow5lGPV0MHWZlDv8nD7HrL77FGFldqQ7zc5gxY=' 'sha256-Y9v1MZrln1N8aPBY5lmpxYKwFkcp/nyBMMEnn7WFjuw=' 'sha256-i0JPB0qmRu5AViJTxOIzqXnfGoiWFw+oNAm4uJd7ZQk='; script-src 'self'; object-src 'none'; base-uri 'self'">
<link rel="canonical" href="{{page.canonical}}">
<meta property="og:title" content="{{page.title}}">
<meta property="og:description" content="{{page.description}}">
<meta property="og:type" content="website">
<link rel="icon" href="{{site.base}}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{site.stylesheet}}">
<script src="{{site.base}}assets/search.js" data-index="{{site.base}}search/" defer></script>
<script src="{{site.base}}assets/preview.js" data-root="{{site.base}}" data-shards="{{site.preview_shards}}" defer></script>
<link rel="alternate" type="application/atom+xml" title="{{site.title}}" href="{{site.base}}feed.xml">
{{#page.has_json_ld}}
<script type="application/ld+json">{{{page.json_ld}}}</script>
{{/page.has_json_ld}}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
{{{chrome.header}}}
<div class="layout">
<main id="main" tabindex="-1">
{{$content}}{{/content}}
</main>
</div>
{{{chrome.footer}}}
</body>
</html>

"""##,
        "entry.mustache": ##"""
{{<base}}
{{$content}}
{{#entry}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <a href="{{kind_url}}">{{kind_title}}</a> › <span aria-current="page">{{title}}</span></nav>
<article class="entry{{#has_side}} has-side{{/has_side}}{{#css_classes}} {{css_classes}}{{/css_classes}}" data-pagefind-body>
  <header class="page-header">
    <p class="kind-label">{{kind_singular}}{{#is_draft}} <span class="draft-badge">Draft</span>{{/is_draft}}</p>
    <h1>{{title}}</h1>
    {{#summary}}<p class="lead">{{summary}}</p>{{/summary}}
    {{#has_aliases}}<p class="aliases">Also known as: <span class="alias">{{aliases_text}}</span></p>{{/has_aliases}}
    {{#date}}{{^has_when}}<p class="dates">Published <time datetime="{{date}}">{{date}}</time>{{#updated}} · updated <time datetime="{{updated}}">{{updated}}</time>{{/updated}}</p>{{/has_when}}{{/date}}{{#has_when}}<p class="dates"><time datetime="{{date}}">{{when}}</time>{{#updated}} · updated <time datetime="{{updated}}">{{updated}}</time>{{/updated}}</p>{{/has_when}}
    {{#as_of}}
    <p class="as-of">Facts as of <time datetime="{{as_of_iso}}">{{as_of}}</time></p>
    {{/as_of}}
    {{#is_source}}
    <p class="reference-text">{{#source}}{{> partials/reference}}{{/source}}</p>
    {{/is_source}}
  </header>
  {{#has_side}}
  <div class="entry-side">
  <nav class="toc" aria-label="On this page">
    <h2>On this page</h2>
    <ol>{{#has_toc}}{{#toc}}<li{{#nested}} class="nested"{{/nested}}><a href="#{{id}}">{{text}}</a></li>{{/toc}}{{/has_toc}}{{#has_events}}<li><a href="#entry-timeline">Timeline</a></li>{{/has_events}}{{#has_references}}<li><a href="#entry-references">References</a></li>{{/has_references}}{{#connections}}<li class="toc-relation"><a href="#{{id}}">{{label}}</a> <span class="count">{{count}}</span></li>{{/connections}}</ol>
  </nav>
  {{#has_connections}}
  <nav class="relation-panel" aria-label="Relations">
    {{#connections}}
    <section class="relation-group">
      <h2 id="{{id}}">{{label}} <span class="count">{{count}}</span></h2>
      {{#has_kinds}}<p class="chips">{{#kinds}}<span class="chip {{style}}">{{label}} {{count}}</span> {{/kinds}}</p>{{/has_kinds}}
      <ul class="relation-links">{{{links_html}}}{{#has_more}}<li class="more"><a href="#all-connections">and {{more}} more</a></li>{{/has_more}}</ul>
    </section>
    {{/connections}}
  </nav>
  {{/has_connections}}
  </div>
  {{/has_side}}
  <div class="prose">
{{{body}}}
  </div>
  {{#has_events}}
  <section class="timeline" aria-labelledby="entry-timeline">
    <h2 id="entry-timeline">Timeline</h2>
    <ol class="events">{{{events_html}}}</ol>
  </section>
  {{/has_events}}
  {{#has_cited_by}}
  <section class="cited-by" aria-labelledby="entry-cited-by">
    <h2 id="entry-cited-by">Cited by <span class="count">{{cited_by_count}}</span></h2>
    {{#cited_by}}
    <h3>{{title}} <span class="count">{{count}}</span></h3>
    <ul class="relation-links">{{#links}}<li><a href="{{url}}">{{title}}</a>{{#locators}} <span class="locators">{{locators}}</span>{{/locators}}</li>{{/links}}</ul>
    {{/cited_by}}
  </section>
  {{/has_cited_by}}
  {{#has_references}}
  <section class="references" aria-labelledby="entry-references">
    <h2 id="entry-references">References</h2>
    <ol class="reference-list">{{#references}}<li id="{{id}}">{{{reference_html}}}{{#has_locators}} <span class="locators">{{locators}}</span>{{/has_locators}}{{#backrefs}} <a class="backref" href="#{{id}}" aria-label="{{description}}">{{label}}</a>{{/backrefs}}</li>{{/references}}</ol>
  </section>
  {{/has_references}}
  {{#has_facets}}
  <section class="facets" aria-label="Facets">
    {{#facets}}<p><a href="{{url}}">{{title}}</a>: {{#terms}}<a class="term" href="{{url}}">{{label}}</a> {{/terms}}</p>{{/facets}}
  </section>
  {{/has_facets}}
</article>
{{#has_connections}}
<section class="connections" aria-labelledby="connections">
  <h2 id="connections">Connections</h2>
{{{local_graph}}}
  <details id="all-connections" class="all-connections">
    <summary>Show all {{connection_count}} connections as cards</summary>
    {{#connections}}
    <h3>{{label}} <span class="count">{{count}}</span></h3>
    {{> partials/cards}}
    {{/connections}}
  </details>
</section>
{{/has_connections}}
<nav class="pager" aria-label="More {{kind_title}}">
  {{#previous}}<a rel="prev" href="{{url}}">← {{title}}</a>{{/previous}}
  {{#next}}<a rel="next" href="{{url}}">{{title}} →</a>{{/next}}
</nav>
{{/entry}}
{{/content}}
{{/base}}

"""##,
        "facet.mustache": #"""
{{<base}}
{{$content}}
{{#facet}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <span aria-current="page">{{title}}</span></nav>
<header class="page-header"><h1>{{title}}</h1></header>
<ul class="term-samples">
{{#terms}}<li><h2><a href="{{url}}">{{label}}</a> <span class="count">{{count}}</span></h2><p>{{#links}}<a href="{{url}}">{{title}}</a> · {{/links}}{{#has_more}}<a href="{{url}}">{{more}} more →</a>{{/has_more}}{{^has_more}}<a href="{{url}}">all →</a>{{/has_more}}</p></li>
{{/terms}}
</ul>
{{/facet}}
{{/content}}
{{/base}}

"""#,
        "graph.mustache": #"""
{{<base}}
{{$content}}
{{#graph}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <span aria-current="page">Graph</span></nav>
<header class="page-header">
  <h1>Graph</h1>
  <p class="lead">{{count}} entries: each kind a cluster, each relation between kinds a line as wide as the links it carries.</p>
</header>
<figure class="local-graph graph-overview">
<div class="lg-scroll">{{{overview}}}</div>
<figcaption class="lg-legend"><ul>{{#filters}}<li><i class="lg-line {{style}}"></i>{{label}}</li>{{/filters}}</ul></figcaption>
</figure>
<section class="graph-explorer" id="graph-explorer" data-graph="{{data_url}}" aria-labelledby="explorer-heading" hidden>
  <h2 id="explorer-heading">Explore every entry</h2>
  <p class="explorer-note">Loads graph.json (every entry and link) and draws each entry as a dot in its kind's cluster. Filter by kind and relation; type a title to focus on an entry and its neighbours.</p>
  <p><button type="button" id="explorer-load">Load the explorer</button></p>
  <form class="explorer-controls" id="explorer-controls" hidden>
    <fieldset><legend>Kinds</legend>{{#kinds}}<label><input type="checkbox" name="kind" value="{{key}}" data-style="{{style}}" checked> <span class="chip {{style}}">{{title}}</span></label> {{/kinds}}</fieldset>
    <fieldset><legend>Relations</legend>{{#filters}}<label><input type="checkbox" name="relation" value="{{name}}" data-style="{{style}}" checked> {{label}}</label> {{/filters}}<label><input type="checkbox" name="relation" value="mention" data-style="e7"{{^filters}} checked{{/filters}}> Text links</label>{{#has_citations}} <label><input type="checkbox" name="relation" value="cites" data-style="e6"> Citations</label>{{/has_citations}}</fieldset>
    <p><label for="explorer-focus">Focus on an entry</label> <input type="search" id="explorer-focus" autocomplete="off" placeholder="Type a title"></p>
  </form>
  <p id="explorer-status" class="filter-status" role="status" aria-live="polite"></p>
  <div class="explorer-canvas" id="explorer-view" hidden><canvas id="explorer-canvas" width="820" height="600" role="img" aria-label="Every entry as a dot, grouped by kind; the list beside it names the focused entry's neighbours"></canvas><p id="explorer-tip" class="explorer-tip" hidden></p></div>
  <ul id="explorer-focus-list" class="relation-links explorer-list"></ul>
</section>
<script src="{{site.base}}assets/graph.js" defer></script>
<section aria-labelledby="relations-heading">
  <h2 id="relations-heading">Relations between kinds</h2>
  <div class="table-scroll"><table class="flows">
    <thead><tr><th scope="col">Relation</th><th scope="col">From → to</th><th scope="col">Links</th></tr></thead>
    <tbody>{{#relations}}<tr><td>{{label}}</td><td>{{title}}</td><td>{{count}}</td></tr>{{/relations}}</tbody>
  </table></div>
</section>
<section aria-labelledby="hubs-heading">
  <h2 id="hubs-heading">Most connected entries</h2>
  <div class="hubs">
  {{#kinds}}
  <section class="relation-group">
    <h3><a href="{{url}}">{{title}}</a> <span class="count">{{count}}</span></h3>
    <ol class="relation-links">{{#links}}<li><a href="{{url}}">{{title}}</a> <span class="count">{{count}}</span></li>{{/links}}</ol>
  </section>
  {{/kinds}}
  </div>
</section>
{{/graph}}
{{/content}}
{{/base}}

"""#,
        "home.mustache": #"""
{{<base}}
{{$content}}
<header class="page-header">
  <h1>{{site.title}}</h1>
  {{#site.description}}<p class="lead">{{site.description}}</p>{{/site.description}}
</header>
{{#intro}}<div class="intro prose">{{{intro}}}</div>{{/intro}}
{{#kinds}}
<section class="kind-section">
  <h2><a href="{{url}}">{{title}}</a> <span class="count">{{count}}</span></h2>
  {{> partials/cards}}
  {{#has_more}}<p class="more"><a href="{{url}}">All {{count}} {{title}} →</a></p>{{/has_more}}
</section>
{{/kinds}}
{{#has_recent}}
{{#recent}}
<section class="kind-section recent">
  <h2>Recently updated</h2>
  {{> partials/cards}}
</section>
{{/recent}}
{{/has_recent}}
{{#facets}}
<section class="facet-section">
  <h2><a href="{{url}}">{{title}}</a></h2>
  <ul class="terms">{{#terms}}<li><a href="{{url}}">{{label}}</a> <span class="count">{{count}}</span></li>{{/terms}}</ul>
</section>
{{/facets}}
{{/content}}
{{/base}}

"""#,
        "kind.mustache": #"""
{{<base}}
{{$content}}
{{#kind}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <span aria-current="page">{{title}}</span></nav>
<header class="page-header">
  <h1>{{title}}</h1>
  <p class="lead">{{count}} entries</p>
</header>
{{#intro}}
<div class="intro prose">{{{intro}}}</div>
{{/intro}}
{{#has_filters}}
<details class="filters" open>
  <summary><h2 id="filters-heading">Browse {{title}}</h2></summary>
  {{#filters}}
  <div class="filter-group" data-filter-group="{{key}}">
    <h3>{{title}}</h3>
    <ul class="terms">{{#options}}<li><a href="{{url}}" data-filter-value="{{value}}">{{label}}</a> <span class="count">{{count}}</span></li>{{/options}}</ul>
  </div>
  {{/filters}}
</details>
<script type="application/json" id="filter-data">{{{filter_data}}}</script>
<script src="{{site.base}}assets/filter.js" defer></script>
{{/has_filters}}
<p id="filter-status" class="filter-status" role="status" aria-live="polite"></p>
<div id="kind-entries">
{{> partials/cards}}
</div>
{{/kind}}
{{/content}}
{{/base}}

"""#,
        "partials/card.mustache": #"""
<li class="card"><a href="{{url}}">{{title}}</a>{{#is_draft}} <span class="draft-badge">Draft</span>{{/is_draft}} <span class="chip {{style}}">{{kind}}</span>{{#summary}}<p>{{summary}}</p>{{/summary}}</li>

"""#,
        "partials/cards.mustache": #"""
<ul class="cards{{#dense}} dense{{/dense}}">
{{{entries_html}}}
</ul>

"""#,
        "partials/event.mustache": #"""
<li class="event"><time datetime="{{datetime}}">{{when}}</time> <span class="what">{{#other_url}}<a href="{{url}}">{{title}}</a> · <span class="relation">{{relation}}:</span> <a href="{{other_url}}">{{other_title}}</a>{{/other_url}}{{^other_url}}{{#relation}}<span class="relation">{{relation}}:</span> {{/relation}}{{#is_self}}<strong>{{title}}</strong>{{/is_self}}{{^is_self}}<a href="{{url}}">{{title}}</a>{{/is_self}} <span class="chip {{style}}">{{kind}}</span>{{/other_url}}{{#note}} <span class="note">({{note}})</span>{{/note}}</span></li>
"""#,
        "partials/footer.mustache": #"""
<footer class="site-footer">
  <p>{{site.title}}{{#site.description}} · {{site.description}}{{/site.description}}</p>
  <p><a href="{{site.base}}feed.xml">Atom feed</a> · <a href="{{site.base}}graph.json">Graph data</a> · Built with {{generator}}</p>
</footer>

"""#,
        "partials/header.mustache": #"""
<header class="site-header">
  <a class="site-title" href="{{site.home_url}}">{{site.title}}</a>
  <form class="search" role="search" action="{{#site.has_search_page}}{{site.search_url}}{{/site.has_search_page}}{{^site.has_search_page}}{{site.home_url}}{{/site.has_search_page}}"{{#site.has_search_page}} data-search-page="{{site.search_url}}"{{/site.has_search_page}}>
    <label for="search-input">Search</label>
    <input type="search" id="search-input" name="q" placeholder="Search entries" aria-describedby="search-status">
    <p id="search-status" class="search-status" role="status" aria-live="polite"></p>
    <ul id="search-results" class="search-results" hidden></ul>
  </form>
  <nav class="site-nav" aria-label="Sections">
    <ul>
      {{#nav.kinds}}<li><a href="{{url}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/nav.kinds}}
      {{#nav.facets}}<li class="facet-link"><a href="{{url}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>{{/nav.facets}}
      {{#site.has_graph}}<li class="facet-link graph-link"><a href="{{site.graph_url}}">Graph</a></li>{{/site.has_graph}}{{#site.has_timeline}}<li class="facet-link timeline-link"><a href="{{site.timeline_url}}">Timeline</a></li>{{/site.has_timeline}}
    </ul>
  </nav>
</header>

"""#,
        "partials/reference.mustache": #"""
{{#authors}}<span class="authors">{{authors}}</span>. {{/authors}}<cite>{{#source_url}}<a href="{{source_url}}">{{title}}</a>{{/source_url}}{{^source_url}}{{title}}{{/source_url}}</cite>.{{#publisher}} {{publisher}}.{{/publisher}}{{#published}} {{published}}.{{/published}}{{#identifier}} <span class="identifier">{{identifier}}</span>.{{/identifier}}{{#link}} <a class="external" href="{{link}}">{{link}}</a>{{#accessed}} (accessed {{accessed}}){{/accessed}}.{{/link}}
"""#,
        "search.mustache": #"""
{{<base}}
{{$content}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <span aria-current="page">Search</span></nav>
<header class="page-header">
  <h1>Search</h1>
  <p class="lead">Type in the search box above; the results stay here, and the address (<code>?q=…</code>) can be shared.</p>
  <noscript><p>Search runs in the browser and needs JavaScript. Every entry is also listed by kind: {{#nav.kinds}}<a href="{{url}}">{{title}}</a> {{/nav.kinds}}</p></noscript>
</header>
<ul id="search-page-results" class="search-results search-page-results"></ul>
{{/content}}
{{/base}}

"""#,
        "term.mustache": #"""
{{<base}}
{{$content}}
{{#term}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <a href="{{facet_url}}">{{facet_title}}</a> › {{#kind_title}}<a href="{{term_url}}">{{label}}</a> › <span aria-current="page">{{kind_title}}</span>{{/kind_title}}{{^kind_title}}<span aria-current="page">{{label}}</span>{{/kind_title}}</nav>
<header class="page-header">
  <p class="kind-label">{{facet_title}}</p>
  <h1>{{label}}{{#kind_title}}: {{kind_title}}{{/kind_title}}</h1>
  <p class="lead">{{count}} entries{{#kind_title}} · <a href="{{kind_url}}">all {{kind_title}}</a>{{/kind_title}}</p>
</header>
{{#has_groups}}
{{#groups}}
<section class="kind-group">
  <h2><a href="{{url}}">{{title}}</a> <span class="count">{{count}}</span></h2>
  {{> partials/cards}}
</section>
{{/groups}}
{{/has_groups}}
{{^has_groups}}
{{> partials/cards}}
{{/has_groups}}
{{/term}}
{{/content}}
{{/base}}

"""#,
        "timeline.mustache": #"""
{{<base}}
{{$content}}
{{#timeline}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{{site.home_url}}">Home</a> › <span aria-current="page">Timeline</span></nav>
<header class="page-header">
  <h1>Timeline</h1>
  <p class="lead">{{count}} dated events{{#from}}, from {{from}} to {{until}}{{/from}}: entries' own dates and dated relations, oldest first.</p>
</header>
{{#has_filters}}
<details class="filters" open>
  <summary><h2 id="filters-heading">Filter events</h2></summary>
  {{#filters}}
  <div class="filter-group" data-filter-group="{{key}}">
    <h3>{{title}}</h3>
    <ul class="terms">{{#options}}<li><a href="{{url}}" data-filter-value="{{value}}">{{label}}</a> <span class="count">{{count}}</span></li>{{/options}}</ul>
  </div>
  {{/filters}}
</details>
<script type="application/json" id="filter-data">{{{filter_data}}}</script>
<script src="{{site.base}}assets/filter.js" defer></script>
{{/has_filters}}
<p id="filter-status" class="filter-status" role="status" aria-live="polite"></p>
<ol class="events timeline-events" data-filter-list>
{{{events_html}}}
</ol>
{{/timeline}}
{{/content}}
{{/base}}

"""#,
    ]

    /// Other files (not UTF-8, or with control characters), base64.
    static let base64Files: [String: String] = [:]
}
