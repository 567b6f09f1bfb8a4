  // ---------------------------------------------------------------------
  // The page.

  function page() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = document.getElementById("search-q");
    var box = document.getElementById("search-facets");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var labels = {};
    document.querySelectorAll("#search-labels [data-facet]").forEach(function (el) {
      var f = el.getAttribute("data-facet");
      labels[f] = labels[f] || {};
      labels[f][el.getAttribute("data-value")] = el.textContent;
    });
    var facetNames = {};
    document.querySelectorAll("#search-labels [data-facet-name]").forEach(function (el) {
      facetNames[el.getAttribute("data-facet-name")] = el.textContent;
    });
    function say(key, vars) {
      var s = status.getAttribute("data-msg-" + key) || "";
      Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
      return s;
    }
    var base = (form.getAttribute("data-base") || "/").replace(/\/?$/, "/");
    var root = base + "search/";
    // The pages of the interface's language, which may be under its own
    // folder (/en/) while the index is the site's one (/search/).
    var pages = (form.getAttribute("data-pages") || base).replace(/\/?$/, "/");
    var cache = {};
    function load(path) {
      if (!cache[path]) {
        var url = root + path;
        // index.json names the version of the other files, which never
        // change: only it must be fresh.
        cache[path] = fetch(url, { cache: path === "index.json" ? "no-cache" : "default" }).then(function (r) {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return r.json();
        });
      }
      return cache[path];
    }
    var eng = engine(load);
    var api = document.querySelector('meta[name="catalogue-search-api"]');

    var state = { q: "", filters: {}, page: 1 };
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    params.forEach(function (v, k) {
      if (k !== "q" && k !== "page") (state.filters[k] = state.filters[k] || []).push(v);
    });
    input.value = state.q;

    function run(req, early) {
      if (!api) return eng.search(req, early);
      var u = new URLSearchParams();
      u.set("q", req.q);
      Object.keys(req.filters).forEach(function (f) { req.filters[f].forEach(function (v) { u.append(f, v); }); });
      u.set("page", req.page);
      return fetch(api.getAttribute("content") + "?" + u).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new QueryError(body.code || "failed", body.error || String(r.status), { max: 200 });
          return body;
        });
      });
    }

    function updateURL() {
      var u = new URLSearchParams();
      if (state.q) u.set("q", state.q);
      Object.keys(state.filters).forEach(function (f) { state.filters[f].forEach(function (v) { u.append(f, v); }); });
      history.replaceState(null, "", location.pathname + (u.toString() ? "?" + u : ""));
    }

    // The labels of the facet values that come from the content (owners,
    // programmes) are not in the page, whose size would grow with the
    // catalogue: they are fetched with the first facets shown.
    var contentLabels = null;
    function withLabels() {
      if (!contentLabels) {
        contentLabels = eng.labels().then(function (more) {
          Object.keys(more).forEach(function (f) { labels[f] = Object.assign(labels[f] || {}, more[f]); });
        }, function () { /* the values stand for their labels */ });
      }
      return contentLabels;
    }

    var seq = 0;
    function go(append) {
      var mine = ++seq;
      var req = { q: state.q, filters: state.filters, page: state.page };
      if (!append) updateURL();
      list.setAttribute("aria-busy", "true");
      var shown = false;
      // The hits are shown as soon as they are known; the facets follow.
      function early(res) {
        if (mine !== seq) return;
        shown = true;
        list.removeAttribute("aria-busy");
        render(res, append);
      }
      return run(req, early).then(function (res) {
        if (mine !== seq) return;
        if (!shown) early(res);
        var none = Object.keys(res.facets).length === 0;
        return (none ? Promise.resolve() : withLabels()).then(function () {
          if (mine === seq) renderFacets(res.facets);
        });
      }, function (err) {
        if (mine !== seq) return;
        list.removeAttribute("aria-busy");
        if (!(err instanceof QueryError)) status.textContent = say("error");
        else if (err.code === "too_long") status.textContent = say("toolong", err.data);
        else status.textContent = say("invalid", { msg: err.message });
      });
    }

    function render(res, append) {
      var first = null;
      if (!append) list.textContent = "";
      res.hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = pages + h.url.replace(/^\//, "");
        a.textContent = h.title;
        if (h.lang !== document.documentElement.lang) a.lang = h.lang;
        var meta = document.createElement("span");
        meta.className = "search-meta";
        meta.textContent = ((labels.kind || {})[h.kind] || h.kind) + " \u00b7 " + h.id;
        var p = document.createElement("p");
        p.className = "search-snippet";
        if (h.lang !== document.documentElement.lang) p.lang = h.lang;
        p.innerHTML = h.snippet;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
        li.appendChild(p);
        list.appendChild(li);
        if (!first) first = a;
      });
      var shown = list.children.length;
      if (!state.q.trim() && Object.keys(state.filters).length === 0) {
        status.textContent = "";
      } else if (res.total === 0) {
        status.textContent = say("none", { q: state.q });
      } else if (!state.q.trim()) {
        status.textContent = say(res.total === 1 ? "list-one" : "list-many", { n: res.total });
      } else {
        status.textContent = say(res.total === 1 ? "one" : "many", { n: res.total, q: state.q, shown: shown }) +
          (res.any ? " " + say("any") : "");
      }
      if (more) {
        more.hidden = shown >= res.total;
        if (!more.hidden) more.textContent = say("more", { n: Math.min(res.size, res.total - shown) });
      }
      if (append && first) first.focus();
    }

    function renderFacets(facets) {
      var legend = box.querySelector("legend");
      box.textContent = "";
      if (legend) box.appendChild(legend);
      var any = false;
      Object.keys(facets).forEach(function (f) {
        var values = facets[f];
        if (values.length < 2 && !(state.filters[f] || []).length) return;
        any = true;
        var group = document.createElement("fieldset");
        group.className = "search-facet";
        var lg = document.createElement("legend");
        lg.textContent = facetNames[f] || f;
        group.appendChild(lg);
        var ul = document.createElement("ul");
        values.forEach(function (v) {
          var li = document.createElement("li");
          var label = document.createElement("label");
          var cb = document.createElement("input");
          cb.type = "checkbox";
          cb.name = f;
          cb.value = v.value;
          cb.checked = (state.filters[f] || []).indexOf(v.value) >= 0;
          cb.addEventListener("change", function () {
            var vs = state.filters[f] || [];
            vs = cb.checked ? vs.concat([v.value]) : vs.filter(function (x) { return x !== v.value; });
            if (vs.length) state.filters[f] = vs; else delete state.filters[f];
            state.page = 1;
            go(false).then(function () {
              var again = box.querySelector('input[name="' + f + '"][value="' + CSS.escape(v.value) + '"]');
              if (again) again.focus();
            });
          });
          label.appendChild(cb);
          label.appendChild(document.createTextNode(" " + ((labels[f] || {})[v.value] || v.value) + " "));
          var n = document.createElement("span");
          n.className = "count";
          n.textContent = "(" + v.count + ")";
          label.appendChild(n);
          li.appendChild(label);
          ul.appendChild(li);
        });
        group.appendChild(ul);
        box.appendChild(group);
      });
      box.hidden = !any;
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = input.value;
        state.page = 1;
        go(false);
      }, 150);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      state.q = input.value;
      state.page = 1;
      go(false);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && list.querySelector("a")) {
        ev.preventDefault();
        list.querySelector("a").focus();
      }
    });
    list.addEventListener("keydown", function (ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("li > a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      ev.preventDefault();
      if (ev.key === "ArrowUp" && i === 0) input.focus();
      else if (links[i + (ev.key === "ArrowDown" ? 1 : -1)]) links[i + (ev.key === "ArrowDown" ? 1 : -1)].focus();
    });
    if (more) {
      more.addEventListener("click", function () {
        state.page++;
        go(true);
      });
    }
    if (state.q || Object.keys(state.filters).length) go(false);
  }

