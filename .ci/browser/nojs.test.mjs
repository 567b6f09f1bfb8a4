// Search without JavaScript. Under catalogue serve the search form is
// answered by a page the server fills (results, facets as links, page
// links), which axe finds clean; on a static host the search page says
// that the search needs JavaScript and links to the lists.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { siteCopy, build, staticServer, catalogueBinary, launch, guardedContext, violations, shotPath } from "./harness.mjs";

let browser, statik, served;

// productionServer runs `catalogue serve -no-build` on a built site.
async function productionServer(dir) {
  const proc = spawn(catalogueBinary(), ["serve", "-no-build", "-log", "none", "-root", dir, "-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) ok(m[1]);
    });
    proc.on("exit", (code) => fail(new Error(`catalogue serve exited with ${code}`)));
  });
  return { url, close: () => new Promise((ok) => { proc.on("exit", ok); proc.kill("SIGINT"); }) };
}

before(async () => {
  const dir = siteCopy();
  statik = await staticServer(build(dir));
  served = await productionServer(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await statik?.close();
  await served?.close();
});

// results returns the ids of the hits shown, whether each is partial, and
// the status.
function results(page) {
  return page.evaluate(() => ({
    hits: Array.from(document.querySelectorAll("#search-results > li")).map((li) => ({
      id: li.querySelector("a").getAttribute("href").replace(/\/$/, "").split("/").pop(),
      partial: li.classList.contains("search-partial"),
      meta: li.querySelector(".search-meta").textContent,
    })),
    status: document.querySelector("#search-status").textContent,
  }));
}

test("serve without JavaScript: the form returns the results, facets and pages as links", async () => {
  const { context, outside } = await guardedContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(served.url + "/search/");
  assert.equal(await page.locator("noscript").count(), 0, "serve's search page says the search needs JavaScript");
  await page.fill("#search-q", "messagerie électronique");
  await Promise.all([page.waitForURL(/\?q=/), page.click('#search-form button[type="submit"]')]);
  let r = await results(page);
  assert.equal(await page.inputValue("#search-q"), "messagerie électronique");
  assert.equal(r.hits[0].id, "m015", "first hit");
  assert.equal(r.hits[0].partial, false);
  assert.ok(r.hits.slice(1).every((h) => h.partial), `the hits after the full one are partial: ${JSON.stringify(r.hits)}`);
  assert.ok(r.hits.some((h) => h.id === "m075"), "the other messagerie entries follow");
  assert.match(r.status, /16 entrées trouvées pour « messagerie électronique »\. Une seule entrée a tous les mots/);
  assert.match(r.hits[1].meta, /une partie des mots/);

  // The next page, then a facet link.
  await Promise.all([page.waitForURL(/page=2/), page.click('#search-pages a[rel="next"]')]);
  r = await results(page);
  assert.equal(r.hits.length, 6, "the second page has the last six hits");
  await page.click(".search-filters summary");
  await Promise.all([page.waitForURL(/kind=action/), page.click('#search-facets a[href*="kind=action"]')]);
  r = await results(page);
  assert.ok(r.hits.length > 0 && r.hits.every((h) => /^\d/.test(h.id)), `actions only: ${JSON.stringify(r.hits)}`);
  assert.equal(await page.getAttribute('#search-facets a[aria-current="true"]', "href"), "?q=messagerie+%C3%A9lectronique");
  // The form keeps the filter for the next query.
  await page.fill("#search-q", "messagerie");
  await Promise.all([page.waitForURL(/q=messagerie&kind=action/), page.click('#search-form button[type="submit"]')]);
  await page.screenshot({ path: shotPath("search-nojs-serve"), fullPage: true });
  await context.close();
  assert.deepEqual(outside, [], "requests to other hosts");
});

test("serve: the script takes over the page the server filled", async () => {
  const { context, outside } = await guardedContext(browser);
  const page = await context.newPage();
  await page.goto(served.url + "/search/?q=" + encodeURIComponent("messagerie électronique") + "&page=2");
  await page.waitForSelector("#search-more:not([hidden])");
  assert.equal(await page.locator("#search-pages").count(), 0, "the page links stay beside the script's more button");
  const r = await results(page);
  assert.equal(r.hits[0].id, "m015");
  assert.match(r.status, /Une seule entrée a tous les mots/);
  assert.deepEqual(await violations(page), [], "security policy violations");
  await context.close();
  assert.deepEqual(outside, []);
});

test("axe finds no WCAG A/AA violation on the page serve fills", async () => {
  const { context } = await guardedContext(browser);
  // The page as a browser without JavaScript shows it; axe itself needs
  // script, the page's own is kept out.
  await context.route("**/js/search.js", (route) => route.abort());
  const page = await context.newPage();
  await page.goto(served.url + "/search/?q=" + encodeURIComponent("messagerie électronique") + "&kind=mutualisation");
  await page.click(".search-filters summary").catch(() => {});
  assert.ok(await page.locator("#search-results li").count() > 0);
  assert.ok(await page.locator("#search-facets a").count() > 0);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const report = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.equal(report.length, 0, "axe violations:\n" + report.join("\n"));
  await context.close();
});

test("static host without JavaScript: the search page says it needs JavaScript and links to the lists", async () => {
  const { context } = await guardedContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(statik.url + "/search/?q=messagerie");
  const notice = page.locator("p.notice", { hasText: "JavaScript" });
  assert.ok(await notice.isVisible(), "the notice is visible without JavaScript");
  for (const href of ["/mutualisations/", "/actions/", "/themes/"]) {
    assert.equal(await notice.locator(`a[href="${href}"]`).count(), 1, `the notice links to ${href}`);
  }
  await context.close();
});
