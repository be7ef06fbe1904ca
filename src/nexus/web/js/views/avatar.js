// Avatar view: avatars bound to DIDs (soulbound or not), their on-chain commitment drawn as a small
// identicon, and the template model behind the private login (the template itself never leaves the user).
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

/** A 5×5 mirrored identicon from the commitment's bytes (a picture of a hash, not of a person). */
function identicon(commitment) {
  const bytes = (String(commitment).replace(/^0x/, "").match(/../g) || []).map((b) => parseInt(b, 16));
  const hue = ((bytes[0] || 0) * 360) / 256;
  const grid = h("div", { class: "identicon", "aria-hidden": "true" });
  grid.style.display = "inline-grid";
  grid.style.gridTemplateColumns = "repeat(5, 6px)";
  grid.style.gap = "1px";
  for (let row = 0; row < 5; row += 1) {
    for (let col = 0; col < 5; col += 1) {
      const bit = (bytes[1 + row * 3 + Math.min(col, 4 - col)] || 0) & 1;
      const cell = h("span");
      cell.style.width = cell.style.height = "6px";
      cell.style.background = bit ? `hsl(${hue} 60% 50%)` : "transparent";
      grid.append(cell);
    }
  }
  return grid;
}

function avatars(list) {
  if (!list.length) {
    return h("div", { class: "notice" }, "No avatars yet (", h("code", {}, "nexus avatar create"), ").");
  }
  return h("table", { class: "small", "data-testid": "avatars" },
    h("thead", {}, h("tr", {}, ["", "#", "Owner", "DID", "Commitment", "Kind", "Binding"].map((c) => h("th", {}, c)))),
    h("tbody", {}, list.map((a) => h("tr", {},
      h("td", {}, identicon(a.commitment)), h("td", {}, String(a.token_id)), h("td", {}, hex(a.owner, 8)),
      h("td", {}, hex(a.did, 14)), h("td", {}, hex(a.commitment, 8)),
      h("td", {}, h("span", { class: "badge" }, a.soulbound ? "soulbound" : "transferable")),
      h("td", {}, a.binding_ok ? "✓ signed by the DID" : "✗ proof fails")))));
}

function model(m) {
  return h("p", { class: "muted small" },
    `Login template: ${m.modality}; model fitted on speakers ${m.encoder_speakers.join(", ")} of ${m.dataset}; `,
    `match at cosine ≥ ${m.threshold}. `, m.encoder ? hex(m.encoder, 8) : "(data set not installed)",
    ". Only a salted hash of the template goes on chain; log in with ", h("code", {}, "nexus avatar login --did …"), ".");
}

export async function mount(el) {
  const err = h("div"), list = h("div"), about = h("div");
  render(el, err, list, about);

  async function draw() {
    try {
      const data = await get(route("avatars"));
      render(err);
      render(list, avatars(data.avatars));
      render(about, model(data.model));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  on("block", debounce(draw, 500));
  await draw();
}
