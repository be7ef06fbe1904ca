// Watched: the contracts the guard watches (GET /guard/targets): kind, protocol, last activity;
// add one (POST /guard/targets) or remove one added here (DELETE), both with the API token.
import { del, get, post, route } from "../api.js";
import { errorBox, h, hex, render, unavailable } from "../dom.js";

const KINDS = ["contract", "erc20", "erc721", "erc4626", "uniswap-v2-pair", "uniswap-v3-pool", "lending",
  "governor", "timelock", "bridge", "proxy"];

function row(t, reload, note) {
  const remove = t.source === "file" ? h("button", { type: "button", class: "ghost", "data-remove": t.address,
    onclick: async () => {
      try { await del(route("unwatch", t.address)); await reload(); } catch (err) { render(note, errorBox(err)); }
    } }, "remove") : h("span", { class: "small muted" }, t.source);
  return h("tr", { "data-address": t.address },
    h("td", {}, hex(t.address, 8)), h("td", {}, t.kind), h("td", {}, t.protocol),
    h("td", {}, t.pausable ? "yes" : "no"),
    h("td", {}, t.last_activity === null || t.last_activity === undefined ? "—" : `block ${t.last_activity}`),
    h("td", {}, remove));
}

export async function mount(el) {
  const note = h("div");
  const table = h("tbody");
  const address = h("input", { name: "address", placeholder: "0x… contract address", required: "", size: "44" });
  const kind = h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k }, k)));
  const protocol = h("input", { name: "protocol", placeholder: "protocol name (optional)" });
  const form = h("form", { class: "row", onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post(route("watch"), { address: address.value.trim(), kind: kind.value, protocol: protocol.value.trim() });
      address.value = "";
      protocol.value = "";
      await reload();
    } catch (err) { render(note, errorBox(err)); }
  } }, address, kind, protocol, h("button", { type: "submit" }, "watch"));

  async function reload() {
    const targets = await get(route("watched"));
    render(note, targets.length ? null : h("p", { class: "muted" }, "Nothing watched yet: add a contract."));
    render(table, targets.map((t) => row(t, reload, note)));
  }

  render(el, note, h("table", { class: "small" },
    h("thead", {}, h("tr", {}, ["address", "kind", "protocol", "pausable", "last activity", ""].map((c) => h("th", {}, c)))),
    table), form);
  try { await reload(); } catch (err) { render(note, unavailable("The guard's watch list", String(err.message))); }
}
