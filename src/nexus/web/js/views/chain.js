// Chain view: head block (live from `block` events), chain id, backend, services, contracts.
import { get, route } from "../api.js";
import { ago, duration, errorBox, h, hex, render, stat } from "../dom.js";
import { on, replay } from "../events.js";

const RECENT = 8;

export async function mount(el) {
  const state = { status: null, health: null, blocks: [], error: null };
  const head = h("div", { class: "v", "data-testid": "head-block" }, "—");
  const headSeen = h("div", { class: "small muted" }, "");
  const stats = h("div", { class: "stats" });
  const services = h("div", { class: "row small" });
  const contracts = h("div", { class: "scroll" });
  const blocks = h("tbody");
  const err = h("div");
  render(el, err, stats, services,
    h("div", { class: "columns" },
      h("div", {}, h("h3", {}, "Recent blocks"),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { class: "num" }, "Block"), h("th", {}, "Hash"),
          h("th", { class: "num" }, "Txs"), h("th", { class: "num" }, "Logs"), h("th", {}, "Seen"))), blocks)),
      h("div", {}, h("h3", {}, "Contracts"), contracts)));

  function showStats() {
    const s = state.status;
    if (!s) return;
    render(stats,
      h("div", { class: "stat" }, h("div", { class: "k" }, "Head block"), head, headSeen),
      stat("Chain id", s.chain_id),
      stat("Backend", s.backend, { small: true }),
      stat("Endpoint", s.endpoint, { small: true }),
      stat("Uptime", duration(s.uptime_s), { small: true }));
    head.textContent = String(s.block_number);
  }

  function showServices() {
    const hl = state.health;
    if (!hl) return;
    render(services, h("span", { class: "muted" }, "Services:"),
      Object.entries(hl.services || {}).map(([name, v]) =>
        h("span", { class: `badge ${v.ok === false ? "bad" : "ok"}`, title: JSON.stringify(v) }, name)));
  }

  function showContracts() {
    const c = state.status?.contracts || {};
    const names = Object.keys(c).sort();
    render(contracts, names.length ? h("table", {}, h("tbody", {}, names.map((n) =>
      h("tr", {}, h("td", {}, n), h("td", {}, hex(c[n], 8)))))) : h("p", { class: "muted" }, "No contracts deployed."));
  }

  function showBlocks() {
    render(blocks, state.blocks.map((b) => h("tr", { "data-block": b.number },
      h("td", { class: "num" }, b.number), h("td", {}, hex(b.hash)), h("td", { class: "num" }, b.tx_count),
      h("td", { class: "num" }, b.log_count), h("td", { class: "small muted" }, ago(b.seen_ms)))));
  }

  // Blocks can arrive in bursts (a node catching up, a test mining hundreds): keep the state per
  // event, paint once per animation frame, so a burst never delays other events (alerts).
  let painting = false, newHead = null;
  function onBlock(b) {
    if (state.blocks.some((x) => x.number === b.number)) return;
    state.blocks = [b, ...state.blocks].sort((x, y) => y.number - x.number).slice(0, RECENT);
    if (state.status && b.number >= state.status.block_number) {
      state.status.block_number = b.number;
      newHead = b;
    }
    if (!painting) {
      painting = true;
      requestAnimationFrame(paint);
    }
  }

  function paint() {
    painting = false;
    if (newHead) {
      head.textContent = String(newHead.number);
      headSeen.textContent = `${newHead.tx_count} tx · ${ago(newHead.seen_ms)}`;
      head.classList.remove("flash");
      void head.offsetWidth; // restart the animation
      head.classList.add("flash");
      newHead = null;
    }
    showBlocks();
  }

  async function refresh() {
    try {
      [state.status, state.health] = await Promise.all([get(route("status")), get(route("health")).catch(() => null)]);
      render(err);
      showStats();
      showServices();
      showContracts();
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  await refresh();
  on("block", onBlock);
  try {
    const recent = await get(`${route("recentEvents")}?kinds=block&limit=${RECENT}`);
    for (const e of recent.events) replay("block", e.data);
  } catch { /* history is a nicety */ }
  // a slow poll keeps uptime and health current; blocks arrive over the event stream
  let timer = setInterval(refresh, 10000);
  document.addEventListener("nexus:conn", (e) => {
    clearInterval(timer);
    timer = setInterval(refresh, e.detail === "live" ? 10000 : 2000);
    if (e.detail === "live") refresh();
  });
}
