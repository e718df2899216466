// Audits every page of a built handbook with axe-core in Chromium: WCAG 2.2 A and
// AA (contrast included) and axe's best practices, in the light and the dark colour
// scheme at desktop width and in the light one on a phone, plus the search panel
// open with results. Prints the violations as JSON (an empty list when there are
// none); tests/accessibility.rs runs it.
//
//   node tests/web/audit.mjs CHROMIUM SITE_DIR SEARCH_WORD

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [browserPath, site, searchWord] = process.argv.slice(2);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "assets" ? [] : pages(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

const views = [
  { name: "light", width: 1280, height: 900, colorScheme: "light" },
  { name: "dark", width: 1280, height: 900, colorScheme: "dark" },
  { name: "phone", width: 390, height: 844, colorScheme: "light" },
];

async function audit(page) {
  // Long pages lay out only what is near the screen (content-visibility: auto);
  // everything is laid out for the audit, as it is when a reader scrolls to it, so
  // that sizes and spacing are measured on real boxes.
  await page.addStyleTag({ content: "* { content-visibility: visible !important; }" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] }),
    tags,
  );
  return result.violations;
}

function report(found, url, view, violations) {
  for (const v of violations) {
    found.push({
      page: url,
      view,
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), html: n.html, why: n.failureSummary })),
      count: v.nodes.length,
    });
  }
}

const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const found = [];
try {
  for (const view of views) {
    const context = await browser.newContext({
      viewport: { width: view.width, height: view.height },
      colorScheme: view.colorScheme,
      reducedMotion: "reduce",
    });
    const page = await context.newPage();
    for (const file of pages(site)) {
      const url = relative(site, file);
      await page.goto("file://" + file, { waitUntil: "load" });
      report(found, url, view.name, await audit(page));
    }
    if (view.name !== "phone") {
      // The search panel open, with results and their filters.
      await page.goto("file://" + join(site, "index.html"), { waitUntil: "load" });
      await page.fill("#opsctl-search-input", searchWord);
      await page.waitForSelector("#opsctl-search-results li", { timeout: 10000 });
      report(found, "index.html (search open)", view.name, await audit(page));
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found, null, 1) + "\n");
