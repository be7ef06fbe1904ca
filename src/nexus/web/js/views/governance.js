// Governance view: which model version serves (lineage, fairness report), the proposals deciding it
// (state, live tally) and the model bounties.
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

/** The active version's fairness panel: the audit report's fingerprint and its gate metric. */
function fairnessPanel(m) {
  const a = m.active;
  if (!a) return null;
  const none = /^0x0+$/.test(a.fairness_report);
  return h("div", { class: "panel small", "data-testid": "gov-fairness", "data-model": m.name },
    h("strong", {}, `${m.name} v${a.version}`), " · lineage record ", hex(a.lineage, 8),
    " · fairness ", none ? h("span", { class: "muted" }, "no audit report attached")
      : h("span", {}, `gap ${num(a.fairness_gap, 3)} · report `, hex(a.fairness_report, 8)));
}

function bountiesTable(bs) {
  if (!bs.length) return h("div", { class: "notice" }, "No bounties yet (", h("code", {}, "nexus bounty create"), ").");
  return h("table", { class: "small", "data-testid": "gov-bounties" },
    h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Reward (ETH)"), h("th", {}, "Solvers"),
      h("th", {}, "Winner"), h("th", {}, "State"))),
    h("tbody", {}, bs.map((b) => h("tr", { "data-bounty": b.id },
      h("td", {}, String(b.id)), h("td", { class: "num" }, num(tokens(b.reward), 4)),
      h("td", { class: "num" }, String(b.solvers.length)),
      h("td", {}, b.winner ? hex(b.fingerprints[b.solvers.indexOf(b.winner)], 8) : "—"),
      h("td", {}, b.paid ? "paid" : b.final ? "final" : b.disputed ? "disputed" : "open")))));
}

export async function mount(el) {
  const err = h("div"), models = h("div"), fairness = h("div"), bounties = h("div");
  const proposals = h("div", { "data-testid": "gov-proposals" });
  render(el, err, models, fairness, h("h3", {}, "Proposals"), proposals, h("h3", {}, "Bounties"), bounties);

  async function draw() {
    try {
      const [ms, ps, bs] = await Promise.all([get(route("models")), get(route("proposals")), get(route("bounties"))]);
      render(err);
      render(models, modelsTable(ms));
      render(fairness, ...ms.map(fairnessPanel).filter(Boolean));
      render(proposals, ps.length ? ps.slice(-PROPOSALS).reverse().map(proposalCard)
        : h("div", { class: "notice" }, "No proposals yet (", h("code", {}, "nexus gov propose --activate NAME@VERSION"), ")."));
      render(bounties, bountiesTable(bs));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  on("block", debounce(draw, 500));
  await draw();
}
