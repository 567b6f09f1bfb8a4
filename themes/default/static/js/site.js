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

  // The 404 page: an address that holds an entry's code in another case
  // or shape (/mutualisations/M075, /m075, /actions/2.1.1.html) gets a
  // link to the entry, found in the table of codes; any other last
  // segment, a link to search for it.
  function guessEntry(box) {
    var base = box.getAttribute("data-base") || "/";
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
    if (path.indexOf(base) === 0) path = path.slice(base.length);
    var segments = path.split("/").map(function (s) { return s.replace(/\.(html?|json)$/i, ""); }).filter(Boolean);
    if (!segments.length) return;
    function show(key, vars, href, text) {
      var s = box.getAttribute("data-msg-" + key) || "";
      Object.keys(vars).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
      box.textContent = s + " ";
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      box.appendChild(a);
      box.hidden = false;
    }
    function search() {
      var q = segments[segments.length - 1];
      var text = (box.getAttribute("data-msg-search") || "").split("{q}").join(q);
      show("none", {}, base + "search/?q=" + encodeURIComponent(q), text);
    }
    fetch(box.getAttribute("data-codes")).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (table) {
      var byCode = {};
      Object.keys(table).forEach(function (dir) {
        table[dir].forEach(function (id) { byCode[id.toLowerCase()] = { dir: dir, id: id }; });
      });
      for (var i = segments.length - 1; i >= 0; i--) {
        var hit = byCode[segments[i].toLowerCase()];
        if (hit) {
          var href = base + hit.dir + "/" + hit.id.toLowerCase() + "/";
          show("entry", { code: hit.id }, href, location.origin + href);
          return;
        }
      }
      search();
    }).catch(search);
  }

  // The search filters are folded before the results; on a wide screen,
  // where they stand beside the results, they start open.
  var filters = document.querySelector(".search-filters");
  if (filters && window.matchMedia("(min-width: 56rem)").matches) filters.open = true;

  var guess = document.getElementById("not-found-guess");
  if (guess) guessEntry(guess);

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("[data-filter-for]").forEach(makeFilterable);
})();
