// Shared set-up of the browser suite: builds the catalogue binary, builds
// the bundled catalogue into a scratch folder (French UI at /, English
// under /en/),
// serves them from a plain static file server, as any static host would,
// and launches Debian's Chromium through playwright-core. Nothing here
// downloads a browser or talks to any host but 127.0.0.1.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, cpSync, readFileSync, writeFileSync, statSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const shots = join(repo, "screenshots");

let binary;
// catalogueBinary builds the command once per run (not `go run`, whose PID
// is not the server's).
export function catalogueBinary() {
  if (!binary) {
    binary = join(mkdtempSync(join(tmpdir(), "catalogue-bin-")), "catalogue");
    execFileSync("go", ["build", "-o", binary, "./cmd/catalogue"], { cwd: repo, stdio: "inherit" });
  }
  return binary;
}

// siteCopy copies the bundled site (site.toml, content, themes) to a
// scratch folder, optionally rewriting site.toml, and commits its content
// in a new git repository, so that the pages show a history.
export function siteCopy(edit) {
  const dir = mkdtempSync(join(tmpdir(), "catalogue-site-"));
  for (const p of ["site.toml", "content", "themes"]) cpSync(join(repo, p), join(dir, p), { recursive: true });
  if (edit) {
    const f = join(dir, "site.toml");
    writeFileSync(f, edit(readFileSync(f, "utf8")));
  }
  const env = {
    ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.fr", GIT_AUTHOR_DATE: "2026-01-02T12:00:00Z",
    GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.fr", GIT_COMMITTER_DATE: "2026-01-02T12:00:00Z",
  };
  for (const args of [["init", "-q"], ["add", "content"], ["commit", "-q", "--no-verify", "-m", "Import the catalogue"]]) {
    execFileSync("git", args, { cwd: dir, env, stdio: "ignore" });
  }
  return dir;
}

export function build(dir) {
  execFileSync(catalogueBinary(), ["build", "-root", dir], { stdio: "inherit" });
  return join(dir, "public");
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".jsonld": "application/ld+json", ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml", ".txt": "text/plain", ".svg": "image/svg+xml", ".png": "image/png",
};

// The security headers docs/deployment.md asks of a static host, as
// catalogue serve sends them.
export const securityHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

// staticServer serves a folder like a plain static host: files, index.html
// for folders, 404.html for the rest, with the security headers. No search
// API. under(server, "/en") is the same server seen from a language's
// folder.
export async function staticServer(root) {
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    p = normalize(p).replace(/^(\.\.[/\\])+/, "");
    let file = join(root, p);
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v);
    try {
      if (statSync(file).isDirectory()) {
        if (!p.endsWith("/")) { res.writeHead(301, { Location: p + "/" }); return res.end(); }
        file = join(file, "index.html");
      }
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": types[".html"] });
      // The 404 page of the language whose folder the address is in
      // (/en/404.html), as catalogue serve and docs/deployment.md's
      // nginx do; the root's otherwise.
      const lang = p.split("/")[1];
      let page = join(root, "404.html");
      if (lang && existsSync(join(root, lang, "404.html"))) page = join(root, lang, "404.html");
      res.end(existsSync(page) ? readFileSync(page) : "not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

// under returns server as seen from its folder prefix: the pages of a
// language of the interface.
export function under(server, prefix) {
  return { url: server.url + prefix, close: async () => {} };
}

// devServer starts `catalogue serve` (dev mode, live reload) on a free port.
export async function devServer(dir) {
  const proc = spawn(catalogueBinary(), ["serve", "-root", dir, "-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
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

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// guardedContext opens a browser context in which every request to a host
// other than 127.0.0.1 is aborted and recorded, WebSockets included.
export async function guardedContext(browser, options = {}) {
  const context = await browser.newContext(options);
  // Each page records what the security policy blocked (see violations).
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const outside = [];
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "data:" || u.hostname === "127.0.0.1") return route.continue();
    outside.push(u.href);
    return route.abort();
  });
  context.on("page", (page) => page.on("websocket", (ws) => {
    if (new URL(ws.url()).hostname !== "127.0.0.1") outside.push(ws.url());
  }));
  return { context, outside };
}

// violations returns what the security policy blocked on the page.
export function violations(page) {
  return page.evaluate(() => window.__violations);
}

export function shotPath(name) {
  mkdirSync(shots, { recursive: true });
  return join(shots, name + ".png");
}

// The pages the suite visits: one of each template.
export const pages = [
  ["home", "/"],
  ["mutualisations", "/mutualisations/"],
  ["actions", "/actions/"],
  ["programmes", "/programmes/"],
  ["principes", "/principes/"],
  ["iop", "/iop/"],
  ["services", "/services/"],
  ["sources", "/sources/"],
  ["mutualisation", "/mutualisations/m010/"],
  ["action", "/actions/2.1.1/"],
  ["programme", "/programmes/2.1/"],
  ["principle", "/principes/ls1.1/"],
  ["iop-action", "/iop/e-invoice-processing/"],
  ["service", "/services/franceconnect/"],
  ["source", "/sources/csic-2018/"],
  ["coverage", "/coverage/"],
  ["mutualisations filtered", "/mutualisations/?theme=identite&coverage=none&sort=-id"],
  ["themes", "/themes/"],
  ["theme", "/themes/identite/"],
  ["owner", "/owners/dinsic/"],
  ["search", "/search/?q=messagerie"],
  ["open-data", "/open-data/"],
  ["changes", "/changes/"],
  ["accessibility", "/accessibility/"],
  ["404", "/no/such/page/"],
];
