// Progressive enhancement of the portal: sortable tables and an instant
// filter on collection pages. Every page reads and works without it.
(function () {
  "use strict";

  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return "";
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  // Natural order: digit runs compare as numbers, so 2.1.9 < 2.1.10.
  var collator = new Intl.Collator(document.documentElement.lang || "fr", { numeric: true, sensitivity: "base" });

  function makeSortable(table) {
    var label = table.getAttribute("data-sort-label") || "Sort by";
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", label + " " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = collator.compare(cellValue(a, i), cellValue(b, i));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function makeFilterable(tools) {
    var table = document.getElementById(tools.getAttribute("data-filter-for"));
    if (!table) return;
    var input = tools.querySelector("input");
    var status = tools.querySelector("[role=status]");
    var template = status.getAttribute("data-template") || "{n}/{total}";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return fold(r.textContent); });
    var timer = null;
    tools.hidden = false;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        var shown = 0;
        rows.forEach(function (r, i) {
          var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
          r.hidden = !ok;
          if (ok) shown++;
        });
        status.textContent = words.length ? template.replace("{n}", shown).replace("{total}", rows.length) : "";
      }, 120);
    });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("[data-filter-for]").forEach(makeFilterable);
})();
