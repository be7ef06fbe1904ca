// Markets view: prediction markets (per-market contracts and MarketHub markets, named by `ref`:
// an address or hub:<id>), their outcome prices now and over time (from on-chain trades).
import { get, route } from "../api.js";
import { ago, debounce, errorBox, h, hex, num, render } from "../dom.js";
import { lineChart } from "../charts.js";
import { on } from "../events.js";

const TRADES = 6; // recent trades listed under the chart

/** Price history from the API: {points: [{time, prices, kind, side?, outcome?, shares?, amount?}]} */
function historyPoints(data) {
  return data.points.map((p) => ({ ...p, t: p.time }));
}

const pct = (v) => `${num((v ?? 0) * 100, 1)}%`;
const refOf = (m) => m.ref || m.address;

export async function mount(el) {
  const picker = h("select", { "aria-label": "Market", name: "market" });
  const info = h("div");
  const chartBox = h("div", { class: "chart", "data-testid": "market-chart" });
  const caption = h("p", { class: "small muted", "data-testid": "market-history" });
  const trades = h("div", { "data-testid": "market-trades" });
  const err = h("div");
  render(el, h("div", { class: "row" }, h("label", {}, "Market ", picker)), err, info, chartBox, caption, trades);

  let chart = null, chartKey = "";

  async function pointsOf(m) {
    const data = await get(route("marketHistory", refOf(m)));
    return { pts: historyPoints(data), count: data.count };
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
      const markets = await get(route("markets"));
      render(err);
      if (!markets.length) {
        render(info, h("div", { class: "notice" }, "No markets on this chain yet."));
        return;
      }
      const keep = picker.value;
      render(picker, markets.map((m) => h("option", { value: refOf(m) },
        `${m.kind === "hub" ? "[hub] " : ""}${m.question || refOf(m)}`)));
      if (keep && markets.some((m) => refOf(m) === keep)) picker.value = keep;
      const m = markets.find((x) => refOf(x) === picker.value) || markets[0];
      const outcomes = m.outcomes || (m.prices || []).map((_, i) => `outcome ${i}`);
      render(info,
        h("p", {}, h("strong", {}, m.question || "Market"), " ", h("span", { class: "badge" }, m.status || "open"),
          m.outcome ? ` → ${m.outcome}` : ""),
        h("div", { class: "bars" }, outcomes.map((o, i) => h("div", { class: "bar" },
          h("span", {}, o), h("meter", { min: 0, max: 1, value: m.prices?.[i] ?? 0 }),
          h("span", { class: "num" }, pct(m.prices?.[i]))))),
        h("p", { class: "small muted", "data-testid": "market-kind" },
          m.kind === "hub" ? `Hub market ${m.ref} in the MarketHub ` : "Contract ", hex(m.address),
          m.liquidity ? ` · liquidity ${m.liquidity}` : ""));
      const { pts, count } = await pointsOf(m);
      // prices hold between trades; an open market's last prices hold until now
      const shown = pts.slice();
      const now = Math.floor(Date.now() / 1000);
      if (shown.length && m.status !== "final" && shown.at(-1).t < now) shown.push({ t: now, prices: m.prices || shown.at(-1).prices });
      const key = `${refOf(m)}|${outcomes.join()}`;
      if (chart && key !== chartKey) { chart.destroy(); chart = null; }
      if (!chart) {
        chartBox.replaceChildren();
        chart = lineChart(chartBox, outcomes.map((o) => ({ label: o, stepped: true })),
          { yFormat: (u, vals) => vals.map((v) => `${Math.round(v * 100)}%`), legendFormat: (v) => `${(v * 100).toFixed(1)}%` });
        chartKey = key;
      }
      chart.update(shown.map((p) => p.t), outcomes.map((_, i) => shown.map((p) => p.prices[i] ?? null)));
      chartBox.dataset.points = String(pts.length);
      chartBox.dataset.market = refOf(m);
      const trades_ = pts.filter((p) => p.side).length;
      caption.textContent = `${trades_} trade${trades_ === 1 ? "" : "s"} on chain${count > pts.length ? ` (latest ${pts.length} of ${count} points)` : ""}; prices hold between trades.`;
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
