// End-to-end walk of the dashboard against a running `nexus up`; prints one JSON result line.
// env: NEXUS_URL, NEXUS_TOKEN, ARTIFACTS (screenshot dir), REPEAT (block-latency samples)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openBrowser, unexpectedConsole } from "./browser.mjs";

const URL_ = process.env.NEXUS_URL.replace(/\/$/, "");
const TOKEN = process.env.NEXUS_TOKEN;
const OUT = process.env.ARTIFACTS || "tests/e2e/artifacts";
const REPEAT = Number(process.env.REPEAT || 3);
const T = 20000; // per-step wait: a hung page fails the run instead of blocking it
mkdirSync(OUT, { recursive: true });

const result = { steps: [], block_to_dom_ms: [], send_to_dom_ms: [], alert_to_dom_ms: [], screenshots: [] };
const step = (name, detail = {}) => { result.steps.push({ name, ...detail }); console.error(`ok: ${name}`); };

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(URL_ + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${data.error}`);
  return data;
}

async function shot(page, name, opts = {}) {
  const path = join(OUT, `${name}.png`);
  if (opts.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true, ...opts });
  result.screenshots.push(path);
}

/** Layout faults in `sel`: lineage labels wider than their node's box, and tables or code blocks
 *  that reach past the card they sit in (measured in the page, after layout). */
async function overflows(page, sel) {
  return page.evaluate((s) => {
    const out = [];
    const card = document.querySelector(s).closest(".card").getBoundingClientRect();
    for (const g of document.querySelectorAll(`${s} svg.lineage g.n`)) {
      const room = Number(g.querySelector("rect").getAttribute("width"));
      for (const t of g.querySelectorAll("text")) {
        const end = Number(t.getAttribute("x")) + t.getComputedTextLength();
        if (end > room) out.push(`lineage label "${t.textContent}" ends at ${end.toFixed(0)} > box ${room}`);
      }
    }
    for (const el of document.querySelectorAll(`${s} table, ${s} pre`)) {
      const r = el.getBoundingClientRect();
      if (r.right > card.right + 0.5) out.push(`${el.tagName.toLowerCase()} ends ${(r.right - card.right).toFixed(0)}px past its card`);
    }
    return out;
  }, sel);
}

/** The chart legend's values in `sel` (uPlot writes "--" where it has none). */
async function legendValues(page, sel) {
  return page.locator(`${sel} .u-legend .u-value`).allTextContents();
}

/** Record (wall-clock ms) every change of the head-block text and every new alert card. */
async function instrument(page) {
  await page.evaluate(() => {
    window.__marks = { head: [], alerts: {} };
    const head = document.querySelector("[data-testid=head-block]");
    new MutationObserver(() => window.__marks.head.push({ n: Number(head.textContent), t: Date.now() }))
      .observe(head, { childList: true, characterData: true, subtree: true });
    const feed = document.querySelector("ul.alerts");
    new MutationObserver(() => {
      for (const li of feed.querySelectorAll("li[data-alert]")) window.__marks.alerts[li.dataset.alert] ??= Date.now();
    }).observe(feed, { childList: true });
  });
}

const headAt = (page, n) => page.waitForFunction((k) => window.__marks.head.find((m) => m.n >= k)?.t, n, { timeout: T })
  .then((h) => h.jsonValue());

async function main() {
  const spec = await (await fetch(`${URL_}/openapi.json`)).json();
  const has = (re) => Object.keys(spec.paths).some((p) => re.test(p));
  const browser = await openBrowser(URL_);
  const page = await browser.context.newPage();
  try {
    // 1. the page loads with the token from the link, which then leaves the address bar
    await page.goto(`${URL_}/#token=${TOKEN}`);
    await page.waitForSelector("body[data-ready=yes]", { timeout: T });
    if ((await page.evaluate(() => location.hash)) !== "") throw new Error("token left in the URL");
    await page.waitForSelector("#conn[data-state=live]", { timeout: T });
    const status = await (await fetch(`${URL_}/status`)).json();
    await page.waitForFunction((n) => Number(document.querySelector("[data-testid=head-block]").textContent) >= n,
      status.block_number, { timeout: T });
    const chainText = await page.locator("#chain").innerText();
    for (const want of [String(status.chain_id), status.backend, ...Object.keys(status.contracts)]) {
      if (!chainText.includes(want)) throw new Error(`chain view lacks ${want}`);
    }
    step("status visible", { head: status.block_number, chain_id: status.chain_id });
    await instrument(page);
    await shot(page, "01-overview");

    // 2. provenance: find a fresh record, anchor it from the page (a tx), head moves live, verify
    if (has(/^\/ledger\/records/)) {
      const rec = await api("POST", "/ledger/records", { kind: "e2e", payload: { flow: "provenance", at: Date.now() } });
      const before = (await (await fetch(`${URL_}/status`)).json()).block_number;
      await page.fill("#provenance input[name=record]", String(rec.id));
      await page.click("#provenance button[type=submit]");
      await page.waitForSelector(`#provenance h3:text("Record #${rec.id}")`, { timeout: T });
      await page.waitForSelector('#provenance [data-testid=verify], #provenance button:has-text("Anchor now")', { timeout: T });
      const anchorNow = page.locator("#provenance button", { hasText: "Anchor now" });
      if (await anchorNow.count()) {
        await anchorNow.click();
        await headAt(page, before + 1);
        step("transaction from the page; head updated live", { from: before });
      }
      await page.click("#provenance [data-testid=verify]", { timeout: T });
      await page.waitForSelector("#provenance [data-testid=verdict].ok", { timeout: T });
      // the record's lineage node (redrawn after anchoring from the page) says it is anchored
      await page.waitForSelector("#provenance [data-testid=lineage] svg.lineage text.a:not(.no)", { timeout: T });
      const verdict = await page.locator("#provenance [data-testid=verdict]").innerText();
      step("provenance search, receipt, verify", { record: rec.id, verdict });
      await shot(page, "02-provenance", { fullPage: false });
      await page.locator("#provenance").screenshot({ path: join(OUT, "02-provenance-card.png") });
    } else {
      await page.waitForSelector("#provenance [data-state=unavailable]", { timeout: T });
      step("provenance shows not-available");
    }

    // 3. block -> DOM latency: a transaction sent over the API, until the head shows it
    for (let i = 0; i < REPEAT && has(/^\/ledger\/anchor$/); i++) {
      await api("POST", "/ledger/records", { kind: "e2e", payload: { sample: i } });
      const t0 = Date.now();
      const res = await api("POST", "/ledger/anchor");
      const t1 = Date.now();
      const tDom = await headAt(page, res.anchor.block);
      result.send_to_dom_ms.push(tDom - t0);
      result.block_to_dom_ms.push(tDom - t1);
    }
    if (result.send_to_dom_ms.length) step("new blocks reach the page", { samples: result.send_to_dom_ms.length });

    // 4. an alert: a guard finding published on the node's event bus renders in the feed
    const id = `NEXUS-E2E-${Date.now()}`;
    const attacker = "0x1111111111111111111111111111111111111111";
    const victim = "0x2222222222222222222222222222222222222222";
    const finding = {
      name: "Flash-loan price manipulation", alert_id: id, severity: "High", type: "Exploit",
      description: "Pool price moved 42% inside one transaction funded by a flash loan.",
      addresses: [attacker, victim], roles: { [attacker]: "attacker", [victim]: "victim" },
      block_number: status.block_number, tx_hash: `0x${"ab".repeat(32)}`, score: 0.97, threshold: 0.8,
      signals: [{ name: "price_impact", value: 0.42, threshold: 0.1, detail: "AMM spot vs TWAP" }],
      detector: "e2e", key: id,
    };
    const tPub = Date.now();
    await api("POST", "/events", { kind: "finding", data: finding });
    const card = page.locator(`#alerts li[data-alert="${id}"]`);
    await card.waitFor({ timeout: T });
    result.alert_to_dom_ms.push((await page.evaluate((k) => window.__marks.alerts[k], id)) - tPub);
    const text = await card.innerText();
    for (const want of ["high", finding.description, "attacker", "price_impact", attacker.slice(0, 8)]) {
      if (!text.toLowerCase().includes(want.toLowerCase())) throw new Error(`alert card lacks ${want}: ${text}`);
    }
    for (let i = 1; i < REPEAT; i++) { // more samples of event bus -> alert card
      const more = { ...finding, alert_id: `${id}-${i}`, key: `${id}-${i}`, severity: ["Critical", "Medium", "Low"][i % 3] };
      const t = Date.now();
      await api("POST", "/events", { kind: "finding", data: more });
      await page.locator(`#alerts li[data-alert="${more.alert_id}"]`).waitFor({ timeout: T });
      result.alert_to_dom_ms.push((await page.evaluate((k) => window.__marks.alerts[k], more.alert_id)) - t);
    }
    step("alert feed renders a finding", { alert_id: id });
    await page.locator("#alerts").screenshot({ path: join(OUT, "03-alerts-card.png") });

    // 5. scanner: upload a contract when the node can scan, else the not-available state
    if (has(/^\/scan/)) {
      const source = "pragma solidity ^0.8.0;\ncontract Bank {\n  mapping(address => uint) public bal;\n" +
        "  function withdraw() public {\n    (bool ok, ) = msg.sender.call{value: bal[msg.sender]}(\"\");\n" +
        "    require(ok);\n    bal[msg.sender] = 0;\n  }\n}\n";
      await page.setInputFiles("#scanner input[type=file]", { name: "Bank.sol", mimeType: "text/plain", buffer: Buffer.from(source) });
      await page.waitForSelector("#scanner [data-testid=scan-report] h3", { timeout: 60000 });
      step("scanner upload", { report: (await page.locator("#scanner h3").innerText()) });
      await page.locator("#scanner").screenshot({ path: join(OUT, "04-scanner-card.png") });
    } else {
      await page.waitForSelector("#scanner [data-state=unavailable]", { timeout: T });
      step("scanner shows not-available");
    }

    // 6a. market price chart: trades sent over the API become points of the chart (from chain events)
    const histPath = Object.keys(spec.paths).find((p) => /^\/markets\/\{[^}]+\}\/history$/.test(p));
    const markets = has(/^\/markets$/) ? await (await fetch(`${URL_}/markets`)).json() : [];
    if (histPath && markets.length) {
      const m = markets[0];
      const chartSel = "#markets [data-testid=market-chart]";
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.points !== undefined, chartSel, { timeout: T });
      const before = Number(await page.locator(chartSel).getAttribute("data-points"));
      const trades = [];
      for (const [outcome, shares] of [[m.outcomes[0], "12"], [m.outcomes[1], "5"], [m.outcomes[0], "3"]]) {
        trades.push(await api("POST", `/markets/${m.address}/trade`, { side: "buy", outcome, shares }));
      }
      await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.points) >= n,
        [chartSel, before + trades.length], { timeout: T });
      await page.locator(`#markets tr[data-trade="${trades.at(-1).tx}"]`).waitFor({ timeout: T });
      if (!(await page.locator("#markets .uplot canvas").count())) throw new Error("no price chart drawn");
      const legend = await page.locator("#markets .u-legend").evaluate((el) => el.textContent); // innerText is styled upper-case
      for (const o of m.outcomes) if (!legend.includes(o)) throw new Error(`chart legend lacks ${o}: ${legend}`);
      const marketValues = await legendValues(page, "#markets");
      if (marketValues.slice(1).some((v) => !/^\d+(\.\d+)?%$/.test(v))) throw new Error(`market legend values: ${marketValues}`);
      const hist = await (await fetch(`${URL_}/markets/${m.address}/history`)).json();
      if (hist.points.at(-1).prices.join() !== trades.at(-1).prices.join()) throw new Error("history's last prices differ from the last trade's");
      const caption = await page.locator("#markets [data-testid=market-history]").innerText();
      step("market price chart follows trades", { points: hist.count, caption, prices: hist.points.at(-1).prices });
      const path = join(OUT, "07-markets-card.png");
      await page.locator("#markets").screenshot({ path });
      result.screenshots.push(path);
    }

    // 6a'. a MarketHub market (ref hub:<id>) beside the contract: picked in the same view, traded
    // over the API under its ref, charted from the hub's events (not the other hub markets')
    const hubM = markets.find((x) => x.kind === "hub");
    if (histPath && hubM) {
      const chartSel = "#markets [data-testid=market-chart]";
      await page.selectOption("#markets select[name=market]", hubM.ref);
      await page.waitForFunction(([sel, ref]) => document.querySelector(sel)?.dataset.market === ref,
        [chartSel, hubM.ref], { timeout: T });
      const kind = await page.locator("#markets [data-testid=market-kind]").innerText();
      if (!kind.includes(`Hub market ${hubM.ref}`)) throw new Error(`hub market shown as: ${kind}`);
      const before = Number(await page.locator(chartSel).getAttribute("data-points"));
      const done = await api("POST", `/markets/${hubM.ref}/trade`, { side: "buy", outcome: hubM.outcomes[2], shares: "7" });
      await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.points) >= n,
        [chartSel, before + 1], { timeout: T });
      await page.locator(`#markets tr[data-trade="${done.tx}"]`).waitFor({ timeout: T });
      const legend = await page.locator("#markets .u-legend").evaluate((el) => el.textContent);
      for (const o of hubM.outcomes) if (!legend.includes(o)) throw new Error(`hub chart legend lacks ${o}: ${legend}`);
      const hist = await (await fetch(`${URL_}/markets/${hubM.ref}/history`)).json();
      if (hist.points.map((p) => p.kind).join() !== "open,buy") throw new Error(`hub history: ${JSON.stringify(hist.points)}`);
      step("hub market picked, traded and charted", { ref: hubM.ref, kind, points: hist.count });
    }

    // 6b. lineage graph: a training run recorded beside the node, opened in the provenance explorer
    if (process.env.LINEAGE_RECORD) {
      const id = process.env.LINEAGE_RECORD;
      await page.fill("#provenance input[name=record]", id);
      await page.click("#provenance button[type=submit]");
      const svgSel = "#provenance [data-testid=lineage] svg.lineage";
      await page.waitForSelector(svgSel, { timeout: T });
      const graph = await page.evaluate((sel) => {
        const svg = document.querySelector(sel);
        return {
          nodes: [...svg.querySelectorAll("g.n")].map((g) => ({ id: g.dataset.record, root: g.classList.contains("root"),
            kind: g.querySelector("text.k").textContent })),
          edges: svg.querySelectorAll("path").length,
        };
      }, svgSel);
      if (graph.nodes.length !== Number(process.env.LINEAGE_NODES) || graph.edges !== Number(process.env.LINEAGE_EDGES)) {
        throw new Error(`lineage graph shows ${graph.nodes.length} nodes / ${graph.edges} edges, API says ` +
          `${process.env.LINEAGE_NODES} / ${process.env.LINEAGE_EDGES}`);
      }
      const root = graph.nodes.find((n) => n.root);
      if (root?.id !== id) throw new Error(`lineage root is ${root?.id}, not ${id}`);
      for (const kind of ["model", "run", "dataset"]) {
        if (!graph.nodes.some((n) => n.kind.includes(kind))) throw new Error(`no ${kind} node in the graph`);
      }
      const faults = await overflows(page, "#provenance [data-testid=record]"); // a model's payload is wide
      if (faults.length) throw new Error(`provenance layout: ${faults.join("; ")}`);
      const shotPath = join(OUT, "08-lineage-card.png");
      await page.locator("#provenance").screenshot({ path: shotPath });
      result.screenshots.push(shotPath);
      const dataset = graph.nodes.find((n) => n.kind.includes("dataset"));
      await page.click(`${svgSel} g.n[data-record="${dataset.id}"]`); // a node opens its record
      await page.waitForSelector(`#provenance h3:text("Record #${dataset.id}")`, { timeout: T });
      step("lineage graph renders", { root: id, nodes: graph.nodes.length, edges: graph.edges });
    }

    // 6. the node's oracle service feeds the oracle view: a chart, and the dev feed's seven sources
    //    with the one simulated faulty source dropped by every node
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="oracle-sources"] tbody tr').length === 7,
      null, { timeout: 60_000 });
    const sourceRows = await page.locator('[data-testid="oracle-sources"] tbody tr').allInnerTexts();
    const dropped = sourceRows.filter((r) => r.split("\t")[3]?.trim() === "0 %");
    if (dropped.length !== 1) throw new Error(`expected one dropped source, got: ${sourceRows.join(" | ")}`);
    if (!(await page.locator('[data-testid="oracle-chart"] canvas').count())) throw new Error("no oracle chart");
    // with no cursor on the chart the legend shows each series' latest value, the answer first
    const oracleValues = await legendValues(page, "#oracle");
    if (oracleValues.includes("--") || !Number.isFinite(Number(oracleValues[1]?.replace(/,/g, "")))) {
      throw new Error(`oracle legend values: ${oracleValues.join(" | ")}`);
    }
    await page.locator("#oracle").screenshot({ path: join(OUT, "09-oracle-card.png") });
    result.screenshots.push(join(OUT, "09-oracle-card.png"));
    step("oracle sources", { sources: sourceRows.length, dropped: dropped[0].split("\t")[0] });

    // and markets render something sensible, and no view shows an error
    for (const view of ["oracle", "markets"]) {
      const body = page.locator(`#${view} .body`);
      await page.waitForFunction((v) => document.querySelector(`#${v} .body`).children.length > 0, view, { timeout: T });
      step(`${view} view rendered`, { state: (await body.innerText()).split("\n")[0].slice(0, 80) });
    }
    const errors = await page.locator(".card .error").allInnerTexts();
    if (errors.length) throw new Error(`views show errors: ${errors.join(" | ")}`);
    await shot(page, "05-dashboard");

    // 7. responsive: a phone-sized viewport, dark scheme
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(300);
    await shot(page, "06-mobile-dark");
    step("mobile + dark layout");
  } catch (err) {
    await shot(page, "99-failure").catch(() => {});
    throw err;
  } finally {
    await browser.close();
  }
  const p = browser.problems;
  const consoleErrors = unexpectedConsole(p.console);
  result.problems = { console: consoleErrors, page: p.page, offsite: p.offsite, failed: p.failed };
  result.ok = !consoleErrors.length && !p.page.length && !p.offsite.length;
}

main().catch((err) => {
  result.ok = false;
  result.error = String(err?.stack || err);
}).finally(() => {
  writeFileSync(join(OUT, "e2e-result.json"), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
});
