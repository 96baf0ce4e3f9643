// Faceted browsing on a kind's index: turns each filter link into a
// checkbox and filters the list in place. Without JavaScript the links
// still lead to the matching entries.
(function () {
  "use strict";
  var data = document.getElementById("filter-data");
  var list = document.querySelector("#kind-entries ul");
  var status = document.getElementById("filter-status");
  if (!data || !list) return;
  var values = JSON.parse(data.textContent);
  var items = Array.prototype.slice.call(list.children);
  var sets = values.map(function (v) { return new Set(v); });

  document.querySelectorAll("[data-filter-value]").forEach(function (link) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = link.getAttribute("data-filter-value");
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + link.textContent));
    link.parentNode.replaceChild(label, link);
    box.addEventListener("change", apply);
  });

  // Within a group any checked value matches; every group with a check must match.
  function apply() {
    var groups = {};
    document.querySelectorAll("[data-filter-group] input:checked").forEach(function (box) {
      var group = box.value.split("=")[0];
      (groups[group] = groups[group] || []).push(box.value);
    });
    var active = Object.keys(groups), shown = 0;
    items.forEach(function (item, i) {
      var keep = active.every(function (g) { return groups[g].some(function (v) { return sets[i] && sets[i].has(v); }); });
      item.hidden = !keep;
      if (keep) shown++;
    });
    status.textContent = active.length ? "Showing " + shown + " of " + items.length : "";
  }
})();
