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
