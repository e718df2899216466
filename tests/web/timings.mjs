// How fast a built handbook is for its reader, in Chromium: the time from opening a
// page to its first frame painted, for the pages that grow with the handbook, and
// the time from typing a search to its results on screen. Prints a Markdown table.
// scripts/bench-browser.sh runs it on the generated corpora.
//
//   node tests/web/timings.mjs CHROMIUM SITE_DIR RUNS PAGE... -- WORD...

import { chromium } from "playwright-core";

const [browserPath, site, runsArg, ...rest] = process.argv.slice(2);
const runs = Number(runsArg) || 3;
const split = rest.indexOf("--");
const pages = split < 0 ? rest : rest.slice(0, split);
const words = split < 0 ? [] : rest.slice(split + 1);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const path of pages) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.goto("about:blank");
      const started = Date.now();
      await page.goto(`file://${site}/${path}`, { waitUntil: "load" });
      // Two frames after the load: the first has been painted.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      times.push(Date.now() - started);
    }
    rows.push([`open ${path}`, median(times)]);
  }
  // Searching: the first word loads the index; each later one is timed from the
  // keystroke (the input event) to the results' first frame, debounce included.
  if (words.length) {
    await page.goto(`file://${site}/index.html`, { waitUntil: "load" });
    const first = [];
    const later = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`file://${site}/index.html`, { waitUntil: "load" });
      for (const [n, word] of words.entries()) {
        const took = await page.evaluate(
          (word) =>
            new Promise((resolve) => {
              const input = document.getElementById("opsctl-search-input");
              const results = document.getElementById("opsctl-search-results");
              const started = performance.now();
              const done = new MutationObserver(() => {
                if (results.querySelector("a, .search-empty:not(:first-child)") || /No results/.test(results.textContent)) {
                  done.disconnect();
                  requestAnimationFrame(() => resolve(performance.now() - started));
                }
              });
              done.observe(results, { childList: true });
              input.value = word;
              input.dispatchEvent(new Event("input", { bubbles: true }));
            }),
          word,
        );
        (n === 0 ? first : later).push(took);
      }
    }
    rows.push([`first search (loads the index): "${words[0]}"`, Math.round(median(first))]);
    if (later.length) rows.push([`each later search (${words.length - 1} words)`, Math.round(median(later))]);
  }
} finally {
  await browser.close();
}
console.log("| what | median ms |");
console.log("| --- | ---: |");
for (const [what, ms] of rows) console.log(`| ${what} | ${ms} |`);
