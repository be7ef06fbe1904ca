// Game view: the NPC merchants' holdings (items in their own accounts), the market's open offers, and the
// learned merchant's learning curve against the scripted NPCs on held-out games. Refreshes on new blocks.
import { get, route } from "../api.js";
import { lineChart } from "../charts.js";
import { debounce, errorBox, h, num, render, short } from "../dom.js";
import { on } from "../events.js";

const eth = (wei) => num(Number(wei) / 1e18, 4);

export async function mount(el) {
  const npcs = h("div", { "data-testid": "game-npcs" });
  const offers = h("div", { "data-testid": "game-offers" });
  const chartBox = h("div", { class: "chart", "data-testid": "game-curve" });
  const curveNote = h("p", { class: "small muted" });
  render(el,
    h("h3", {}, "NPC holdings (each NPC's own account)"), npcs,
    h("h3", {}, "Market: open offers"), offers,
    h("h3", {}, "Learning curve: mean revenue on held-out games"), chartBox, curveNote);

  async function draw() {
    try {
      const g = await get(`${route("game")}?limit=20`);
      if (!g.deployed) {
        render(npcs, h("p", { class: "muted" }, "No game on this chain yet (`nexus game run`)."));
        render(offers, "");
        return;
      }
      render(npcs, h("table", { class: "small" },
        h("thead", {}, h("tr", {}, ["NPC", "Policy", "Account", "WOOD", "ORE", "TOOL", "Unwithdrawn (ETH)"].map((t) => h("th", {}, t)))),
        h("tbody", {}, g.npcs.map((n) => h("tr", {},
          h("td", {}, n.name), h("td", {}, n.policy), h("td", { title: n.address }, short(n.address)),
          h("td", { class: "num" }, n.holdings.WOOD), h("td", { class: "num" }, n.holdings.ORE),
          h("td", { class: "num" }, n.holdings.TOOL), h("td", { class: "num" }, eth(n.credit_wei)))))),
      h("p", { class: "small muted" },
        `supply WOOD ${g.supply.WOOD} · ORE ${g.supply.ORE} · TOOL ${g.supply.TOOL}; in escrow TOOL ${g.escrow.TOOL};`
        + ` ${g.offer_count} offers made on market ${short(g.market)}`));
      render(offers, g.offers.length
        ? h("table", { class: "small" },
          h("thead", {}, h("tr", {}, ["#", "Seller", "For", "Item", "Amount", "Price (ETH)"].map((t) => h("th", {}, t)))),
          h("tbody", {}, g.offers.map((o) => h("tr", {},
            h("td", { class: "num" }, o.offer), h("td", {}, short(o.seller)), h("td", {}, o.buyer ? short(o.buyer) : "anyone"),
            h("td", {}, o.item), h("td", { class: "num" }, o.amount), h("td", { class: "num" }, eth(o.price_wei))))))
        : h("p", { class: "muted" }, "No open offers (NPCs cancel refused offers at once)."));
    } catch (err) { render(npcs, errorBox(err)); }
  }

  async function drawCurve() {
    try {
      const c = await get(route("gameCurve"));
      const xs = c.curve.map((p) => p.episodes);
      const chart = lineChart(chartBox, [{ label: "learned", points: true }, { label: "fixed", dash: [6, 4] },
        { label: "markdown", dash: [2, 4] }], { x: false, xLabel: "training episodes" });
      chart.update(xs, [c.curve.map((p) => p.revenue), xs.map(() => c.baselines.fixed), xs.map(() => c.baselines.markdown)]);
      render(curveNote, `Revenue in coins (0.001 ETH) over ${c.config.visits} visits by ${c.config.players} players,`
        + ` ${c.config.stock} tools to sell; learned ${num(c.baselines.learned, 1)} vs fixed ${num(c.baselines.fixed, 1)}`
        + ` and markdown ${num(c.baselines.markdown, 1)} on the same held-out games.`);
    } catch (err) { render(curveNote, errorBox(err)); }
  }

  on("block", debounce(draw, 500));
  await Promise.all([draw(), drawCurve()]);
}
