// Reading the portal everywhere: on paper (print to PDF), on a 360 px
// phone, in the dark colour scheme, and at a mistyped address; the
// open-data page at 1,280 px; placeholders that fit their field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { sep } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { siteCopy, build, staticServer, launch, guardedContext, under, pages, shotPath } from "./harness.mjs";

let browser, fr, en, frPublic;

before(async () => {
  frPublic = build(siteCopy());
  fr = await staticServer(frPublic);
  en = under(fr, "/en"); // the English interface of the same build
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await fr?.close();
  await en?.close();
});

async function settle(page, path) {
  if (path.startsWith("/search/")) {
    await page.waitForSelector("#search-results li", { timeout: 10000 });
  }
}

// pdfPages counts the pages of a PDF written by Chromium: one /Type /Page
// object each.
function pdfPages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
}

// A4 less the 15 mm margins of print.css, at 96 px per inch.
const printable = Math.floor(((210 - 2 * 15) / 25.4) * 96);

test("print: no navigation, tables and entries fit the paper, no page holds only the footer", async () => {
  const { context, outside } = await guardedContext(browser);
  const page = await context.newPage();
  // The caps are what each page needs today: the open-data page grew with
  // the owners, changes, coverage and theme feeds' files (see the todo below).
  for (const [path, maxPages] of [["/mutualisations/", 16], ["/actions/", 16], ["/actions/2.1.1/", 2], ["/services/franceconnect/", 3], ["/open-data/", 8]]) {
    await page.goto(fr.url + path);
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: printable, height: 1000 });
    const seen = await page.evaluate(() => {
      const shown = (sel) => Array.from(document.querySelectorAll(sel)).filter((el) => el.getClientRects().length > 0).length;
      return { nav: shown(".site-nav, .nav-menu"), search: shown("input[type=search], form[role=search]"), footerLinks: shown(".footer-links"), filters: shown(".filters:not(.collection-files), .table-tools") };
    });
    assert.deepEqual(seen, { nav: 0, search: 0, footerLinks: 0, filters: 0 }, `${path}: printed controls`);
    const wide = await page.evaluate((limit) => Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > limit + 1)
      .map((el) => `${el.tagName}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`).slice(0, 5), printable);
    assert.deepEqual(wide, [], `${path}: elements past the printable width (${printable}px)`);
    const pdf = await page.pdf({ format: "A4", printBackground: false });
    const n = pdfPages(pdf);
    assert.ok(n >= 1 && n <= maxPages, `${path}: ${n} pages, want at most ${maxPages}`);
    // Without its footer the page prints on as many sheets: the footer
    // never takes a sheet of its own.
    // Through the CSSOM: the pages' Content-Security-Policy refuses a
    // style element added inline.
    await page.evaluate(() => document.querySelector(".site-footer").style.setProperty("display", "none", "important"));
    const bare = pdfPages(await page.pdf({ format: "A4", printBackground: false }));
    assert.equal(n, bare, `${path}: the footer alone fills a page (${n} pages, ${bare} without it)`);
    await page.emulateMedia({ media: "screen" });
  }
  const external = await (async () => {
    await page.goto(fr.url + "/services/franceconnect/");
    await page.emulateMedia({ media: "print" });
    return page.evaluate(() => {
      const a = document.querySelector('main a[href^="http"]');
      return a ? getComputedStyle(a, "::after").content : "none";
    });
  })();
  assert.match(external, /http/, "an external link prints its address");
  await context.close();
  assert.deepEqual(outside, [], "requests to other hosts");
});

