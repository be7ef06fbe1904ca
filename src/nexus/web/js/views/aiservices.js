// AI services view: paid model services (price, calls' earnings, disputes), compute jobs, zk verifiers.
import { get, route } from "../api.js";
import { debounce, errorBox, h, hex, render } from "../dom.js";
import { on } from "../events.js";

/** wei (a decimal string) as ether, for display. */
function eth(wei) {
  try { return `${Number(BigInt(wei || "0") / 10n ** 9n) / 1e9} ETH`; } catch { return "—"; }
}

function servicesTable(services) {
  if (!services.length) return h("div", { class: "notice" }, "No services yet (", h("code", {}, "nexus service register digits"), ").");
  return h("table", { class: "small", "data-testid": "ai-services" },
    h("thead", {}, h("tr", {}, ["Service", "Model", "Price / call", "Earned", "Channels", "Disputes", "Slashed", "ZK"]
      .map((t) => h("th", {}, t)))),
    h("tbody", {}, services.map((s) => h("tr", { "data-service": s.id },
      h("td", {}, `#${s.id} ${s.name || ""}`), h("td", {}, hex(s.model, 8)), h("td", { class: "num" }, eth(s.price)),
      h("td", { class: "num" }, eth(s.earned)), h("td", { class: "num" }, String(s.channels)),
      h("td", { class: "num" }, String(s.disputes)), h("td", { class: "num" }, String(s.slashed)),
      h("td", {}, s.verifier ? h("span", { class: "badge" }, `proven ${eth(s.zk_price)}`) : "—")))));
}

function jobsTable(jobs) {
  if (!jobs.length) return h("div", { class: "notice" }, "No compute jobs yet (", h("code", {}, "nexus job submit FILE"), ").");
  return h("table", { class: "small", "data-testid": "ai-jobs" },
    h("thead", {}, h("tr", {}, ["Job", "Function", "Workers", "State", "Price"].map((t) => h("th", {}, t)))),
    h("tbody", {}, jobs.slice(-8).reverse().map((j) => h("tr", { "data-job": j.id, "data-state": j.state },
      h("td", {}, `#${j.id}`), h("td", {}, hex(j.fn, 8)), h("td", { class: "num" }, `${j.workers.length}/${j.n} (k=${j.k})`),
      h("td", {}, h("span", { class: "badge" }, j.state)), h("td", { class: "num" }, eth(j.price))))));
}

function disputesLine(disputes) {
  const open = disputes.filter((d) => !d.resolved).length, upheld = disputes.filter((d) => d.upheld).length;
  return h("p", { class: "small muted", "data-testid": "ai-disputes" },
    `${disputes.length} disputes: ${open} open, ${upheld} upheld (provider slashed), ${disputes.length - open - upheld} rejected`);
}

export async function mount(el) {
  const err = h("div"), services = h("div"), disputes = h("div"), jobs = h("div"), zk = h("div");
  render(el, err, services, disputes, h("h3", {}, "Compute jobs"), jobs, zk);

  async function draw() {
    try {
      const [ss, ds, js, vs] = await Promise.all([get(route("aiServices")), get(route("aiDisputes")),
        get(route("aiJobs")), get(route("zkVerifiers"))]);
      render(err);
      render(services, servicesTable(ss));
      render(disputes, disputesLine(ds));
      render(jobs, jobsTable(js));
      render(zk, vs.length ? h("p", { class: "small muted", "data-testid": "ai-zk" },
        vs.map((v) => `service #${v.service}: verifier ${v.verifier.slice(0, 10)}…, ${v.proofs} proofs`).join(" · ")) : "");
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  on("block", debounce(draw, 500));
  await draw();
}
