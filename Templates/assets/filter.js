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
