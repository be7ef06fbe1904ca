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

/** The active version's fairness panel: lineage, the audit report (per protected attribute) and the bound. */
function fairnessPanel(f) {
  const head = h("p", {}, h("strong", {}, `${f.name} v${f.version}`), " · lineage record ", hex(f.lineage, 8),
    " · gap ", h("span", { class: "num" }, num(f.fairness_gap, 3)), " (bound ", num(f.max_fairness_gap, 3), ")");
  if (!f.report_fingerprint) return h("div", { class: "panel small", "data-testid": "gov-fairness" }, head,
    h("p", { class: "muted" }, "No fairness audit report attached to this version."));
  const attrs = Object.entries((f.report && f.report.attributes) || {});
  return h("div", { class: "panel small", "data-testid": "gov-fairness", "data-model": f.name }, head,
    h("p", {}, "report ", hex(f.report_fingerprint, 8), f.record !== null ? ` · ledger record #${f.record}` : " · not in this node's ledger"),
    attrs.length ? h("table", { class: "small" },
      h("thead", {}, h("tr", {}, h("th", {}, "Protected"), h("th", {}, "Demographic parity diff."), h("th", {}, "Equalised odds diff."))),
      h("tbody", {}, attrs.map(([col, a]) => h("tr", {}, h("td", {}, col),
        h("td", { class: "num" }, num(a.demographic_parity_difference, 3)),
        h("td", { class: "num" }, num(a.equalized_odds_difference, 3)))))) : null);
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
      const active = ms.filter((m) => m.active);
      const reports = await Promise.all(active.map((m) => get(route("modelFairness", m.name))));
      render(fairness, ...reports.map(fairnessPanel));
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
