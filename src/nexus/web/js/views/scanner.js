// Scanner view: upload a .sol/.vy file, scan it on the node, read the findings.
import { post, route } from "../api.js";
import { errorBox, h, num, render } from "../dom.js";

const ORDER = ["high", "medium", "low", "info"];
const MAX_BYTES = 2_000_000;

export async function mount(el) {
  const input = h("input", { type: "file", accept: ".sol,.vy", name: "contract", "aria-label": "Contract source file" });
  const drop = h("label", { class: "drop" }, h("div", {}, "Drop a Solidity (.sol) or Vyper (.vy) file here, or choose one: "), input);
  const out = h("div", { "data-testid": "scan-report", "aria-live": "polite" });
  render(el, drop, out);

  async function scan(file) {
    if (!file) return;
    if (!/\.(sol|vy)$/i.test(file.name)) {
      render(out, errorBox(`${file.name} is not a .sol or .vy file.`));
      return;
    }
    if (file.size > MAX_BYTES) {
      render(out, errorBox(`${file.name} is too large to scan here (${num(file.size)} bytes).`));
      return;
    }
    render(out, h("p", { class: "muted" }, `Scanning ${file.name}…`));
    const started = performance.now();
    try {
      const result = await post(route("scan"), { filename: file.name, source: await file.text() });
      report(file.name, result, performance.now() - started);
    } catch (err) {
      render(out, errorBox(err));
    }
  }

  function report(name, { findings, errors, hidden, filters }, ms) {
    const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || a.line - b.line);
    const counts = ORDER.map((s) => [s, sorted.filter((f) => f.severity === s).length]).filter(([, n]) => n);
    render(out,
      h("h3", {}, `${name}: ${findings.length} finding${findings.length === 1 ? "" : "s"}`),
      h("div", { class: "row small" }, counts.map(([s, n]) => h("span", { class: `badge sev-${s}` }, `${n} ${s}`)),
        h("span", { class: "muted" }, `${Math.round(ms)} ms`),
        hidden ? h("span", { class: "muted", "data-testid": "scan-hidden" },
          `${hidden} below ${filters.min_confidence} confidence hidden`) : null),
      errors.map((e) => errorBox(`${e.file}: ${e.error}`)),
      sorted.length ? h("div", { class: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, ["Severity", "Line", "Category", "Where", "Finding"].map((t) => h("th", {}, t)))),
        h("tbody", {}, sorted.map((f) => h("tr", { "data-severity": f.severity },
          h("td", {}, h("span", { class: `badge sev-${f.severity}` }, f.severity)),
          h("td", { class: "num" }, f.line),
          h("td", {}, f.category, f.swc_id ? h("div", { class: "small muted" }, f.swc_id) : null),
          h("td", { class: "small" }, [f.contract, f.function].filter(Boolean).join(".") || "—"),
          h("td", {}, f.message, f.evidence ? h("pre", { class: "small" }, f.evidence) : null,
            f.score !== null && f.score !== undefined ? h("div", { class: "small muted" }, `confidence ${f.confidence} · score ${num(f.score, 2)}`) : null))))))
        : h("p", { class: "ok" }, "No findings."));
  }

  input.addEventListener("change", () => scan(input.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); scan(e.dataTransfer.files[0]); });
}
