// Governance view: which model version serves, and the proposals deciding it (state, live tally).
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, num, render } from "../dom.js";
import { on } from "../events.js";

const PROPOSALS = 5; // newest proposals shown

/** Token base units (18 decimals, a decimal string) as a number of whole tokens. */
function tokens(wei) {
  try { return Number(BigInt(wei || "0") / 10n ** 12n) / 1e6; } catch { return 0; }
}

function modelsTable(models) {
  if (!models.length) return h("div", { class: "notice" }, "No models registered yet (", h("code", {}, "nexus model register NAME PATH"), ").");
  return h("table", { class: "small", "data-testid": "gov-models" },
    h("thead", {}, h("tr", {}, h("th", {}, "Model"), h("th", {}, "Versions"), h("th", {}, "Active"), h("th", {}, "Serving"))),
    h("tbody", {}, models.map((m) => h("tr", { "data-model": m.name },
      h("td", {}, m.name), h("td", { class: "num" }, String(m.versions)),
      h("td", {}, m.active_version ? `v${m.active_version}` : "—"),
      h("td", {}, m.paused ? h("span", { class: "badge" }, "paused") : hex(m.serving, 8))))));
}

function proposalCard(p) {
  const v = { for: tokens(p.votes.for), against: tokens(p.votes.against), abstain: tokens(p.votes.abstain) };
  const total = v.for + v.against + v.abstain || 1;
  return h("div", { class: "proposal", "data-proposal": p.id, "data-state": p.state },
    h("p", { title: p.description }, h("strong", {}, `#${p.index} `), p.description.replace(/(0x|sha256:)([0-9a-f]{10})[0-9a-f]{20,}/gi, "$1$2…"),
      " ", h("span", { class: "badge" }, p.state)),
    h("div", { class: "bars" }, ["for", "against", "abstain"].map((k) => h("div", { class: "bar" },
      h("span", {}, k), h("meter", { min: 0, max: 1, value: v[k] / total }), h("span", { class: "num" }, num(v[k], 2))))),
    h("p", { class: "small muted" }, `votes in blocks ${p.snapshot + 1}–${p.deadline}`,
      p.quorum ? ` · quorum ${num(tokens(p.quorum), 2)}` : "", p.eta ? ` · executable at ${new Date(p.eta * 1000).toLocaleString()}` : ""));
}

export async function mount(el) {
  const err = h("div"), models = h("div"), proposals = h("div", { "data-testid": "gov-proposals" });
  render(el, err, models, h("h3", {}, "Proposals"), proposals);

  async function draw() {
    try {
      const [ms, ps] = await Promise.all([get(route("models")), get(route("proposals"))]);
      render(err);
      render(models, modelsTable(ms));
      render(proposals, ps.length ? ps.slice(-PROPOSALS).reverse().map(proposalCard)
        : h("div", { class: "notice" }, "No proposals yet (", h("code", {}, "nexus gov propose --activate NAME@VERSION"), ")."));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  on("block", debounce(draw, 500));
  await draw();
}
