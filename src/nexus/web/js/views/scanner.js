// Scanner view: upload a .sol/.vy file, scan it on the node, read the findings.
import { operation, paths, post, postForm } from "../api.js";
import { errorBox, h, num, render, unavailable } from "../dom.js";

const ORDER = ["high", "medium", "low", "info"];
const MAX_BYTES = 2_000_000;

/** A schema with a local `$ref` ("#/components/schemas/X") replaced by what it points to. */
function resolve(spec, schema) {
  const ref = schema?.$ref;
  return ref ? spec.components?.schemas?.[ref.split("/").pop()] || {} : schema || {};
}

/** How this node's scan endpoint wants the file: multipart (field name) or JSON (field names). */
function requestShape(op, spec) {
  const content = op.requestBody?.content || {};
  const multipart = content["multipart/form-data"];
  if (multipart) {
    const props = resolve(spec, multipart.schema).properties || {};
    const file = Object.keys(props).find((k) => props[k].format === "binary" || props[k].contentMediaType) || "file";
    return { kind: "form", file };
  }
  const schema = resolve(spec, content["application/json"]?.schema);
  const props = schema.properties || {};
  const pick = (...names) => names.find((n) => n in props);
  return { kind: "json", source: pick("source", "code", "content", "text") || "source",
    name: pick("filename", "path", "name", "file"), language: pick("language", "lang") };
}

function findingsOf(result) {
  if (Array.isArray(result)) return { findings: result, errors: [] };
  return { findings: result.findings || result.result?.findings || [], errors: result.errors || [] };
}

export async function mount(el, spec) {
  const path = paths(spec, "POST", /^\/scan/)[0];
  if (!path) {
    render(el, unavailable("The contract scanner", h("span", {}, "This node's API has no ", h("code", {}, "/scan"),
      " endpoint; scan from a shell with ", h("code", {}, "nexus scan <files>"), ".")));
    return;
  }
  const shape = requestShape(operation(spec, "POST", path), spec);
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
      let result;
      if (shape.kind === "form") {
        const form = new FormData();
        form.append(shape.file, file, file.name);
        result = await postForm(path, form);
      } else {
        const body = { [shape.source]: await file.text() };
        if (shape.name) body[shape.name] = file.name;
        if (shape.language) body[shape.language] = file.name.endsWith(".vy") ? "vyper" : "solidity";
        result = await post(path, body);
      }
      report(file.name, findingsOf(result), performance.now() - started);
    } catch (err) {
      render(out, errorBox(err));
    }
  }

  function report(name, { findings, errors }, ms) {
    const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || a.line - b.line);
    const counts = ORDER.map((s) => [s, sorted.filter((f) => f.severity === s).length]).filter(([, n]) => n);
    render(out,
      h("h3", {}, `${name}: ${findings.length} finding${findings.length === 1 ? "" : "s"}`),
      h("div", { class: "row small" }, counts.map(([s, n]) => h("span", { class: `badge sev-${s}` }, `${n} ${s}`)),
        h("span", { class: "muted" }, `${Math.round(ms)} ms`)),
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
