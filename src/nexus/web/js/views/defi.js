// DeFi view: lending pool health and a borrower's loan with its score explanation; portfolio agent vs
// benchmarks; fee advice against recent blocks; the validator leaderboard.
import { get, route } from "../api.js";
import { lineChart } from "../charts.js";
import { errorBox, h, num, render, short } from "../dom.js";

export async function mount(el) {
  const pool = h("div", { "data-testid": "lending-pool" });
  const who = h("input", { name: "borrower", placeholder: "0x… borrower address", "aria-label": "Borrower address", size: 44 });
  const loan = h("div", { "data-testid": "lending-loan", "aria-live": "polite" });
  const fees = h("div", { "data-testid": "fee-advice" });
  const chartBox = h("div", { class: "chart", "data-testid": "portfolio-chart" });
  const portfolio = h("div", { "data-testid": "portfolio" });
  const validators = h("div", { "data-testid": "validators" });
  render(el,
    h("h3", {}, "Lending pool"), pool, h("div", { class: "row" }, who), loan,
    h("h3", {}, "Fee advice (90% within 3 blocks)"), fees,
    h("h3", {}, "Portfolio agent vs benchmarks (GOOG)"), chartBox, portfolio,
    h("h3", {}, "Validator leaderboard (simulated network)"), validators);

  async function showPool() {
    try {
      const p = await get(route("lendingPool"));
      render(pool, p.deployed
        ? h("div", { class: "row small" },
          h("span", {}, `pool ${short(p.pool)}`), h("span", {}, `cash ${p.cash} NXD`), h("span", {}, `borrowed ${p.borrowed}`),
          h("span", {}, `utilisation ${num(p.utilization_bps / 100, 2)}%`), h("span", {}, `ETH ${p.price}`),
          h("span", { class: "muted" }, `model ${short(p.model)} · quorum ${p.quorum}`
            + (p.owner ? ` · model chosen by ${short(p.owner)}` : "")))
        : h("p", { class: "muted" }, "No lending pool on this chain yet (`nexus lend deposit 100 --faucet`)."));
    } catch (err) { render(pool, errorBox(err)); }
  }

  async function showLoan() {
    const a = who.value.trim();
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) { render(loan, a ? errorBox("not an address") : ""); return; }
    try {
      const [l, s] = await Promise.all([get(route("lendingLoan", a)), get(route("lendingScore", a))]);
      render(loan,
        h("div", { class: "row small" }, h("span", {}, `debt ${l.debt}`), h("span", {}, `collateral ${l.collateral_eth} ETH`),
          h("span", {}, `rate ${l.rate_pct}%`), h("span", {}, `health ${l.health_pct ?? "—"}%`),
          h("span", {}, `repaid ${l.repaid_loans} · liquidated ${l.liquidations}`)),
        h("p", {}, `Score now: ${s.score} / 10000 (P(default) ${num(s.p_default * 100, 1)}%)`),
        h("ul", { class: "small" }, s.reasons.map((r) => h("li", {}, r.text))));
    } catch (err) { render(loan, errorBox(err)); }
  }

  async function showFees() {
    try {
      const f = await get(`${route("feeAdvice")}?within=3&probability=0.9`);
      render(fees,
        h("p", {}, `maxFeePerGas ${num(f.max_fee_per_gas / 1e9, 3)} gwei · maxPriorityFeePerGas ${num(f.max_priority_fee_per_gas / 1e9, 3)} gwei`,
          h("span", { class: "muted" }, ` (tip from ${f.tip_source}, predicted load ${Math.round(f.predicted_load * 100)}%)`)),
        h("div", { class: "scroll" }, h("table", {},
          h("thead", {}, h("tr", {}, ["Block", "Base fee (gwei)", "Gas used", "Lowest tip (gwei)"].map((t) => h("th", {}, t)))),
          h("tbody", {}, f.recent.slice(-8).reverse().map((b) => h("tr", {},
            h("td", { class: "num" }, b.block), h("td", { class: "num" }, num(b.base_fee / 1e9, 3)),
            h("td", { class: "num" }, `${Math.round(b.gas_used_ratio * 100)}%`),
            h("td", { class: "num" }, b.min_tip === null ? "—" : num(b.min_tip / 1e9, 3))))))));
    } catch (err) { render(fees, errorBox(err)); }
  }

  async function showPortfolio() {
    try {
      const bt = await get(`${route("portfolioBacktest")}?series=GOOG`);
      const names = Object.keys(bt.curves);
      const n = Math.min(...names.map((k) => bt.curves[k].length));
      const chart = lineChart(chartBox, names.map((k) => ({ label: k })), { x: false, xLabel: "step" });
      chart.update([...Array(n).keys()], names.map((k) => bt.curves[k].slice(0, n)));
      render(portfolio, h("table", { class: "small" },
        h("thead", {}, h("tr", {}, ["Strategy", "Return", "Volatility", "Max drawdown", "Turnover", "Gas"].map((t) => h("th", {}, t)))),
        h("tbody", {}, bt.strategies.map((s) => h("tr", {}, h("td", {}, s.strategy),
          h("td", { class: "num" }, `${num(s.total_return * 100, 1)}%`), h("td", { class: "num" }, `${num(s.volatility * 100, 1)}%`),
          h("td", { class: "num" }, `${num(s.max_drawdown * 100, 1)}%`), h("td", { class: "num" }, num(s.turnover, 2)),
          h("td", { class: "num" }, num(s.gas_spent, 0)))))));
    } catch (err) { render(portfolio, errorBox(err)); }
  }

  async function showValidators() {
    try {
      const rows = await get(`${route("validatorLeaderboard")}?top=10`);
      render(validators, h("table", { class: "small" },
        h("thead", {}, h("tr", {}, ["#", "Effectiveness", "Predicted next", "Cluster", "Latency (ms)"].map((t) => h("th", {}, t)))),
        h("tbody", {}, rows.map((r) => h("tr", { "data-slashed": String(r.slashed) },
          h("td", { class: "num" }, r.validator), h("td", { class: "num" }, num(r.effectiveness, 4)),
          h("td", { class: "num" }, num(r.predicted_next, 4)), h("td", { class: "num" }, r.cluster),
          h("td", { class: "num" }, num(r.latency_ms, 1)))))));
    } catch (err) { render(validators, errorBox(err)); }
  }

  who.addEventListener("change", showLoan);
  await Promise.all([showPool(), showFees(), showPortfolio(), showValidators()]);
}
