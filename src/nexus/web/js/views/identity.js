// Identity view: my DIDs and credentials, consent grants, datasets (lineage, earnings) and compute jobs.
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

/** Wei (a decimal string) as ether. */
function ether(wei) {
  try { return Number(BigInt(wei || "0") / 10n ** 12n) / 1e6; } catch { return 0; }
}

function table(testid, head, rows, empty) {
  if (!rows.length) return h("div", { class: "notice" }, empty);
  return h("table", { class: "small", "data-testid": testid },
    h("thead", {}, h("tr", {}, head.map((c) => h("th", {}, c)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

function dids(me) {
  return [
    table("id-dids", ["Name", "DID", "Key"], me.dids.map((d) => [d.name, hex(d.did, 18), d.curve]),
      h("span", {}, "No DIDs yet (", h("code", {}, "nexus did create"), ").")),
    table("id-creds", ["Format", "Issuer", "Subject"],
      me.credentials.map((c) => [c.format || "—", hex(c.issuer || "", 14), hex(c.subject || "", 14)]),
      h("span", {}, "No credentials issued here (", h("code", {}, "nexus vc issue"), ")."))];
}

function grants(gs) {
  return table("id-grants", ["#", "Subject", "Grantee", "Fields", "Purpose", "State"],
    gs.map((g) => [String(g.id), hex(g.subject, 8), hex(g.grantee, 14), g.fields.join(", "), g.purpose,
      h("span", { class: "badge" }, g.live ? "live" : g.revoked_at ? "revoked" : "expired")]),
    h("span", {}, "No consent grants (", h("code", {}, "nexus consent grant"), ")."));
}

function datasets(ds) {
  return table("id-datasets", ["#", "Provider", "Fingerprint", "Lineage", "Price (ETH)", "Jobs", "Earned (ETH)"],
    ds.map((d) => [String(d.id), hex(d.owner, 8), hex(d.fingerprint, 10), hex(d.lineage, 10),
      String(ether(d.price)), String(d.jobs), String(ether(d.provider_credit))]),
    h("span", {}, "No datasets listed (", h("code", {}, "nexus data list FILE.parquet"), ")."));
}

function jobs(js) {
  return table("id-jobs", ["Order", "Dataset", "Rows", "Algorithm", "Result", "Receipt"],
    js.map((j) => [String(j.order), String(j.dataset), String(j.rows), hex(j.algorithm, 8), hex(j.result, 8),
      hex(j.receipt, 8)]),
    h("span", {}, "No compute jobs yet (", h("code", {}, "nexus data compute"), ")."));
}

export async function mount(el) {
  const err = h("div"), mine = h("div"), consent = h("div"), data = h("div"), done = h("div");
  render(el, err, h("h3", {}, "My DIDs and credentials"), mine, h("h3", {}, "Consent grants"), consent,
    h("h3", {}, "Datasets"), data, h("h3", {}, "Compute jobs"), done);

  async function draw() {
    try {
      const [me, gs, ds, js] = await Promise.all([get(route("identity")), get(route("consent")),
        get(route("datasets")), get(route("dataJobs"))]);
      render(err);
      render(mine, ...dids(me));
      render(consent, grants(gs));
      render(data, datasets(ds));
      render(done, jobs(js));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  on("block", debounce(draw, 500));
  await draw();
}
