// Markets view: prediction markets, their outcome prices now and over time.
import { fill, get, paths } from "../api.js";
import { debounce, errorBox, h, hex, num, render, unavailable } from "../dom.js";
import { lineChart } from "../charts.js";
import { on } from "../events.js";

const KEEP = 500; // price points kept per market when the API has no history endpoint

function items(data) {
  return Array.isArray(data) ? data : data?.markets || data?.items || [];
}

/** Price history from the API in any of a few shapes: [{time|timestamp|block, prices}] */
function historyPoints(data) {
  const list = Array.isArray(data) ? data : data?.history || data?.points || data?.prices || [];
  return list.map((p) => ({ t: Number(p.time ?? p.timestamp ?? p.t ?? p.block ?? 0), prices: p.prices || p.p || [] }));
}

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
  const err = h("div");
  render(el, h("div", { class: "row" }, h("label", {}, "Market ", picker)), err, info, chartBox);

  const seen = new Map(); // address -> [{t, prices}]
  let markets = [], chart = null, chartKey = "";

  function record(m) {
    const pts = seen.get(m.address) || [];
    const now = Math.floor(Date.now() / 1000);
    const last = pts.at(-1);
    if (!last || last.prices.join() !== (m.prices || []).join() || now - last.t > 30) pts.push({ t: now, prices: m.prices || [] });
    seen.set(m.address, pts.slice(-KEEP));
  }

  async function draw() {
    try {
      markets = items(await get(listPath));
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
          h("span", { class: "num" }, `${num((m.prices?.[i] ?? 0) * 100, 1)}%`)))),
        h("p", { class: "small muted" }, "Contract ", hex(m.address), m.liquidity ? ` · liquidity ${m.liquidity}` : ""));
      let pts = seen.get(m.address) || [];
      if (historyPath) {
        try { pts = historyPoints(await get(fill(historyPath, m.address))); } catch { /* keep what we saw */ }
      }
      const key = `${m.address}|${outcomes.join()}`;
      if (chart && key !== chartKey) { chart.destroy(); chart = null; }
      if (!chart) {
        chartBox.replaceChildren();
        chart = lineChart(chartBox, outcomes.map((o) => ({ label: o })), { yFormat: (u, vals) => vals.map((v) => `${Math.round(v * 100)}%`) });
        chartKey = key;
      }
      chart.update(pts.map((p) => p.t), outcomes.map((_, i) => pts.map((p) => p.prices[i] ?? null)));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  picker.addEventListener("change", () => { chartKey = ""; draw(); });
  const later = debounce(draw, 1000);
  on("block", later);
  on("market.trade", later);
  await draw();
}
