// The dashboard on a node whose reads need the token: the page loads, says so, and works once the
// token is saved (reads, live events over fetch, ledger payloads). Prints one JSON result line.
// env: NEXUS_URL, NEXUS_TOKEN, NEXUS_RECORD (a record id whose payload is {"secret": ...})
import { openBrowser, unexpectedConsole } from "./browser.mjs";

const URL_ = process.env.NEXUS_URL.replace(/\/$/, "");
const TOKEN = process.env.NEXUS_TOKEN;
const RECORD = process.env.NEXUS_RECORD;
const T = 20000;
const result = { steps: [] };
const step = (name) => { result.steps.push(name); console.error(`ok: ${name}`); };

async function main() {
  const browser = await openBrowser(URL_);
  const page = await browser.context.newPage();
  try {
    await page.goto(`${URL_}/`);
    await page.waitForFunction(() => /API token/.test(document.querySelector("#chain .body")?.textContent || ""),
      null, { timeout: T });
    step("without the token the page loads and asks for it");
    await page.click("#token-open");
    await page.fill("#token-form input[name=token]", TOKEN);
    await Promise.all([page.waitForEvent("load", { timeout: T }), page.click("#token-form button[value=save]")]);
    await page.waitForSelector("body[data-ready=yes]", { timeout: T });
    await page.waitForSelector("#conn[data-state=live]", { timeout: T });
    step("with the token it loads and streams");
    const start = Number(await page.locator("[data-testid=head-block]").textContent());
    const anchored = await fetch(`${URL_}/ledger/anchor`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } });
    if (!anchored.ok) throw new Error(`anchor: HTTP ${anchored.status}`); // a transaction: a new block
    await page.waitForFunction((n) => Number(document.querySelector("[data-testid=head-block]").textContent) > n,
      start, { timeout: T });
    step("new blocks reach the page over the token stream");
    const input = page.locator("#provenance input[name=record]");
    await input.fill(RECORD);
    await input.press("Enter");
    await page.waitForFunction(() => /"secret"/.test(document.querySelector("#provenance")?.textContent || ""),
      null, { timeout: T });
    step("ledger payload shown with the token");
    result.problems = { ...browser.problems, console: unexpectedConsole(browser.problems.console) };
    result.ok = result.problems.page.length === 0 && result.problems.offsite.length === 0;
  } catch (err) {
    result.ok = false;
    result.error = String(err);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
}

main();
