// Search on a plain static host (no /api/search): words, codes, typos,
// missing accents, facets, the keyboard and the live region.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { siteCopy, build, staticServer, launch, guardedContext } from "./harness.mjs";

let browser, server, context, outside, page;

before(async () => {
  server = await staticServer(build(siteCopy()));
  browser = await launch();
  ({ context, outside } = await guardedContext(browser));
  // A static host has no search API: any call to it fails the test.
  await context.route("**/api/search**", (route) => {
    outside.push("search API called: " + route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  await page.goto(server.url + "/search/");
});

after(async () => {
  assert.deepEqual(outside, [], "requests that a static host could not answer");
  await browser?.close();
  await server?.close();
});

// search types q like a user and returns the result ids in order and the
// announced status, once the list matches the query.
async function search(q) {
  await page.fill("#search-q", "");
  await page.type("#search-q", q, { delay: 10 });
  await page.waitForFunction((q) => new URLSearchParams(location.search).get("q") === q && !document.querySelector("#search-results").hasAttribute("aria-busy") && document.querySelector("#search-status").textContent.trim() !== "", q, { timeout: 10000 });
  return page.evaluate(() => ({
    ids: Array.from(document.querySelectorAll("#search-results > li > a")).map((a) => a.getAttribute("href").replace(/\/$/, "").split("/").pop()),
    status: document.querySelector("#search-status").textContent,
  }));
}

test("a word, a code, a typo, an unaccented word each find the expected entry", async () => {
  const cases = [
    ["messagerie instantanée", "m075", false],
    ["M75", "m075", true],
    ["m075", "m075", true],
    ["2.1.1", "2.1.1", true],
    ["signatrue", "m010", false],
    ["ministere", null, false],
    ["franceconnect", "franceconnect", false],
    ["e-invoicing", "e-invoice-processing", false],
  ];
  for (const [q, want, first] of cases) {
    const { ids, status } = await search(q);
    assert.ok(ids.length > 0, `${q}: no result`);
    assert.match(status, /\d/, `${q}: the live region announces a count (${status})`);
    if (want && first) assert.equal(ids[0], want, `${q}: first result`);
    else if (want) assert.ok(ids.slice(0, 10).includes(want), `${q}: ${want} not in the top 10 (${ids.slice(0, 10)})`);
    if (q === "ministere") {
      // Typed without its accent, ministère is found and highlighted.
      const marks = await page.$$eval("#search-results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
      assert.ok(marks.some((m) => m.startsWith("ministère")), `ministère not highlighted: ${marks.slice(0, 5)}`);
    }
  }
});

test("synonyms reach the other language; partial hits follow the full ones, and the page says so", async () => {
  const { ids, status } = await search("instant messaging");
  assert.equal(ids[0], "m075", "instant messaging finds the French messagerie instantanée first");
  assert.match(status, /5 entrées ont tous les mots ; les suivantes n’en ont qu’une partie\./);
  const partial = await page.$$eval("#search-results > li", (lis) => lis.map((li) => li.classList.contains("search-partial")));
  assert.deepEqual(partial.slice(0, 6), [false, false, false, false, false, true], "the five full hits, then the partial ones");
  assert.match(await page.textContent("#search-results > li.search-partial .search-meta"), /une partie des mots/);
});

test("the live region is polite and announces the result count", async () => {
  assert.equal(await page.getAttribute("#search-status", "role"), "status");
  assert.equal(await page.getAttribute("#search-status", "aria-live"), "polite");
});

test("facets narrow the results and their counts follow the query", async () => {
  const all = await search("messagerie");
  const box = page.locator("#search-facets");
  await box.waitFor({ state: "visible" });
  // Owners are labelled from the static files (labels.json), not the page.
  const owners = await box.locator('input[name="owner"]').evaluateAll((cbs) => cbs.map((cb) => [cb.value, cb.parentElement.textContent.trim()]));
  assert.ok(owners.some(([v, text]) => !text.startsWith(v + " ")), `owners shown by their slugs: ${JSON.stringify(owners.slice(0, 5))}`);
  const action = box.locator('input[name="kind"][value="mutualisation"]');
  await action.check();
  await page.waitForFunction(() => new URLSearchParams(location.search).get("kind") === "mutualisation" && !document.querySelector("#search-results").hasAttribute("aria-busy"));
  const narrowed = await page.$$eval("#search-results > li > a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(narrowed.length > 0 && narrowed.length < all.ids.length, `narrowed ${narrowed.length} of ${all.ids.length}`);
  assert.ok(narrowed.every((h) => h.includes("/mutualisations/")), "only mutualisations remain");
  await action.uncheck();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("kind") && !document.querySelector("#search-results").hasAttribute("aria-busy"));
});

test("keyboard: Enter searches, arrows move through the results", async () => {
  await page.goto(server.url + "/search/");
  await page.focus("#search-q");
  await page.keyboard.type("tchap");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#search-results > li > a");
  assert.equal(new URL(page.url()).pathname, "/search/", "Enter stays on the search page");
  await page.keyboard.press("ArrowDown");
  const first = await page.evaluate(() => document.activeElement.closest("#search-results") !== null);
  assert.ok(first, "ArrowDown moves focus to the first result");
  const n = await page.$$eval("#search-results > li > a", (as) => as.length);
  if (n > 1) {
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => Array.from(document.querySelectorAll("#search-results > li > a")).indexOf(document.activeElement));
    assert.equal(second, 1, "ArrowDown again moves to the second result");
    await page.keyboard.press("ArrowUp");
  }
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-q", "ArrowUp from the first result goes back to the box");
});

test("the header search box leads to the search page with results", async () => {
  // Home has its own search box and no header one.
  await page.goto(server.url + "/mutualisations/");
  await page.fill("#header-q", "tchap");
  await page.press("#header-q", "Enter");
  await page.waitForSelector("#search-results > li > a");
  const ids = await page.$$eval("#search-results > li > a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(ids.some((h) => h.includes("/services/tchap/")), `tchap not found: ${ids}`);
});
