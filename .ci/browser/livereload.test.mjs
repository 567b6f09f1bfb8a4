// The live reload of `catalogue serve`: edit an entry and the open page
// updates by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { siteCopy, devServer, launch, guardedContext, violations } from "./harness.mjs";

test("serve: an edited entry reloads the open page", async () => {
  const dir = siteCopy();
  const server = await devServer(dir);
  const browser = await launch();
  try {
    const { context, outside } = await guardedContext(browser);
    const page = await context.newPage();
    await page.goto(server.url + "/mutualisations/m010/");
    const before = await page.textContent("h1");
    const file = join(dir, "content", "mutualisations", "M010.md");
    const src = readFileSync(file, "utf8");
    writeFileSync(file, src.replace(/^title = ".*"$/m, 'title = "Signature électronique (modifiée)"'));
    await page.waitForFunction(() => document.querySelector("h1").textContent.includes("(modifiée)"), null, { timeout: 20000 });
    assert.notEqual(before, await page.textContent("h1"));
    assert.deepEqual(outside, []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test("serve: a broken edit shows the error overlay, under the server's security policy", async () => {
  const dir = siteCopy();
  const server = await devServer(dir);
  const browser = await launch();
  try {
    const { context, outside } = await guardedContext(browser);
    const page = await context.newPage();
    const response = await page.goto(server.url + "/mutualisations/m010/");
    assert.equal(response.headers()["content-security-policy"], "default-src 'self'; frame-ancestors 'none'");
    const file = join(dir, "content", "mutualisations", "M010.md");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^status = ".*"$/m, 'status = "perdu"'));
    const overlay = page.locator(".catalogue-overlay");
    await overlay.waitFor({ state: "visible", timeout: 20000 });
    assert.match(await overlay.textContent(), /M010\.md:\d+:\d+: error: status/);
    // In the site's language, as serve's terminal is: French here.
    assert.match(await overlay.textContent(), /^×?Échec de la construction — le dernier site correct reste servi/);
    assert.match(await overlay.textContent(), /n'est pas une valeur admise/);
    assert.equal(await overlay.locator("button").getAttribute("aria-label"), "Fermer");
    // Its style comes from the server's stylesheet, which the policy allows.
    assert.equal(await overlay.evaluate((el) => getComputedStyle(el).position), "fixed");
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(outside, []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
