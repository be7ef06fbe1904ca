// Alert feed: guard findings (severity, explanation, addresses), live from the event stream.
// A finding is the API's Finding (snake_case, see /openapi.json), from GET /guard/findings and
// from `finding` events on the node's bus.
import { get, route } from "../api.js";
import { ago, h, hex, num, render, unavailable } from "../dom.js";
import { on, replay } from "../events.js";

const LEVELS = ["critical", "high", "medium", "low", "info"];
const KEEP = 200;

function norm(f, seen) {
  return {
    key: f.key || `${f.alert_id}|${f.tx_hash}|${f.block_number}|${f.name}`,
    sev: String(f.severity || "unknown").toLowerCase(), name: f.name || f.alert_id || "finding",
    alert: f.alert_id || "", description: f.description || "",
    block: f.block_number, tx: f.tx_hash, protocol: f.protocol || "",
    roles: f.roles || Object.fromEntries((f.addresses || []).map((a) => [a, "address"])),
    signals: f.signals || [], score: f.score, threshold: f.threshold, detector: f.detector || "",
    seen: seen || Date.now(),
  };
}

function card(a) {
  return h("li", { class: `alert sev-${a.sev}`, "data-alert": a.alert, "data-severity": a.sev },
    h("div", { class: "row spread" },
      h("span", {}, h("span", { class: `badge sev-${a.sev}` }, a.sev), " ", h("span", { class: "title" }, a.name)),
      h("span", { class: "small muted" }, a.block !== undefined ? `block ${a.block} · ` : "", ago(a.seen))),
    a.description ? h("p", {}, a.description) : null,
    a.signals.length ? h("ul", {}, a.signals.map((s) => h("li", {},
      h("code", {}, s.name), ` = ${num(s.value)} (threshold ${num(s.threshold)})`, s.detail ? ` — ${s.detail}` : ""))) : null,
    Object.keys(a.roles).length ? h("ul", { class: "addresses" }, Object.entries(a.roles).map(([addr, role]) =>
      h("li", {}, h("span", { class: "muted" }, `${role}: `), hex(addr, 8)))) : null,
    h("div", { class: "small muted row" },
      a.alert ? h("code", {}, a.alert) : null,
      a.protocol ? h("span", { "data-protocol": a.protocol }, a.protocol) : null,
      a.score !== undefined ? `score ${num(a.score, 3)} / ${num(a.threshold, 3)}` : null,
      a.tx ? h("span", {}, "tx ", hex(a.tx)) : null,
      a.detector ? `by ${a.detector}` : null));
}

export async function mount(el) {
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

  function add(f, seen) {
    if (!f || typeof f !== "object" || (!f.severity && !f.name)) return;
    const a = norm(f, seen);
    if (keys.has(a.key)) return;
    keys.add(a.key);
    alerts.unshift(a);
    alerts.sort((x, y) => y.seen - x.seen);
    if (alerts.length > KEEP) keys.delete(alerts.pop().key);
    draw();
  }

  render(note, h("p", { class: "muted" }, "Watching the chain; no alerts yet."));
  on("finding", (f) => add(f)); // the guard publishes each finding on the node's event stream
  try {
    const found = await get(`${route("findings")}?limit=100`); // newest first
    found.reverse().forEach((f) => replay("finding", f));
  } catch { // no guard on this node: findings other services publish still show
    render(note, unavailable("The guard (threat detection)",
      h("span", {}, "Findings any service publishes as ", h("code", {}, "finding"), " events still appear here.")));
  }
  try {
    const recent = await get(`${route("recentEvents")}?kinds=finding&limit=100`);
    recent.events.forEach((e) => add(e.data, e.time_ms));
  } catch (err) {
    render(note, h("div", { class: "error" }, String(err.message)));
  }
}
