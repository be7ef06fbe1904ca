// Alert feed: guard findings (severity, explanation, addresses), live from the event stream.
import { get, paths } from "../api.js";
import { ago, h, hex, num, render, unavailable } from "../dom.js";
import { on, replay } from "../events.js";

const LEVELS = ["critical", "high", "medium", "low", "info"];
const KEEP = 200;

function norm(f) {
  const sev = String(f.severity || "unknown").toLowerCase();
  return {
    key: f.key || f.id || `${f.alertId}|${f.txHash}|${f.blockNumber}|${f.name}`,
    sev, name: f.name || f.alertId || "finding", alertId: f.alertId || f.alert_id || "",
    description: f.description || "", explanation: f.explanation || "",
    block: f.blockNumber ?? f.block_number, tx: f.txHash ?? f.tx_hash,
    roles: f.roles || Object.fromEntries((f.addresses || []).map((a) => [a, "address"])),
    signals: f.signals || [], score: f.score, threshold: f.threshold, detector: f.detector || "",
    seen: f.seen_ms || Date.now(),
  };
}

function card(a) {
  return h("li", { class: `alert sev-${a.sev}`, "data-alert": a.alertId, "data-severity": a.sev },
    h("div", { class: "row spread" },
      h("span", {}, h("span", { class: `badge sev-${a.sev}` }, a.sev), " ", h("span", { class: "title" }, a.name)),
      h("span", { class: "small muted" }, a.block !== undefined ? `block ${a.block} · ` : "", ago(a.seen))),
    a.description ? h("p", {}, a.description) : null,
    a.explanation ? h("pre", { class: "small" }, a.explanation) : null,
    a.signals.length ? h("ul", {}, a.signals.map((s) => h("li", {},
      h("code", {}, s.name), ` = ${num(s.value)} (threshold ${num(s.threshold)})`, s.detail ? ` — ${s.detail}` : ""))) : null,
    Object.keys(a.roles).length ? h("ul", { class: "addresses" }, Object.entries(a.roles).map(([addr, role]) =>
      h("li", {}, h("span", { class: "muted" }, `${role}: `), hex(addr, 8)))) : null,
    h("div", { class: "small muted row" },
      a.alertId ? h("code", {}, a.alertId) : null,
      a.score !== undefined ? `score ${num(a.score, 3)} / ${num(a.threshold, 3)}` : null,
      a.tx ? h("span", {}, "tx ", hex(a.tx)) : null,
      a.detector ? `by ${a.detector}` : null));
}

export async function mount(el, spec) {
  const list = paths(spec, "GET", /^\/guard\/(findings|alerts)$/)[0];
  const alerts = [];
  const keys = new Set();
  let filter = "all";

  const counts = h("span", { class: "small muted", "data-testid": "alert-count" }, "0 alerts");
  const chips = h("div", { class: "row filters" }, ["all", ...LEVELS].map((lv) =>
    h("button", { type: "button", class: "ghost", "aria-pressed": lv === "all" ? "true" : "false",
      onclick: (e) => { filter = lv; for (const b of chips.children) b.setAttribute("aria-pressed", b === e.target ? "true" : "false"); draw(); } }, lv)));
  const feed = h("ul", { class: "alerts", "aria-live": "polite" });
  const note = h("div");
  render(el, h("div", { class: "row spread" }, chips, counts), note, feed);

  function draw() {
    const shown = alerts.filter((a) => filter === "all" || a.sev === filter);
    counts.textContent = `${alerts.length} alert${alerts.length === 1 ? "" : "s"}`;
    if (alerts.length) render(note);
    render(feed, shown.length ? shown.map(card) :
      alerts.length ? h("li", { class: "muted" }, `No ${filter} alerts.`) : null);
  }

  function add(f) {
    if (!f || typeof f !== "object" || (!f.severity && !f.name)) return;
    const a = norm(f.finding || f);
    if (keys.has(a.key)) return;
    keys.add(a.key);
    alerts.unshift(a);
    alerts.sort((x, y) => y.seen - x.seen);
    if (alerts.length > KEEP) keys.delete(alerts.pop().key);
    draw();
  }

  if (!list) {
    render(note, unavailable("The guard (threat detection)",
      h("span", {}, "Findings any service publishes as ", h("code", {}, "finding"), " events still appear here.")));
  } else {
    render(note, h("p", { class: "muted" }, "Watching the chain; no alerts yet."));
  }
  on("finding", add); // the guard publishes each finding on the node's event stream
  try {
    if (list) {
      const data = await get(`${list}?limit=100`);
      const items = Array.isArray(data) ? data : data.findings || data.items || [];
      items.reverse().forEach((f) => replay("finding", f));
    }
    const recent = await get("/events/recent?kinds=finding&limit=100");
    recent.events.forEach((e) => add({ seen_ms: e.time_ms, ...e.data }));
  } catch (err) {
    render(note, h("div", { class: "error" }, String(err.message)));
  }
}