test("phone (360 px): a short header, a menu without JavaScript, one search box on home, filters before results", async () => {
  for (const js of [true, false]) {
    const { context } = await guardedContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, javaScriptEnabled: js });
    const page = await context.newPage();
    const tall = [];
    for (const [name, path] of pages) {
      await page.goto(fr.url + path);
      if (js) await settle(page, path);
      const h = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
      if (h > 120) tall.push(`${path}: ${Math.round(h)}px`);
      if (js && ["home", "mutualisations", "action", "search", "open-data"].includes(name)) {
        await page.screenshot({ path: shotPath(`reading-${name}-360`), fullPage: false });
      }
    }
    assert.deepEqual(tall, [], `headers taller than 120 px (JavaScript ${js ? "on" : "off"})`);

    await page.goto(fr.url + "/");
    const boxes = await page.$$eval("input[type=search]", (els) => els.filter((el) => el.getClientRects().length > 0).length);
    assert.equal(boxes, 1, "search boxes on the home page");
    // The menu opens with a tap, without JavaScript, and shows every link.
    assert.equal(await page.isVisible(".nav-menu nav a"), false, "menu closed at first");
    await page.click(".nav-menu > summary");
    assert.equal(await page.isVisible(".nav-menu nav a[href='/mutualisations/']"), true, "menu open after a tap");
    if (js) await page.screenshot({ path: shotPath("reading-menu-open-360"), fullPage: false });
    await context.close();
  }

  const { context } = await guardedContext(browser, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(fr.url + "/search/?q=messagerie");
  await settle(page, "/search/");
  // Filled by search.js, inside the folded block: attached, not visible.
  await page.waitForSelector("#search-facets:not([hidden])", { state: "attached" });
  const order = await page.evaluate(() => {
    const filters = document.querySelector(".search-filters");
    const results = document.getElementById("search-results");
    return {
      before: !!(filters.compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING),
      above: filters.getBoundingClientRect().top < results.getBoundingClientRect().top,
      open: filters.open,
      tag: filters.tagName,
    };
  });
  assert.deepEqual(order, { before: true, above: true, open: false, tag: "DETAILS" }, "search filters: folded, before the results");
  await page.click(".search-filters > summary");
  assert.equal(await page.isVisible("#search-facets input"), true, "filters open on a tap");
  await context.close();
});

test("a wide screen shows the navigation and the search filters open", async () => {
  const { context } = await guardedContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(fr.url + "/search/?q=messagerie");
  await settle(page, "/search/");
  await page.waitForSelector("#search-facets:not([hidden])");
  assert.equal(await page.isVisible(".site-nav a[href='/mutualisations/']"), true, "navigation shown");
  assert.equal(await page.isVisible(".nav-menu"), false, "no menu button");
  assert.equal(await page.evaluate(() => document.querySelector(".search-filters").open), true, "filters open");
  await context.close();
});

// The dark scheme in both languages (portal.test.mjs runs axe in both,
// light): the issue asks for every template in both.
for (const [lang, server] of [["fr", () => fr], ["en", () => en]]) {
  test(`dark colour scheme: axe finds no WCAG A/AA violation (${lang} UI)`, async () => {
    const { context, outside } = await guardedContext(browser, { colorScheme: "dark" });
    const page = await context.newPage();
    const report = [];
    for (const [name, path] of pages) {
      await page.goto(server().url + path);
      await settle(page, path);
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      assert.equal(bg, "rgb(22, 22, 22)", `${path}: dark background`);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of result.violations) {
        report.push(`${path}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
      }
      if (lang === "fr" && ["home", "action", "search"].includes(name)) {
        await page.screenshot({ path: shotPath(`reading-${name}-dark`), fullPage: false });
      }
    }
    await context.close();
    assert.deepEqual(outside, [], "requests to other hosts");
    assert.equal(report.length, 0, "axe violations (dark):\n" + report.join("\n"));
  });
}

test("every page links a favicon that exists; placeholders fit their field", async () => {
  const { context } = await guardedContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const missing = [];
  const cut = [];
  for (const [, path] of pages) {
    const failed = [];
    page.on("response", (r) => { if (r.status() === 404 && !r.url().includes("/no/such/")) failed.push(r.url()); });
    await page.goto(fr.url + path);
    await settle(page, path);
    const icon = await page.getAttribute('link[rel="icon"]', "href");
    if (!icon) missing.push(`${path}: no <link rel="icon">`);
    else {
      const r = await page.request.get(new URL(icon, page.url()).href);
      if (r.status() !== 200) missing.push(`${path}: ${icon} ${r.status()}`);
    }
    missing.push(...failed.map((u) => `${path}: 404 for ${u}`));
    page.removeAllListeners("response");
    cut.push(...await page.$$eval("input[placeholder]", (els) => els.filter((el) => el.getClientRects().length > 0).map((el) => {
      const s = getComputedStyle(el);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      const need = ctx.measureText(el.placeholder).width;
      return need > room ? `${location.pathname}#${el.id}: placeholder needs ${Math.ceil(need)}px, has ${Math.floor(room)}px` : null;
    }).filter(Boolean)));
  }
  for (const width of [360]) {
    await page.setViewportSize({ width, height: 740 });
    for (const path of ["/", "/actions/", "/search/"]) {
      await page.goto(fr.url + path);
      cut.push(...await page.$$eval("input[placeholder]", (els, w) => els.filter((el) => el.getClientRects().length > 0).map((el) => {
        const s = getComputedStyle(el);
        const ctx = document.createElement("canvas").getContext("2d");
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        return ctx.measureText(el.placeholder).width > room ? `${location.pathname}#${el.id} at ${w}px` : null;
      }).filter(Boolean), width));
    }
  }
  await context.close();
  assert.deepEqual(missing, [], "favicon");
  assert.deepEqual(cut, [], "placeholders cut off");
});

