// The live reload of `catalogue serve`: edit an entry and the open page
// updates by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { siteCopy, devServer, launch, guardedContext } from "./harness.mjs";

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
