// Provenance explorer: find a ledger record, see its receipt, anchor tx and lineage; verify it.
import { ApiError, get, post, route } from "../api.js";
import { ago, debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";
import { fitLabels, lineageSvg } from "../graph.js";

function field(label, ...value) {
  return h("tr", {}, h("th", {}, label), h("td", {}, ...value));
}

export async function mount(el) {

  const input = h("input", { type: "search", name: "record", placeholder: "record id, e.g. 0", inputmode: "numeric",
    "aria-label": "Record id", size: 14 });
  const size = h("span", { class: "small muted", "data-testid": "ledger-size" });
  const out = h("div", { "data-testid": "record" });
  const form = h("form", { class: "row", onsubmit: (e) => { e.preventDefault(); show(input.value.trim()); } },
    input, h("button", { type: "submit" }, "Search"), size);
  render(el, form, appendForm((id) => { input.value = id; show(id); }), out);

  async function showSize() {
    try {
      const ledger = (await get(route("health"))).services?.ledger;
      if (ledger?.size !== undefined) size.textContent = `${ledger.size} records, ${ledger.anchored ?? 0} anchored`;
    } catch { /* optional */ }
  }
  on("block", debounce(showSize, 500)); // anchoring lands in blocks; a burst of blocks asks once
  showSize();

  async function show(id) {
    if (!/^\d+$/.test(id)) {
      render(out, errorBox("A record id is a whole number (0, 1, 2, …)."));
      return;
    }
    render(out, h("p", { class: "muted" }, "Loading…"));
    let record;
    try {
      record = await get(route("record", id));
    } catch (err) {
      render(out, errorBox(err));
      return;
    }
    const receiptBox = h("div", { "data-testid": "receipt" });
    const lineageBox = h("div", { "data-testid": "lineage" });
    render(out,
      h("h3", {}, `Record #${record.id}`),
      h("table", { class: "fields" }, h("tbody", {},
        field("Kind", record.kind), field("Time", ago(record.time_ms)), field("Leaf hash", hex(record.leaf_hash, 10)),
        record.idempotency_key ? field("Key", record.idempotency_key) : null,
        field("Payload", record.redacted ? h("em", {}, "withheld: set the API token to see it")
          : record.payload === null ? h("em", {}, "erased") : h("pre", {}, JSON.stringify(record.payload, null, 2))))),
      costTable(record), receiptBox, lineageBox);
    const lineage = () => showLineage(id, lineageBox);
    showReceipt(id, receiptBox, lineage); // anchoring from the page redraws the lineage
    lineage();
  }

  async function showReceipt(id, box, onAnchored = () => {}) {
    let receipt;
    try {
      receipt = await get(route("receipt", id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        render(box, h("h3", {}, "Receipt"), h("p", { class: "muted" }, "Not anchored yet. ",
          h("button", { type: "button", class: "ghost", onclick: async (e) => {
            e.target.disabled = true;
            try { await post(route("anchor")); } catch (er) { box.append(errorBox(er)); }
            showReceipt(id, box, onAnchored);
            onAnchored();
          } }, "Anchor now")));
        return;
      }
      render(box, errorBox(err));
      return;
    }
    const a = receipt.anchor || {};
    const verdict = h("span", { class: "verdict", "data-testid": "verdict" });
    const checks = h("div", { class: "small" });
    const tx = h("div", { class: "small" });
    render(box, h("h3", {}, "Receipt"),
      h("table", { class: "fields" }, h("tbody", {},
        field("Anchor tx", hex(a.tx_hash, 10)), field("Block", String(a.block ?? "—")),
        field("Chain / contract", `${a.chain_id ?? "—"} · `, hex(a.contract)),
        field("Tree size", String(receipt.proof?.tree_size ?? "—")),
        field("Proof", `${receipt.proof?.inclusion?.length ?? 0} hashes`))),
      tx,
      h("div", { class: "row" }, h("button", { type: "button", "data-testid": "verify",
        onclick: () => verify(receipt, verdict, checks) }, "Verify"), verdict,
        h("button", { type: "button", class: "ghost", onclick: () => download(receipt, id) }, "Download receipt")),
      checks);
    if (a.block !== undefined) anchorTx(a, tx);
  }

  async function anchorTx(a, box) {
    try {
      const block = await get(route("block", a.block));
      const i = block.transactions.findIndex((t) => t.hash === a.tx_hash);
      const t = block.transactions[i], r = block.receipts[i];
      if (t) render(box, `Anchored in block ${block.number} (${new Date(block.timestamp * 1000).toLocaleString()}) by `,
        hex(t.sender || t.from), r ? ` · gas ${r.gas_used} · ${r.status ? "success" : "failed"}` : "");
    } catch { /* the receipt alone is enough */ }
  }

  async function verify(receipt, verdict, checks) {
    verdict.textContent = "verifying…";
    verdict.className = "verdict muted";
    try {
      const rep = await post(route("verify"), receipt);
      verdict.textContent = rep.valid ? `✓ valid${rep.onchain ? " (checked on chain)" : " (offline checks)"}` : "✗ NOT valid";
      verdict.className = `verdict ${rep.valid ? "ok" : "bad"}`;
      render(checks, h("ul", {}, (rep.checks || []).map((c) => h("li", { class: c.ok ? "" : "bad" },
        c.ok ? "✓ " : "✗ ", h("code", {}, c.name), c.detail ? ` — ${c.detail}` : ""))));
    } catch (err) {
      verdict.textContent = "";
      render(checks, errorBox(err));
    }
  }

  async function showLineage(id, box) {
    try {
      const g = (await get(route("lineage", id))).graph;
      if (!g.nodes?.length) throw new Error("no lineage recorded for this record");
      const graphSvg = lineageSvg(g, (pick) => { input.value = pick; show(String(pick)); });
      render(box, h("h3", {}, `Lineage (${g.nodes.length} ${g.nodes.length === 1 ? "record" : "records"})`),
        h("div", { class: "lineage-box" }, graphSvg));
      fitLabels(graphSvg);
    } catch (err) {
      render(box, h("h3", {}, "Lineage"), h("p", { class: "small muted" }, String(err.message)));
    }
  }
}

// A training run's cost: CPU time, energy and CO2 estimates (codecarbon) and the gas it spent.
function costTable(record) {
  const c = record.kind === "lineage.run" ? record.payload?.cost : null;
  if (!c) return null;
  const est = (v, unit, scale) => (v === null || v === undefined ? "n/a" : `≈ ${(v * scale).toPrecision(3)} ${unit}`);
  return h("div", { "data-testid": "run-cost" }, h("h3", {}, "Cost"),
    h("table", { class: "fields" }, h("tbody", {},
      field("CPU time", `${Number(c.cpu_s ?? 0).toFixed(2)} s`),
      field("Energy", est(c.energy_kwh, "Wh", 1000)),
      field("CO₂", est(c.co2_kg, "g", 1000), c.country ? ` (grid of ${c.country})` : ""),
      field("Gas", String(c.gas ?? 0)),
      field("Method", c.available
        ? `estimate, ${c.power_counters ? "power counters" : "no power counters"}: cpu ${c.method?.cpu ?? "?"}, ram ${c.method?.ram ?? "?"}`
        : h("em", {}, c.reason || "energy not measured")))));
}

function download(receipt, id) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2)], { type: "application/json" }));
  const a = h("a", { href: url, download: `receipt-${id}.json` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function appendForm(onAdded) {
  const kind = h("input", { type: "text", name: "kind", value: "note", size: 10, "aria-label": "Kind" });
  const payload = h("textarea", { name: "payload", "aria-label": "Payload (JSON)" }, '{"message": "hello"}');
  const msg = h("div");
  return h("details", {}, h("summary", {}, "Append a record"),
    h("form", { onsubmit: async (e) => {
      e.preventDefault();
      try {
        const body = { kind: kind.value.trim(), payload: JSON.parse(payload.value) };
        const res = await post(route("append"), body);
        render(msg, h("p", { class: "small ok" }, `Appended record #${res.id}.`));
        onAdded(String(res.id));
      } catch (err) {
        render(msg, errorBox(err instanceof SyntaxError ? `Payload is not valid JSON: ${err.message}` : err));
      }
    } }, h("div", { class: "row" }, h("label", {}, "Kind ", kind), h("button", { type: "submit" }, "Append")),
    payload, msg));
}
