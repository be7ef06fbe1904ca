// Disputes view: oracle claims in liveness, bonds, the AI first pass (evidence, confidence, on-chain hash), outcome.
import { get, route } from "../api.js";
import { debounce, duration, errorBox, h, hex, num, render } from "../dom.js";
import { on } from "../events.js";

function advice(a) {
  const r = a.recommendation;
  if (!r) return h("span", { class: "muted" }, a.state === "disputed" ? "not assessed yet" : "-");
  const side = r.supports_claim === null ? "abstains" : r.supports_claim ? "supports" : "rejects";
  const f = r.evidence.features || {};
  return h("span", { title: JSON.stringify(r.evidence) },
    `${side} · p(true) ${num(r.p_true, 3)} · answer ${num(r.evidence.answer, 2)} · gap ${num((f.gap ?? 0) * 100, 1)}%`,
    " ", h("span", { class: "badge" }, a.hash_matches ? "hash on chain ✓" : "hash mismatch"));
}

export async function mount(el) {
  const err = h("div");
  const body = h("div");
  render(el, err, body);

  async function draw() {
    try {
      const rows = await get(route("disputes"));
      render(err);
      if (!rows.length) {
        render(body, h("div", { class: "notice" }, "No oracle claims yet (nexus dispute assert FEED VALUE)."));
        return;
      }
      render(body, h("table", { class: "small", "data-testid": "disputes" },
        h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Claim"), h("th", {}, "State"), h("th", {}, "Bonds"),
          h("th", {}, "AI first pass"), h("th", {}, "Outcome"))),
        h("tbody", {}, rows.slice().reverse().map((a) => h("tr", { "data-assertion": String(a.id) },
          h("td", {}, String(a.id)), h("td", {}, a.text || "?", " ", h("span", { class: "small muted" }, hex(a.asserter))),
          h("td", {}, a.state === "liveness" ? `liveness (${duration(a.live_seconds_left)} left)` : a.state),
          h("td", { class: "num" }, a.disputer ? `${a.bond} × 2` : a.bond),
          h("td", {}, advice(a)), h("td", {}, a.outcome || ""))))));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  const later = debounce(draw, 300);
  on("block", later);
  await draw();
}
