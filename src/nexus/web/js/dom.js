// Tiny DOM helpers: build elements without innerHTML (all data goes in as text), format values.

/** h("div", {class: "x", onclick: fn}, "text", child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function render(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function short(hex, keep = 6) {
  const s = String(hex ?? "");
  return s.length > 2 * keep + 3 ? `${s.slice(0, keep + 2)}…${s.slice(-keep)}` : s;
}

/** A monospace hex value, shortened, full value in the tooltip; click copies it. */
export function hex(value, keep = 6) {
  if (!value) return h("span", { class: "muted" }, "—");
  return h("code", {
    title: `${value} (click to copy)`,
    onclick: () => navigator.clipboard?.writeText(String(value)).catch(() => {}),
  }, short(value, keep));
}

export function ago(ms) {
  if (!ms) return "—";
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(ms).toLocaleString();
}

export function duration(seconds) {
  const s = Math.floor(seconds || 0);
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  return d ? `${d}d ${hh}h` : hh ? `${hh}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

export function num(v, digits = 4) {
  return typeof v === "number" ? v.toLocaleString(undefined, { maximumFractionDigits: digits }) : String(v ?? "—");
}

export function stat(key, value, extra = {}) {
  return h("div", { class: "stat" }, h("div", { class: "k" }, key),
    h("div", { class: `v ${extra.small ? "small" : ""}`, "data-stat": extra.id }, value));
}

export function errorBox(err) {
  return h("div", { class: "error", role: "alert" }, String(err?.message || err));
}

/** The "this node has no such capability" state every view uses. */
export function unavailable(what, hint) {
  return h("div", { class: "notice", "data-state": "unavailable" },
    h("strong", {}, `${what} is not available on this node.`), " ", hint || "");
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}
