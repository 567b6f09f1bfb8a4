// The portal in a real browser: accessibility (axe-core, WCAG 2.0/2.1 A and
// AA) in both UI languages, no third-party request, no horizontal scrolling
// at 360 px, keyboard use, and screenshots for review.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { siteCopy, build, staticServer, launch, guardedContext, under, violations, pages, shotPath } from "./harness.mjs";

let browser, fr, en, publicFr;

before(async () => {
  publicFr = build(siteCopy());
  fr = await staticServer(publicFr);
  en = under(fr, "/en"); // the English interface of the same build
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await fr?.close();
  await en?.close();
});

// waitForSearch lets the search page render its results before a check.
async function settle(page, path) {
  if (path.startsWith("/search/")) {
    await page.waitForSelector("#search-results li", { timeout: 10000 });
  }
}

for (const [lang, server] of [["fr", () => fr], ["en", () => en]]) {
  test(`axe finds no WCAG A/AA violation (${lang} UI)`, async () => {
    const { context, outside } = await guardedContext(browser);
    const page = await context.newPage();
    const report = [];
    for (const [name, path] of pages) {
      const resp = await page.goto(server().url + path);
      assert.equal(resp.status(), name === "404" ? 404 : 200, `${path} status`);
      await settle(page, path);
      assert.equal(await page.getAttribute("html", "lang"), lang, `${path}: <html lang>`);
      // RGAA 11.1: every field has a label; axe also accepts a placeholder,
      // which RGAA does not.
      const unlabelled = await page.$$eval("input:not([type=hidden]):not([type=submit]), select, textarea", (els) => els
        .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-labelledby") && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML.slice(0, 80)));
      for (const u of unlabelled) report.push(`${path}: field without a label: ${u}`);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of result.violations) {
        report.push(`${path}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
      }
    }
    await context.close();
    assert.deepEqual(outside, [], "requests to other hosts");
    assert.equal(report.length, 0, "axe violations:\n" + report.join("\n"));
  });
}

test("no page asks for another host or breaks the security policy, at 360 px nothing scrolls sideways, screenshots", async () => {
  for (const [device, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 360, height: 740 }]]) {
    const { context, outside } = await guardedContext(browser, { viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const wide = [], blocked = [];
    for (const [name, path] of pages) {
      await page.goto(fr.url + path);
      await settle(page, path);
      for (const v of await violations(page)) blocked.push(`${path}: ${v}`);
      if (device === "phone") {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) wide.push(`${path}: ${width}px`);
      }
      if (["home", "mutualisations", "action", "service", "search", "theme"].includes(name)) {
        await page.screenshot({ path: shotPath(`${name}-${device}`), fullPage: false });
      }
    }
    await context.close();
    assert.deepEqual(outside, [], `${device}: requests to other hosts`);
    assert.deepEqual(wide, [], "pages wider than a 360 px screen");
    assert.deepEqual(blocked, [], "blocked by the Content-Security-Policy");
  }
});

test("built HTML holds no preconnect or dns-prefetch to another host", () => {
  const bad = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".html")) {
        const html = readFileSync(p, "utf8");
        for (const m of html.matchAll(/<link[^>]+rel="?(preconnect|dns-prefetch|preload|prefetch)"?[^>]*>/g)) {
          if (/href="?(https?:)?\/\//.test(m[0])) bad.push(`${p}: ${m[0]}`);
        }
        for (const m of html.matchAll(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\/[^"]+"[^>]*>/g)) {
          if (m[1] !== "link" || /stylesheet|icon|manifest/.test(m[0])) bad.push(`${p}: ${m[0]}`);
        }
      }
    }
  };
  walk(publicFr);
  assert.deepEqual(bad, []);
});

test("keyboard: skip link first, visible focus, every control reachable, no trap", async () => {
  const { context } = await guardedContext(browser);
  const page = await context.newPage();
  for (const path of ["/", "/mutualisations/", "/actions/2.1.1/"]) {
    await page.goto(fr.url + path);
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute("href") }));
    assert.equal(first.cls, "skip-link", `${path}: first Tab reaches the skip link`);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    });
    assert.ok(outline, `${path}: focus is visible on the skip link`);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main", `${path}: skip link moves focus to main`);

    // Tab through the whole page: every focusable control is reached, in
    // a finite walk that comes back to the start (no trap).
    await page.goto(fr.url + path); // restart the sequential focus order from the top
    const focusable = await page.evaluate(() => Array.from(document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"))
      .filter((el) => el.offsetParent !== null || el.tagName === "SUMMARY").length);
    const seen = new Set();
    let steps = 0;
    for (; steps < focusable + 5; steps++) {
      await page.keyboard.press("Tab");
      const key = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const visible = s.outlineStyle !== "none" || s.boxShadow !== "none";
        return (visible ? "" : "INVISIBLE ") + el.tagName + ":" + (el.getAttribute("href") || el.id || el.textContent.trim().slice(0, 30)) + ":" + Array.from(document.querySelectorAll("*")).indexOf(el);
      });
      if (key === null) break;
      assert.ok(!key.startsWith("INVISIBLE"), `${path}: focus not visible on ${key}`);
      seen.add(key);
    }
    assert.ok(steps < focusable + 5, `${path}: Tab never leaves the page (trap?)`);
    assert.ok(seen.size >= focusable * 0.9, `${path}: reached ${seen.size} of ${focusable} controls`);
  }
  await context.close();
});

test("language switcher: every page names its other language with hreflang and leads, by keyboard, to the same page in it", async () => {
  const { context, outside } = await guardedContext(browser);
  const page = await context.newPage();
  for (const [name, path] of pages) {
    if (name === "404") continue;
    const bare = path.split("?")[0];
    for (const [from, to, prefix, other] of [["fr", "en", "", "/en"], ["en", "fr", "/en", ""]]) {
      await page.goto(fr.url + prefix + path);
      const alternates = await page.$$eval("link[rel=alternate][hreflang]", (ls) => ls.map((l) => l.hreflang + " " + new URL(l.href).pathname));
      assert.deepEqual(alternates, ["fr " + bare, "en /en" + bare, "x-default " + bare], `${prefix + path}: hreflang alternates`);
      const link = page.locator(`nav.lang-switch a[hreflang=${to}]`);
      assert.equal(await link.getAttribute("lang"), to, `${prefix + path}: the switcher's link has lang`);
      assert.equal(await link.isVisible(), true, `${prefix + path}: the switcher is visible`);
      await link.focus();
      await Promise.all([page.waitForURL((u) => u.pathname === other + bare), page.keyboard.press("Enter")]);
      assert.equal(await page.getAttribute("html", "lang"), to, `${prefix + path}: the switcher leads to a page in ${to}`);
    }
  }
  // The English search page searches the one index and links its hits to
  // the English pages.
  await page.goto(en.url + "/search/?q=messagerie");
  await page.waitForSelector("#search-results li a");
  const hrefs = await page.$$eval("#search-results li a", (as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith("/en/")), `English search hits: ${hrefs.join(", ")}`);
  await context.close();
  assert.deepEqual(outside, [], "requests to other hosts");
});
