// Collection explorer: filter, facets and sort over the whole collection,
// not just the page shown, with the state in the URL's query
// (?theme=identite&status=planned&sort=-priority&q=…) so that a view can be
// shared and survives Back and reload; "Download this view" gives the rows
// it shows as CSV or JSON. What filters and sorts every row is in
// <collection>/rows.json, written by the generator from the same columns as
// the table: each row's facet values and its rank in each column's order.
// The cells are in parts (rows-0.json, rows-1.json…) fetched for the rows
// shown and for a download. A text filter reads, for each query word, one
// shard of the collection's word index (words-0.json…; see
// generator/render/explorewords.go): the rows holding a word of one or two
// characters, or the words of the collection holding its first three, with
// their rows. Without this script the form stays hidden and the paginated
// table and the facet pages work as they are.
(function () {
  "use strict";

  var form = document.querySelector("form.explorer");
  var table = document.getElementById("collection-table");
  if (!form || !table || !window.fetch || !window.URLSearchParams) return;

  var base = form.getAttribute("data-base") || "/";
  var pageRows = parseInt(form.getAttribute("data-page-rows"), 10) || 50;
  var status = form.querySelector("[role=status]");
  var template = status.getAttribute("data-template") || "{n}/{total}";
  var body = table.tBodies[0];
  var serverRows = Array.prototype.slice.call(body.rows);
  var pager = document.querySelector("nav.pager");
  var caption = table.caption;
  var serverCaption = caption ? caption.textContent : "";
  var facetSelects = Array.prototype.slice.call(form.querySelectorAll("select:not([name=sort])"));
  var sortSelect = form.elements.sort;
  var q = form.elements.q;
  var loading = null; // rows.json, once asked for
  var parts = []; // the parts of the cells asked for, by number
  var shards = []; // the shards of the word index asked for, by number
  var view = []; // the numbers of the rows of the current view, in order
  var shownView = 0; // the number of the latest view asked for
  var page = 0;
  var clientPager = null;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A cell of rows.json is a text, a list of links, or {t: text, s: sort
  // key}. A link is [text, path, lang?], or its text alone when its
  // column says where it goes: to the row's own page (self) or to
  // /<ref>/<text in lower case>/.
  function linkText(l) { return typeof l === "string" ? l : l[0]; }
  function cellText(c) {
    if (typeof c === "string") return c;
    if (Array.isArray(c)) return c.map(linkText).join(", ");
    return c.t;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  // load fetches the index: the facets' values of each row, and the rank
  // of each row in each column's order, written as differences.
  function load() {
    if (!loading) {
      status.textContent = form.getAttribute("data-loading") || "";
      loading = getJSON(form.getAttribute("data-rows")).then(function (d) {
        d.columns.forEach(function (c) {
          for (var i = 1; i < c.rank.length; i++) c.rank[i] += c.rank[i - 1];
        });
        d.facetIndex = {};
        d.facets.forEach(function (f) { d.facetIndex[f.name] = f; });
        d.rows = []; // the cells of each row, once its part is fetched
        return d;
      });
    }
    return loading;
  }

  function fileURL(name) {
    return form.getAttribute("data-rows").replace(/rows\.json$/, name);
  }

  // cells fetches the parts that hold the rows numbered in list.
  function cells(d, list) {
    var wanted = [];
    list.forEach(function (i) {
      var n = Math.floor(i / d.part);
      if (wanted.indexOf(n) < 0) wanted.push(n);
    });
    return Promise.all(wanted.map(function (n) {
      if (!parts[n]) {
        parts[n] = getJSON(fileURL("rows-" + n + ".json")).then(function (rows) {
          rows.forEach(function (row, k) { d.rows[n * d.part + k] = row; });
        }, function (err) {
          parts[n] = null; // to be asked for again
          throw err;
        });
      }
      return parts[n];
    })).then(function () { return d; });
  }

  // A query word is looked up by a key: itself up to two characters
  // (code points, as the generator counts them), else its first three.
  function wordKey(w) {
    var cs = Array.from(w);
    return cs.length < 3 ? w : cs.slice(0, 3).join("");
  }

  // shardOf returns the shard of a key among n: FNV-1a over its code
  // points, as the generator computes it.
  function shardOf(key, n) {
    var h = 2166136261;
    Array.from(key).forEach(function (ch) { h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0; });
    return h % n;
  }

  // wordShards fetches the shard of each query word.
  function wordShards(d, ws) {
    return Promise.all(ws.map(function (w) {
      var n = shardOf(wordKey(w), d.words);
      if (!shards[n]) {
        shards[n] = getJSON(fileURL("words-" + n + ".json")).catch(function (err) {
          shards[n] = null; // to be asked for again
          throw err;
        });
      }
      return shards[n];
    }));
  }

  var digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

  // mark sets hit[i] for each row of a list of rows as the generator
  // writes them: the gaps between them, each in base 32, lowest digit
  // first, the last digit from the upper half of digits.
  function mark(text, hit) {
    var prev = -1, g = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var n = digits.indexOf(text.charAt(i));
      if (n < 32) {
        g += n * scale;
        scale *= 32;
        continue;
      }
      prev += g + (n - 32) * scale + 1;
      hit[prev] = 1;
      g = 0;
      scale = 1;
    }
  }

  // textHits returns, for each row, whether its cells hold every query
  // word, from each word's shard; null without a word.
  function textHits(d, ws, got) {
    if (!ws.length) return null;
    var all = null;
    ws.forEach(function (w, k) {
      var s = got[k], hit = new Uint8Array(d.count);
      if (Array.from(w).length < 3) {
        if (Object.prototype.hasOwnProperty.call(s.short, w)) mark(s.short[w], hit);
      } else {
        s.words.forEach(function (x, j) { if (x.indexOf(w) >= 0) mark(s.rows[j], hit); });
      }
      if (all) for (var i = 0; i < d.count; i++) all[i] &= hit[i];
      else all = hit;
    });
    return all;
  }

  function every(d) {
    var all = [];
    for (var i = 0; i < d.count; i++) all.push(i);
    return all;
  }

  function readState() {
    var p = new URLSearchParams(location.search);
    var s = { q: p.get("q") || "", sort: p.get("sort") || "", page: Math.max(0, (parseInt(p.get("p"), 10) || 1) - 1), facets: {} };
    facetSelects.forEach(function (sel) {
      var v = p.get(sel.name);
      if (v) s.facets[sel.name] = v;
    });
    return s;
  }

  function formState() {
    var s = { q: q.value.trim(), sort: sortSelect.value, page: 0, facets: {} };
    facetSelects.forEach(function (sel) {
      if (sel.value) s.facets[sel.name] = sel.value;
    });
    return s;
  }

  function query(s) {
    var p = new URLSearchParams();
    Object.keys(s.facets).forEach(function (k) { p.set(k, s.facets[k]); });
    if (s.q) p.set("q", s.q);
    if (s.sort) p.set("sort", s.sort);
    if (s.page > 0) p.set("p", String(s.page + 1));
    var str = p.toString();
    return str ? "?" + str : location.pathname;
  }

  function active(s) {
    return s.q !== "" || s.sort !== "" || s.page > 0 || Object.keys(s.facets).length > 0;
  }

  function setForm(s) {
    q.value = s.q;
    sortSelect.value = s.sort;
    if (sortSelect.value !== s.sort) sortSelect.value = "";
    facetSelects.forEach(function (sel) {
      sel.value = s.facets[sel.name] || "";
      if (sel.value !== (s.facets[sel.name] || "")) sel.value = "";
    });
  }

  function words(s) {
    return fold(s.q).split(/\s+/).filter(Boolean);
  }

  // filter returns the numbers of the rows of d that match s, sorted as s
  // says; hit tells which rows hold the words of its text filter.
  function filter(d, s, hit) {
    var facets = Object.keys(s.facets).filter(function (k) { return k in d.facetIndex; }).map(function (k) {
      var f = d.facetIndex[k];
      var v = -1;
      f.values.forEach(function (pair, n) { if (pair[0] === s.facets[k]) v = n; });
      return { rows: f.rows, v: v };
    });
    var out = [];
    for (var i = 0; i < d.count; i++) {
      var ok = true;
      for (var f = 0; ok && f < facets.length; f++) ok = facets[f].rows[i].indexOf(facets[f].v) >= 0;
      if (hit) ok = ok && hit[i] === 1;
      if (ok) out.push(i);
    }
    if (s.sort) {
      var desc = s.sort.charAt(0) === "-";
      var name = desc ? s.sort.slice(1) : s.sort;
      var rank = null;
      d.columns.forEach(function (c) { if (c.name === name) rank = c.rank; });
      if (rank) {
        out.sort(function (a, b) {
          // Empty cells (rank 0) last, whatever the direction; ties
          // keep the catalogue's order.
          var ka = rank[a], kb = rank[b];
          if (!ka !== !kb) return ka ? -1 : 1;
          return (desc ? kb - ka : ka - kb) || a - b;
        });
      }
    }
    return out;
  }

  function link(d, col, row, l) {
    var a = document.createElement("a");
    var path;
    if (typeof l !== "string") path = l[1];
    else if (col.self) path = d.dir + row[0].toLowerCase() + "/";
    else path = "/" + col.ref + "/" + l.toLowerCase() + "/";
    a.href = base + path.replace(/^\//, "");
    a.textContent = linkText(l);
    if (typeof l !== "string" && l[2]) a.lang = l[2];
    return a;
  }

  function renderRows(d, rows) {
    var frag = document.createDocumentFragment();
    rows.forEach(function (i) {
      var row = d.rows[i];
      var tr = document.createElement("tr");
      d.columns.forEach(function (c, i) {
        var td = document.createElement("td");
        if (c.code) td.className = "code";
        var cell = row[i];
        if (Array.isArray(cell)) {
          cell.forEach(function (l, k) {
            if (k) td.appendChild(document.createTextNode(", "));
            td.appendChild(link(d, c, row, l));
          });
        } else {
          td.textContent = cellText(cell);
        }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
  }

  function fill(t, vars) {
    return t.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  }

  function showPager(n) {
    var pages = Math.ceil(n / pageRows);
    if (!clientPager) {
      clientPager = document.createElement("nav");
      clientPager.className = "explorer-pager";
      clientPager.setAttribute("aria-label", form.getAttribute("data-pager") || "");
      var prev = document.createElement("button");
      prev.type = "button";
      prev.setAttribute("data-step", "-1");
      prev.textContent = form.getAttribute("data-prev");
      var next = document.createElement("button");
      next.type = "button";
      next.setAttribute("data-step", "1");
      next.textContent = form.getAttribute("data-next");
      clientPager.appendChild(prev);
      clientPager.appendChild(next);
      clientPager.addEventListener("click", function (ev) {
        var step = ev.target.getAttribute && ev.target.getAttribute("data-step");
        if (!step) return;
        var s = readState();
        s.page = Math.min(Math.max(0, page + parseInt(step, 10)), pages - 1);
        history.pushState(null, "", query(s));
        apply(s);
        table.scrollIntoView();
      });
      table.parentNode.parentNode.insertBefore(clientPager, table.parentNode.nextSibling);
    }
    clientPager.hidden = pages <= 1;
    clientPager.children[0].hidden = page <= 0;
    clientPager.children[1].hidden = page >= pages - 1;
  }

  function restore() {
    view = [];
    shownView++;
    body.textContent = "";
    serverRows.forEach(function (r) { body.appendChild(r); });
    if (pager) pager.hidden = false;
    if (clientPager) clientPager.hidden = true;
    if (caption) caption.textContent = serverCaption;
    status.textContent = "";
    markSort("");
  }

  function markSort(sort) {
    var name = sort.replace(/^-/, "");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (sort && th.getAttribute("data-col") === name) th.setAttribute("aria-sort", sort.charAt(0) === "-" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }

  // apply shows the view of state s.
  function apply(s) {
    setForm(s);
    if (!active(s)) {
      restore();
      return Promise.resolve();
    }
    var seq = ++shownView;
    var ms; // the time taken to filter and show, fetches aside
    var ws = words(s);
    return load().then(function (d) {
      return wordShards(d, ws).then(function (got) { return [d, got]; });
    }).then(function (got) {
      var t0 = performance.now();
      var d = got[0];
      var v = filter(d, s, textHits(d, ws, got[1]));
      var pg = Math.min(s.page, Math.max(0, Math.ceil(v.length / pageRows) - 1));
      var shown = v.slice(pg * pageRows, (pg + 1) * pageRows);
      ms = performance.now() - t0;
      return cells(d, shown).then(function () { return [d, v, pg, shown]; });
    }).then(function (got) {
      var t0 = performance.now();
      if (seq !== shownView) return; // a later view was asked for
      var d = got[0], first = got[2] * pageRows, shown = got[3];
      view = got[1];
      page = got[2];
      renderRows(d, shown);
      if (pager) pager.hidden = true;
      showPager(view.length);
      markSort(s.sort);
      var range = view.length ? fill(form.getAttribute("data-range") || "", { first: first + 1, last: first + shown.length, n: view.length }) : "";
      if (caption) caption.textContent = serverCaption.replace(/—.*$/, "— " + range);
      status.textContent = fill(template, { n: view.length, total: d.count });
      form.setAttribute("data-apply-ms", String(Math.round((ms + performance.now() - t0) * 10) / 10));
    }).catch(function () {
      if (seq === shownView) status.textContent = form.getAttribute("data-error") || "";
    });
  }

  function update(push) {
    var s = formState();
    var url = query(s);
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    return apply(s);
  }

  var timer = null;
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { update(false); }, 150);
  });
  form.addEventListener("change", function (ev) {
    if (ev.target !== q) update(true);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    update(true);
  });
  form.querySelector(".explorer-clear").addEventListener("click", function (ev) {
    ev.preventDefault();
    history.pushState(null, "", location.pathname);
    apply(readState());
  });
  window.addEventListener("popstate", function () { apply(readState()); });

  // Download this view: every row of the view, in its order, with the
  // cells as the table shows them.
  function download(kind) {
    var s = formState();
    load().then(function (d) {
      var list = active(s) ? view : every(d);
      return cells(d, list).then(function () { return [d, list]; });
    }).then(function (got) {
      var d = got[0];
      var rows = got[1].map(function (i) { return d.rows[i]; });
      var names = d.columns.map(function (c) { return c.name; });
      var text, type;
      if (kind === "json") {
        text = JSON.stringify(rows.map(function (row) {
          var o = {};
          names.forEach(function (n, i) { o[n] = cellText(row[i]); });
          return o;
        }), null, 2) + "\n";
        type = "application/json";
      } else {
        var lines = [names.map(csvCell).join(",")];
        rows.forEach(function (row) {
          lines.push(names.map(function (n, i) { return csvCell(cellText(row[i])); }).join(","));
        });
        text = lines.join("\r\n") + "\r\n";
        type = "text/csv";
      }
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
      a.download = location.pathname.split("/").filter(Boolean)[0] + "-view." + kind;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
  }

  // csvCell quotes a cell as RFC 4180 says and, as the published CSV
  // files do, keeps a spreadsheet from running it as a formula.
  function csvCell(s) {
    if (/^[=+\-@\t\r']/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-download]"), function (b) {
    b.addEventListener("click", function () { download(b.getAttribute("data-download")); });
  });

  form.hidden = false;
  var initial = readState();
  if (active(initial)) apply(initial);
})();