test("a mistyped entry address: the 404 page links to the entry (JavaScript) or lists the ways in (without)", async () => {
  for (const js of [true, false]) {
    const { context } = await guardedContext(browser, { javaScriptEnabled: js });
    const page = await context.newPage();
    for (const [path, want] of [["/mutualisations/M075/", "/mutualisations/m075/"], ["/M075", "/mutualisations/m075/"], ["/actions/2.1.1.html", "/actions/2.1.1/"], ["/IOP/E-INVOICE-PROCESSING/", "/iop/e-invoice-processing/"], ["/mutualisations/M999/", "/search/?q=M999"]]) {
      const resp = await page.goto(fr.url + path);
      assert.equal(resp.status(), 404, `${path}: status`);
      if (js) {
        await page.waitForSelector("#not-found-guess:not([hidden]) a");
        const href = await page.getAttribute("#not-found-guess a", "href");
        assert.equal(href, want, `${path}: link of the 404 page`);
      } else {
        assert.equal(await page.isVisible("#not-found-guess"), false, `${path}: no guess without JavaScript`);
        const ways = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
        for (const w of ["/search/", "/mutualisations/", "/actions/"]) assert.ok(ways.includes(w), `${path}: 404 links to ${w}`);
      }
    }
    await context.close();
  }
});

// Three screens at most, as loaded: the catalogue's data files in one
// table, the schemas, the themes' feeds and each collection's files
// folded into blocks, and the reference on CSV and coverage folded too;
// yet every file of the export is listed on the page.
test("open data at 1,280 px: three screens at most, every file listed", async () => {
  const { context } = await guardedContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const server of [fr, en]) {
    await page.goto(server.url + "/open-data/");
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height <= 3 * 900, `${server.url}: open-data page is ${height}px tall, more than three screens`);
    if (server !== fr) continue;
    // Every file of the export: /api/, the feeds, the sitemap and robots.txt.
    const listed = new Set(await page.$$eval("main a[href]", (as) => as.map((a) => new URL(a.href).pathname)));
    const exported = readdirSync(frPublic, { recursive: true })
      .map((f) => "/" + f.split(sep).join("/"))
      .filter((f) => f.startsWith("/api/") && f.includes(".") || f.endsWith("/feed.xml") || f === "/sitemap.xml" || f === "/robots.txt");
    assert.ok(exported.length > 300, `${exported.length} files exported`);
    assert.deepEqual(exported.filter((f) => !listed.has(f)), [], "files of the export missing from the open-data page");
  }
  await context.close();
});

test("open data at 1,280 px: one block per collection, every column visible", async () => {
  const { context } = await guardedContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const server of [fr, en]) {
    await page.goto(server.url + "/open-data/");
    assert.ok(await page.$$eval("details.collection-files", (ds) => ds.length) >= 7, "one block per collection");
    // Opened, every table fits its box: no column is cut off.
    await page.$$eval("details", (ds) => ds.forEach((d) => { d.open = true; }));
    const cut = await page.$$eval(".table-wrap", (ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1)
      .map((w) => `${w.getAttribute("aria-label") || w.getAttribute("aria-labelledby")}: ${w.scrollWidth} > ${w.clientWidth}`));
    assert.deepEqual(cut, [], "tables wider than the page");
  }
  await page.goto(fr.url + "/open-data/");
  await page.screenshot({ path: shotPath("reading-open-data-desktop"), fullPage: true });
  await context.close();
});
