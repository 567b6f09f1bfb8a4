// The collection explorer (themes/default/static/js/explore.js) and the
// coverage page in a real browser: axe with filters applied, the state in
// the URL through filter, sort, reload and Back, a downloaded view equal to
// the rows shown, no dead control without JavaScript, and, at 10,000
// entries with the CPU slowed four times, how long applying a filter takes
// (reported, not asserted: timings on a shared machine are noise); a text
// filter keeps the rows it kept when it read every cell.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { siteCopy, build, staticServer, launch, guardedContext, repo } from "./harness.mjs";

let browser, site;

before(async () => {
  // Small pages, so that filters must reach rows past the first one.
  site = await staticServer(build(siteCopy((s) => s.replace(/^theme = "default"$/m, 'theme = "default"\ntable_rows = 40'))));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// shown returns the cells of the rows the table shows, as text.
function shown(page) {
  return page.$$eval("#collection-table tbody tr", (rows) => rows.map((r) => Array.from(r.cells, (c) => c.textContent.trim())));
}

async function applied(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector("form.explorer [role=status]").textContent));
}

test("axe: the coverage page and a collection with filters applied", async () => {
  const { context, outside } = await guardedContext(browser);
  const page = await context.newPage();
  const report = [];
  for (const path of ["/coverage/", "/mutualisations/?theme=identite&coverage=none&sort=-id", "/actions/?priority=must&q=service"]) {
    await page.goto(site.url + path);
    if (path.includes("?")) await applied(page);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of result.violations) {
      report.push(`${path}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
    }
  }
  await context.close();
  assert.deepEqual(outside, []);
  assert.equal(report.length, 0, "axe violations:\n" + report.join("\n"));
});

test("the coverage page counts from the content and links each matrix cell to its filtered view", async () => {
  const page = await browser.newPage();
  await page.goto(site.url + "/coverage/");
  const rows = await page.$$eval(".coverage-table tbody tr", (trs) => trs.length);
  const counts = await page.$$eval(".coverage-counts .card-count", (els) => els.map((e) => Number(e.textContent)));
  const data = await (await page.request.get(site.url + "/api/v1/coverage.json")).json();
  assert.equal(rows, data.count);
  assert.deepEqual(counts, [data.covered, data.realised, data.neither]);
  // A cell of the matrix leads to the mutualisations it counts.
  const link = page.locator(".matrix tbody tr").first().locator("td a").nth(2);
  const n = Number(await link.textContent());
  await link.click();
  await applied(page);
  assert.match(page.url(), /\/mutualisations\/\?theme=[^&]+&coverage=none$/);
  assert.equal((await shown(page)).length, Math.min(n, 40));
  await page.close();
});

test("filters see every page of the table: M075 is found from page 1", async () => {
  const page = await browser.newPage();
  await page.goto(site.url + "/mutualisations/");
  assert.ok(!(await shown(page)).some((r) => r[0] === "M075"), "M075 is not on the first page");
  await page.fill("#x-q", "M075");
  await applied(page);
  assert.deepEqual((await shown(page)).map((r) => r[0]), ["M075"]);
  assert.match(page.url(), /\?q=M075$/);
  await page.close();
});

test("URL state: filter, sort, reload, Back", async () => {
  const page = await browser.newPage();
  await page.goto(site.url + "/actions/");
  const initial = await shown(page);
  await page.selectOption("#x-priority", "must");
  await applied(page);
  assert.match(page.url(), /\/actions\/\?priority=must$/);
  const must = await shown(page);
  assert.ok(must.length > 0 && must.length < initial.length, `${must.length} must rows`);
  const priority = await page.$eval("thead th[data-col=priority]", (th) => th.cellIndex);
  assert.ok(must.every((r) => r[priority] === must[0][priority]), "every row has the priority chosen");

  await page.selectOption("#x-sort", "-id");
  await page.waitForURL(/sort=-id/);
  await page.waitForFunction(() => document.querySelector("th[data-col=id]").getAttribute("aria-sort") === "descending");
  const sorted = await shown(page);
  const ids = must.map((r) => r[0]);
  const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  assert.deepEqual(sorted.map((r) => r[0]), [...ids].sort(collator.compare).reverse());

  await page.reload();
  await applied(page);
  assert.equal(await page.inputValue("#x-priority"), "must");
  assert.equal(await page.inputValue("#x-sort"), "-id");
  assert.deepEqual(await shown(page), sorted);

  await page.goBack();
  await page.waitForURL(/\?priority=must$/);
  await page.waitForFunction(() => !document.querySelector("th[aria-sort]"));
  assert.equal(await page.inputValue("#x-sort"), "");
  assert.deepEqual(await shown(page), must);

  await page.goBack();
  await page.waitForURL(/\/actions\/$/);
  await page.waitForFunction(() => document.querySelector("#x-priority").value === "");
  assert.deepEqual(await shown(page), initial);
  await page.close();
});

test("a facet filter fetches no titles; a sort by title orders as the browser's collator", async () => {
  const page = await browser.newPage();
  const fetched = [];
  page.on("request", (r) => { if (/rows[-.]/.test(r.url())) fetched.push(new URL(r.url()).pathname); });
  await page.goto(site.url + "/mutualisations/");
  const [title] = (await shown(page))[0].slice(1, 2);
  await page.selectOption("#x-theme", { index: 1 });
  await applied(page);
  assert.deepEqual(fetched, ["/mutualisations/rows.json", "/mutualisations/rows-0.json"]);
  const index = await (await page.request.get(site.url + "/mutualisations/rows.json")).text();
  assert.ok(!index.includes(title), `rows.json holds no title: ${title}`);

  const filtered = await shown(page);
  assert.ok(filtered.length > 1 && filtered.length < 40, `${filtered.length} rows, on one page`);
  await page.selectOption("#x-sort", "title");
  await page.waitForFunction(() => document.querySelector("th[data-col=title]")?.getAttribute("aria-sort") === "ascending");
  const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  const titles = filtered.map((r) => r[1]);
  assert.deepEqual((await shown(page)).map((r) => r[1]), [...titles].sort(collator.compare));
  await page.close();
});

// reference filters a collection as the explorer did before its word
// index: every part of the cells fetched, each row's visible text folded
// (decomposed, accents dropped, lower case) and searched for every query
// word. It returns the ids of the rows kept, in the catalogue's order.
function reference(page, dir, q) {
  return page.evaluate(async ([dir, q]) => {
    const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    const text = (c) => typeof c === "string" ? c : Array.isArray(c) ? c.map((l) => typeof l === "string" ? l : l[0]).join(", ") : c.t;
    const index = await (await fetch(`/${dir}/rows.json`)).json();
    const rows = [];
    for (let n = 0; n * index.part < index.count; n++) rows.push(...await (await fetch(`/${dir}/rows-${n}.json`)).json());
    const words = fold(q).split(/\s+/).filter(Boolean);
    return rows.filter((r) => words.every((w) => fold(r.map(text).join(" ")).includes(w))).map((r) => r[0]);
  }, [dir, q]);
}

test("a text filter keeps the rows it kept before its word index, fetching one shard a word", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => { if (/(rows|words)[-.]/.test(r.url())) fetched.push(new URL(r.url()).pathname); });
  const cases = [
    ["mutualisations", ["M075", "identite", "IDENTITÉ", "connect", "e", "co", "mes", "messagerie électronique", "075 nat", "zzz", "é"]],
    ["actions", ["2.1", "service", "France", "numérique", "1.1 ant", "ç"]],
    ["services", ["connect", "franceconnect", "tchap", "ag"]],
    ["principes", ["donn", "de la", "s"]],
  ];
  let tried = 0;
  for (const [dir, queries] of cases) {
    await page.goto(site.url + `/${dir}/`);
    for (const q of queries) {
      const want = await reference(page, dir, q);
      fetched.length = 0;
      await page.goto(site.url + `/${dir}/?q=` + encodeURIComponent(q));
      await applied(page);
      const status = await page.textContent("form.explorer [role=status]");
      assert.match(status, new RegExp(`^\\D*${want.length}\\D`), `${dir} ?q=${q}: ${status}, want ${want.length} rows`);
      // The whole view, past the first page, is what a download gives.
      const [json] = await Promise.all([page.waitForEvent("download"), page.click("button[data-download=json]")]);
      const got = JSON.parse(readFileSync(await json.path(), "utf8")).map((o) => o.id);
      assert.deepEqual(got, want, `${dir} ?q=${q}`);
      const words = fetched.filter((p) => /words-/.test(p));
      assert.ok(words.length <= q.split(/\s+/).length, `${dir} ?q=${q} fetched ${words}`);
      if (want.length > 0) tried++;
    }
  }
  assert.ok(tried > 15, `${tried} queries found rows`);
  await context.close();
});

// parseCSV reads RFC 4180 CSV.
function parseCSV(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += c;
  }
  return rows;
}

test("Download this view gives the rows shown, as CSV and JSON", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(site.url + "/mutualisations/?coverage=action&sort=-coverage");
  await applied(page);
  const rows = await shown(page);
  assert.ok(rows.length > 1 && rows.length < 40, `${rows.length} rows`);
  const names = await page.$$eval("#collection-table thead th", (ths) => ths.map((th) => th.getAttribute("data-col")));

  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("button[data-download=csv]")]);
  const table = parseCSV(readFileSync(await csv.path(), "utf8"));
  assert.deepEqual(table[0], names);
  assert.deepEqual(table.slice(1).map((r) => r.map((c) => c.replace(/^'/, ""))), rows);

  const [json] = await Promise.all([page.waitForEvent("download"), page.click("button[data-download=json]")]);
  const records = JSON.parse(readFileSync(await json.path(), "utf8"));
  assert.deepEqual(records.map((o) => names.map((n) => o[n])), rows);
  await context.close();
});

test("without JavaScript no visible control does nothing", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const dead = [];
  for (const path of ["/", "/mutualisations/", "/actions/?priority=must", "/coverage/", "/mutualisations/m010/", "/services/franceconnect/", "/search/", "/open-data/"]) {
    await page.goto(site.url + path);
    // A control works without a script if it submits a form that has
    // somewhere to go, or opens its <details>.
    const found = await page.$$eval("button, input:not([type=hidden]), select, textarea, summary, [role=button]", (els) => els
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .filter((el) => !(el.tagName === "SUMMARY") && !(el.form && el.form.hasAttribute("action")))
      .map((el) => el.outerHTML.slice(0, 100)));
    for (const f of found) dead.push(`${path}: ${f}`);
    for (const sel of ["form.explorer", ".table-tools", ".search-facets"]) {
      for (const box of await page.$$(sel)) {
        if (await box.isVisible()) dead.push(`${path}: ${sel} is shown`);
      }
    }
  }
  await context.close();
  assert.deepEqual(dead, []);
});

test("at 10,000 entries, 4x CPU throttling: rows fetched and time to apply a filter (reported)", async (t) => {
  if (process.env.CATALOGUE_SKIP_10K) return t.skip("CATALOGUE_SKIP_10K is set");
  const dir = mkdtempSync(join(tmpdir(), "catalogue-10k-"));
  execFileSync("go", ["run", "./cmd/corpus", "-n", "10000", "-seed", "1", "-out", dir], { cwd: repo, stdio: "inherit" });
  const server = await staticServer(build(dir));
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const coll of ["mutualisations", "actions", "principes"]) {
      const gz = (name) => gzipSync(readFileSync(join(dir, "public", coll, name)), { level: 9 }).length;
      const files = readdirSync(join(dir, "public", coll));
      const parts = files.filter((f) => /^rows-\d+\.json$/.test(f));
      const index = gz("rows.json");
      // A text filter fetches one shard of the word index a word.
      const text = index + Math.max(...files.filter((f) => /^words-\d+\.json$/.test(f)).map(gz));
      await page.goto(server.url + `/${coll}/`);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      const timings = {};
      for (const [what, act] of [
        ["first text filter (fetch, parse, filter)", () => page.fill("#x-q", "de")],
        ["text filter", () => page.fill("#x-q", "servi")],
        ["facet", () => page.selectOption("#x-theme", { index: 1 })],
        ["sort", () => page.selectOption("#x-sort", "-title")],
      ]) {
        await page.evaluate(() => document.querySelector("form.explorer").removeAttribute("data-apply-ms"));
        const t0 = Date.now();
        await act();
        await page.waitForFunction(() => document.querySelector("form.explorer").hasAttribute("data-apply-ms"), null, { timeout: 60000 });
        timings[what] = { applyMs: Number(await page.getAttribute("form.explorer", "data-apply-ms")), wallMs: Date.now() - t0 };
      }
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
      t.diagnostic(`${coll}: gzipped, to filter (rows.json) ${index} B, for a one-word text filter (and its largest word shard) ${text} B, then the parts of the rows shown (of ${parts.length}); ${JSON.stringify(timings)}`);
    }
  } finally {
    await page.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true }); // 170 MB of site
  }
});
