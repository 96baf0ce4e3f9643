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
