// Markets view: prediction markets, their outcome prices now and over time (from on-chain trades).
import { fill, get, paths } from "../api.js";
import { ago, debounce, errorBox, h, hex, num, render, unavailable } from "../dom.js";
import { lineChart } from "../charts.js";
import { on } from "../events.js";

const KEEP = 500; // price points kept per market when the API has no history endpoint
const TRADES = 6; // recent trades listed under the chart

function items(data) {
  return Array.isArray(data) ? data : data?.markets || data?.items || [];
}

/** Price history from the API: {points: [{time, prices, kind, side?, outcome?, shares?, amount?}]} */
function historyPoints(data) {
  const list = Array.isArray(data) ? data : data?.points || data?.history || data?.prices || [];
  return list.map((p) => ({ ...p, t: Number(p.time ?? p.timestamp ?? p.t ?? p.block ?? 0), prices: p.prices || p.p || [] }));
}

const pct = (v) => `${num((v ?? 0) * 100, 1)}%`;

export async function mount(el, spec) {
  const listPath = paths(spec, "GET", /^\/markets\/?$/)[0];
  if (!listPath) {
    render(el, unavailable("The prediction-market service", h("span", {}, "This node's API has no ", h("code", {}, "/markets"), " endpoints.")));
    return;
  }
  const historyPath = paths(spec, "GET", /^\/markets\/\{[^}]+\}\/(history|prices)$/)[0];
  const picker = h("select", { "aria-label": "Market", name: "market" });
  const info = h("div");
  const chartBox = h("div", { class: "chart", "data-testid": "market-chart" });
  const caption = h("p", { class: "small muted", "data-testid": "market-history" });
  const trades = h("div", { "data-testid": "market-trades" });
  const err = h("div");
  render(el, h("div", { class: "row" }, h("label", {}, "Market ", picker)), err, info, chartBox, caption, trades);

  const seen = new Map(); // address -> [{t, prices}], sampled here when there is no history endpoint
  let chart = null, chartKey = "";

  function record(m) {
    const pts = seen.get(m.address) || [];
    const now = Math.floor(Date.now() / 1000);
    const last = pts.at(-1);
    if (!last || last.prices.join() !== (m.prices || []).join() || now - last.t > 30) pts.push({ t: now, prices: m.prices || [] });
    seen.set(m.address, pts.slice(-KEEP));
  }

  async function pointsOf(m) {
    if (!historyPath) return { pts: seen.get(m.address) || [], fromChain: false };
    try {
      const data = await get(fill(historyPath, m.address));
      return { pts: historyPoints(data), fromChain: true, count: data.count };
    } catch (e) {
      render(err, errorBox(e));
      return { pts: seen.get(m.address) || [], fromChain: false };
    }
  }

  function showTrades(pts, outcomes) {
    const recent = pts.filter((p) => p.side).slice(-TRADES).reverse();
    if (!recent.length) { render(trades, h("p", { class: "small muted" }, "No trades yet.")); return; }
    render(trades, h("table", { class: "small" }, h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Trade"),
      h("th", {}, "Paid / got"), h("th", {}, "Prices after"))),
    h("tbody", {}, recent.map((p) => h("tr", { "data-trade": p.tx || "" },
      h("td", {}, ago(p.t * 1000)), h("td", {}, `${p.side} ${p.shares} ${p.outcome}`), h("td", { class: "num" }, p.amount),
      h("td", {}, outcomes.map((o, i) => `${o} ${pct(p.prices[i])}`).join(" · ")))))));
  }

  async function draw() {
    try {
      const markets = items(await get(listPath));
      render(err);
      if (!markets.length) {
        render(info, h("div", { class: "notice" }, "No markets on this chain yet."));
        return;
      }
      markets.forEach(record);
      const keep = picker.value;
      render(picker, markets.map((m) => h("option", { value: m.address }, m.question || m.address)));
      if (keep && markets.some((m) => m.address === keep)) picker.value = keep;
      const m = markets.find((x) => x.address === picker.value) || markets[0];
      const outcomes = m.outcomes || (m.prices || []).map((_, i) => `outcome ${i}`);
      render(info,
        h("p", {}, h("strong", {}, m.question || "Market"), " ", h("span", { class: "badge" }, m.status || "open"),
          m.outcome ? ` → ${m.outcome}` : ""),
        h("div", { class: "bars" }, outcomes.map((o, i) => h("div", { class: "bar" },
          h("span", {}, o), h("meter", { min: 0, max: 1, value: m.prices?.[i] ?? 0 }),
          h("span", { class: "num" }, pct(m.prices?.[i]))))),
        h("p", { class: "small muted" }, "Contract ", hex(m.address), m.liquidity ? ` · liquidity ${m.liquidity}` : ""));
      const { pts, fromChain, count } = await pointsOf(m);
      // prices hold between trades; an open market's last prices hold until now
      const shown = pts.slice();
      const now = Math.floor(Date.now() / 1000);
      if (shown.length && m.status !== "final" && shown.at(-1).t < now) shown.push({ t: now, prices: m.prices || shown.at(-1).prices });
      const key = `${m.address}|${outcomes.join()}`;
      if (chart && key !== chartKey) { chart.destroy(); chart = null; }
      if (!chart) {
        chartBox.replaceChildren();
        chart = lineChart(chartBox, outcomes.map((o) => ({ label: o, stepped: true })),
          { yFormat: (u, vals) => vals.map((v) => `${Math.round(v * 100)}%`), legendFormat: (v) => `${(v * 100).toFixed(1)}%` });
        chartKey = key;
      }
      chart.update(shown.map((p) => p.t), outcomes.map((_, i) => shown.map((p) => p.prices[i] ?? null)));
      chartBox.dataset.points = String(pts.length);
      chartBox.dataset.market = m.address;
      const trades_ = pts.filter((p) => p.side).length;
      caption.textContent = fromChain
        ? `${trades_} trade${trades_ === 1 ? "" : "s"} on chain${count > pts.length ? ` (latest ${pts.length} of ${count} points)` : ""}; prices hold between trades.`
        : "Prices sampled while this page is open (this node has no history endpoint).";
      showTrades(pts, outcomes);
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  picker.addEventListener("change", () => { chartKey = ""; draw(); });
  const later = debounce(draw, 300);
  on("block", later);
  on("market.trade", later);
  await draw();
}
