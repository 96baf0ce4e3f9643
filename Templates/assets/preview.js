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
