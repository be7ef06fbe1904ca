// Chains view: the node's chains (role, head, Anchor/outbox/inbox), the signer quorum, and the relayer's messages.
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

function chainsTable(st) {
  return h("table", { class: "small", "data-testid": "xchain-chains" },
    h("thead", {}, h("tr", {}, h("th", {}, "Chain"), h("th", {}, "Role"), h("th", {}, "Head"),
      h("th", {}, "Anchor"), h("th", {}, "Inbox"), h("th", {}, "Endpoint"))),
    h("tbody", {}, st.chains.map((c) => h("tr", { "data-chain": String(c.chain_id) },
      h("td", {}, String(c.chain_id), c.main ? h("span", { class: "badge" }, "main") : ""),
      h("td", {}, c.role), h("td", { class: "num" }, String(c.block_number)),
      h("td", {}, c.anchor ? hex(c.anchor) : "–"), h("td", {}, c.inbox ? hex(c.inbox) : "–"),
      h("td", { class: "small muted" }, c.endpoint)))));
}

function messagesTable(msgs) {
  if (!msgs.length) return h("p", { class: "small muted" }, "No cross-chain messages yet (nexus xchain send).");
  return h("table", { class: "small", "data-testid": "xchain-messages" },
    h("thead", {}, h("tr", {}, h("th", {}, "Route"), h("th", {}, "Nonce"), h("th", {}, "Status"),
      h("th", {}, "Gas"), h("th", {}, "Note"))),
    h("tbody", {}, msgs.map((m) => h("tr", {},
      h("td", {}, `${m.src_chain} → ${m.dst_chain}`), h("td", { class: "num" }, String(m.nonce)),
      h("td", {}, h("span", { class: m.status === "delivered" ? "badge" : "badge warn" }, m.status)),
      h("td", { class: "num" }, m.gas === null ? "–" : String(m.gas)), h("td", { class: "small" }, m.note || "")))));
}

export async function mount(el) {
  const err = h("div");
  const body = h("div");
  render(el, err, body);

  async function draw() {
    try {
      const [st, msgs] = await Promise.all([get(route("xchainChains")), get(route("xchainMessages"))]);
      render(err);
      if (!st.enabled) {
        render(body, h("div", { class: "notice" }, "This node runs on one chain (start it with nexus up --chain URL)."));
        return;
      }
      render(body, chainsTable(st),
        h("p", { class: "small" }, `Inboxes accept ${st.quorum} of ${st.signers.length} oracle-node signatures on`
          + ` messages ${st.finality} block(s) deep.`),
        h("h3", {}, "Messages"), messagesTable(msgs.messages));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  const later = debounce(draw, 300);
  on("block", later);
  await draw();
}
