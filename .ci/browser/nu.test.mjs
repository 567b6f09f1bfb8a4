// The Nu HTML Checker (vnu-jar, run with the system's Java) on one built
// page of every template: home, a collection's first and a later page of
// its table, an entry of each kind, a facet list and a facet page,
// coverage, what's new, search, open data, accessibility, 404 and the page
// left at a renamed and at a removed entry's address. The pages are picked
// by walking the build, by the template named on <body> and the page's
// folder, so that the same pages under a second language's folder (/en/…)
// are checked as soon as the build has them. Errors fail; warnings are
// reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { promisify } from "node:util";
import vnu from "vnu-jar";
import { siteCopy, build } from "./harness.mjs";

// A renamed and a removed entry, for the redirect pages; small pages, for
// a collection's later page.
function site() {
  const dir = siteCopy((s) => s.replace(/^theme = "default"$/m, 'theme = "default"\ntable_rows = 40'));
  writeFileSync(join(dir, "content", "redirects.toml"), `[[redirects]]
from = "M990"
kind = "mutualisation"
to = "M001"
date = 2026-02-03
reason = "Doublon de M001, fusionnée."

[[redirects]]
from = "M991"
kind = "mutualisation"
date = 2026-02-03
reason = "Retirée : hors du périmètre."
`);
  return build(dir);
}

// pick returns, for each template, folder and language of the build, the
// first of its pages in path order; a collection's later page and the two
// kinds of redirect page count as templates of their own.
export function pick(root) {
  const chosen = new Map();
  const files = readdirSync(root, { recursive: true })
    .map((f) => f.split(sep).join("/"))
    .filter((f) => f.endsWith(".html"))
    .sort();
  for (const f of files) {
    const html = readFileSync(join(root, f), "utf8");
    const m = html.match(/<body class="page-([\w-]+)/);
    if (!m) continue;
    let template = m[1];
    const parts = f.split("/");
    const lang = /^[a-z]{2}$/.test(parts[0]) && parts.length > 1 && !f.startsWith("api/") ? parts.shift() : "";
    let key = `${lang}/${template}`;
    if (template === "entry" || template === "collection" || template === "facet" || template === "facets") key += `/${parts[0]}`;
    if (template === "collection" && parts.length > 2) key += "/later";
    if (template === "moved") key += html.includes('rel="canonical"') || /moved\.now|<a [^>]*href="[^"]*\/m001\/"/i.test(html) ? "/renamed" : "/removed";
    if (!chosen.has(key)) chosen.set(key, f);
  }
  return chosen;
}

test("the Nu HTML Checker finds no error on any template", async (t) => {
  const root = site();
  const chosen = pick(root);
  const keys = [...chosen.keys()];
  for (const want of ["/home", "/collection/mutualisations", "/collection/mutualisations/later", "/entry/mutualisations",
    "/entry/actions", "/entry/programmes", "/entry/principes", "/entry/iop", "/entry/services", "/entry/sources",
    "/facets/themes", "/facet/themes", "/coverage", "/changes", "/search", "/opendata", "/accessibility", "/404"]) {
    assert.ok(keys.includes(want), `no page for ${want}: ${keys.join(" ")}`);
  }
  assert.ok(keys.some((k) => k.startsWith("/moved")), `no redirect page: ${keys.join(" ")}`);
  // A second language's pages are checked as they come; those it lacks
  // are reported.
  for (const lang of new Set(keys.map((k) => k.split("/")[0]).filter(Boolean))) {
    const missing = keys.filter((k) => k.startsWith("/") && !chosen.has(lang + k));
    if (missing.length) t.diagnostic(`/${lang}/ has no page for ${missing.join(" ")}`);
  }
  const files = [...chosen.values()].map((f) => join(root, f));
  const { stderr } = await promisify(execFile)("java", ["-jar", vnu, "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 64 << 20 });
  const { messages } = JSON.parse(stderr);
  const where = (m) => `${m.url.replace(/^file:/, "").replace(root, "")}:${m.lastLine ?? "?"}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\s+/g, " ").slice(0, 160)}` : ""}`;
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const warnings = messages.filter((m) => m.type !== "error" && m.subType === "warning");
  t.diagnostic(`${files.length} pages checked: ${keys.join(" ")}`);
  for (const w of warnings) t.diagnostic("warning: " + where(w));
  assert.deepEqual(errors.map(where), [], "Nu HTML Checker errors");
});
