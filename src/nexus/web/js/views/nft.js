// NFT gallery: every dynamic NFT's current art and traits, redrawn live when the node evolves one.
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

function card(t) {
  const tr = t.traits;
  return h("figure", { class: "nft", "data-token": String(t.token), "data-version": String(t.version) },
    // image_uri comes from the API answer (GET /nft/{token}/image); the version busts the browser cache
    h("img", { src: `${t.image_uri}?v=${t.version}`, alt: `NFT #${t.token}: digit ${tr.glyph}`,
      width: "80", height: "80", style: "image-rendering: pixelated; width: 120px; height: 120px" }),
    h("figcaption", { class: "small" },
      h("strong", {}, `#${t.token}`), ` v${t.version} · digit ${tr.glyph} · level ${tr.level}`, h("br"),
      `${tr.palette} / ${tr.aura} · owner ${hex(t.owner)}`, h("br"),
      h("span", { class: "muted" }, `image ${t.image_sha256.slice(0, 12)}…`)));
}

export async function mount(el) {
  const err = h("div");
  const body = h("div");
  const last = h("p", { class: "small muted", "data-testid": "nft-last" });
  render(el, err, last, body);

  async function draw() {
    try {
      const tokens = await get(route("nftGallery"));
      render(err);
      if (!tokens.length) {
        render(body, h("div", { class: "notice" }, "No NFTs on this chain yet (nexus nft mint)."));
        return;
      }
      render(body, h("div", { "data-testid": "nft-gallery", style: "display: flex; flex-wrap: wrap; gap: 12px" },
        tokens.map(card)));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  const later = debounce(draw, 300);
  on("nft.evolved", (data) => {
    render(last, `evolved on ${data.cause}: ${data.tokens.map((t) => `#${t.token} → v${t.version}`).join(", ")}`);
    later();
  });
  on("block", later);
  await draw();
}
