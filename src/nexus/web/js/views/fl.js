// Federated learning view: the newest federation's rounds, accuracy curve, per-client rewards, rejected updates.
import { get, route } from "../api.js";
import { errorBox, h, hex, num, render } from "../dom.js";
import { lineChart } from "../charts.js";

const eth = (wei) => num(Number(BigInt(wei)) / 1e18, 4);
const shortDid = (did) => (did ? `${did.slice(0, 16)}…${did.slice(-6)}` : "—");

// CPU time and the energy/CO2 estimates next to the gas the federation spent (older reports have none).
function costLine(cost) {
  if (!cost) return h("p", { class: "small muted", "data-testid": "fl-cost" }, "No cost recorded for this federation.");
  const est = cost.energy_kwh == null || cost.co2_kg == null
    ? `no energy estimate (${cost.reason ?? "codecarbon unavailable"})`
    : `energy ≈ ${num(cost.energy_kwh * 1000, 4)} Wh · CO₂ ≈ ${num(cost.co2_kg * 1000, 4)} g`;
  return h("p", { class: "small", "data-testid": "fl-cost", title: cost.note ?? "" },
    `Cost (CPU, energy and CO₂ are estimates): CPU ${num(cost.cpu_s, 2)} s · ${est} · gas ${cost.gas.toLocaleString()}`);
}

export async function mount(el) {
  const info = h("div");
  const cost = h("div");
  const chartBox = h("div", { class: "chart", "data-testid": "fl-accuracy" });
  const rounds = h("div", { "data-testid": "fl-rounds" });
  const clients = h("div", { "data-testid": "fl-clients" });
  render(el, info, cost, chartBox, rounds, clients);
  let chart = null;

  async function refresh() {
    try {
      const feds = await get(route("flFederations"));
      if (!feds.length) {
        render(info, h("p", { class: "small muted" }, "No federation yet: run `nexus fl simulate`."));
        return;
      }
      const rep = await get(route("flFederation", feds[0].contract));
      render(info, h("p", { class: "small" },
        `${rep.name} · ${rep.config.strategy} · ${rep.clients.length} clients · contract `, hex(rep.contract),
        ` · final accuracy ${num(rep.final_accuracy ?? 0, 3)} · gas/round/client ${rep.gas_per_round_per_client}`));
      render(cost, costLine(rep.cost));
      if (!chart) chart = lineChart(chartBox, [{ label: "accuracy", points: true }, { label: "backdoor", points: true }],
        { x: false, xLabel: "round" });
      chart.update(rep.rounds.map((r) => r.round), [rep.rounds.map((r) => r.accuracy), rep.rounds.map((r) => r.backdoor)]);
      render(rounds, h("table", { class: "small" },
        h("thead", {}, h("tr", {}, ["Round", "Update root", "Block", "Accuracy", "Rejected", "Dropped"].map((t) => h("th", {}, t)))),
        h("tbody", {}, rep.rounds.map((r) => h("tr", { "data-round": r.round },
          h("td", { class: "num" }, r.round), h("td", {}, hex(r.root)), h("td", { class: "num" }, r.block),
          h("td", { class: "num" }, num(r.accuracy, 3)), h("td", {}, r.rejected.join(", ") || "—"),
          h("td", {}, r.dropped.join(", ") || "—"))))));
      render(clients, h("table", { class: "small" },
        h("thead", {}, h("tr", {}, ["Client", "DID", "Role", "Contribution", "Reward (ETH)", "Share", "Rejected in"].map((t) => h("th", {}, t)))),
        h("tbody", {}, rep.clients.map((c) => h("tr", { "data-client": c.index, "data-role": c.role },
          h("td", { class: "num" }, c.index), h("td", { title: c.did ?? "" }, shortDid(c.did)), h("td", {}, c.role), h("td", { class: "num" }, num(c.contribution, 3)),
          h("td", { class: "num" }, eth(c.earned_wei)), h("td", { class: "num" }, `${num(c.share * 100, 1)}%`),
          h("td", {}, c.rejected_rounds.join(", ") || "—"))))));
    } catch (err) { render(info, errorBox(err)); }
  }
  await refresh();
}
