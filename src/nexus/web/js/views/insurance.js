// Insurance view: parametric products (trigger feed, payout table, pool), their policies and the claims paid.
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

function productsTable(products) {
  return h("table", { class: "small", "data-testid": "insurance-products" },
    h("thead", {}, h("tr", {}, h("th", {}, "Product"), h("th", {}, "Trigger"), h("th", {}, "Payout table"),
      h("th", {}, "Pool"), h("th", {}, "Reserved"), h("th", {}, "Policies"))),
    h("tbody", {}, products.map((p) => h("tr", { "data-product": p.name },
      h("td", {}, p.name, " ", h("span", { class: p.solvent ? "badge" : "badge warn" }, p.solvent ? "solvent" : "short")),
      h("td", {}, `${p.feed} (${p.model})`),
      h("td", {}, p.tiers.map((t) => `≥ ${t.threshold} → ${t.payout}`).join(" · ")),
      h("td", { class: "num" }, p.pool), h("td", { class: "num" }, p.reserved),
      h("td", { class: "num" }, String(p.policies))))));
}

function policiesTable(policies) {
  if (!policies.length) return h("p", { class: "small muted" }, "No policies yet.");
  return h("table", { class: "small", "data-testid": "insurance-policies" },
    h("thead", {}, h("tr", {}, h("th", {}, "Policy"), h("th", {}, "Holder"), h("th", {}, "Threshold"),
      h("th", {}, "Payout"), h("th", {}, "State"))),
    h("tbody", {}, policies.map((p) => h("tr", {},
      h("td", {}, `${p.product} #${p.policy_id}`), h("td", {}, hex(p.holder)), h("td", { class: "num" }, String(p.threshold)),
      h("td", { class: "num" }, p.payout), h("td", {}, p.paid ? "paid" : "open")))));
}

function claimsTable(claims) {
  if (!claims.length) return h("p", { class: "small muted" }, "No claims paid yet.");
  return h("table", { class: "small", "data-testid": "insurance-claims" },
    h("thead", {}, h("tr", {}, h("th", {}, "Policy"), h("th", {}, "Round"), h("th", {}, "Severity"),
      h("th", {}, "Paid"), h("th", {}, "To"))),
    h("tbody", {}, claims.map((c) => h("tr", {},
      h("td", {}, `${c.product} #${c.policy_id}`), h("td", { class: "num" }, String(c.round_id)),
      h("td", { class: "num" }, String(c.severity)), h("td", { class: "num" }, c.payout), h("td", {}, hex(c.holder))))));
}

export async function mount(el) {
  const err = h("div");
  const body = h("div");
  render(el, err, body);

  async function draw() {
    try {
      const [products, policies, claims] = await Promise.all([
        get(route("insuranceProducts")), get(route("insurancePolicies")), get(route("insuranceClaims"))]);
      render(err);
      if (!products.length) {
        render(body, h("div", { class: "notice" }, "No insurance products on this chain yet (nexus insurance create)."));
        return;
      }
      render(body, productsTable(products), h("h3", {}, "Policies"), policiesTable(policies),
        h("h3", {}, "Claims paid automatically"), claimsTable(claims.claims));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  const later = debounce(draw, 300);
  on("block", later);
  await draw();
}
