// Benchmark helper: open the dashboard, then record (wall-clock ms) every alert card that appears
// until stdin closes; prints "READY" once watching and one JSON line at the end.
// env: NEXUS_URL, ARTIFACTS (a screenshot of the alert feed lands there)
import { join } from "node:path";
import { openBrowser } from "./browser.mjs";

const URL_ = process.env.NEXUS_URL.replace(/\/$/, "");
const browser = await openBrowser(URL_);
const page = await browser.context.newPage();
const out = { cards: [] };
try {
  await page.goto(`${URL_}/`);
  await page.waitForSelector("body[data-ready=yes]", { timeout: 30000 });
  await page.waitForSelector("#conn[data-state=live]", { timeout: 30000 });
  await page.evaluate(() => {
    window.__cards = [];
    const feed = document.querySelector("ul.alerts");
    new MutationObserver((records) => {
      const t = Date.now();
      for (const r of records) for (const n of r.addedNodes) {
        if (n.dataset?.alert !== undefined) window.__cards.push({ t, alert: n.dataset.alert, text: n.textContent });
      }
    }).observe(feed, { childList: true });
  });
  console.log("READY");
  await new Promise((resolve) => { process.stdin.on("end", resolve); process.stdin.resume(); });
  out.cards = await page.evaluate(() => window.__cards);
  await page.locator("#alerts").screenshot({ path: join(process.env.ARTIFACTS || "tests/e2e/artifacts", "bench-guard-alerts.png") });
} catch (err) {
  out.error = String(err?.stack || err);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
