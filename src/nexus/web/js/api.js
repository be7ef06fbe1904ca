// HTTP client for the node API: JSON in and out, {"error": ...} shapes, the token on every request
// when the page has it (writes need it; so do reads off loopback, and ledger payloads and salts).
const TOKEN_KEY = "nexus.apiToken";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) localStorage.setItem(TOKEN_KEY, value.trim());
  else localStorage.removeItem(TOKEN_KEY);
  document.dispatchEvent(new CustomEvent("nexus:token"));
}

// `nexus api token --url ...` links carry the token in the #fragment, which no server ever sees.
export function takeTokenFromHash() {
  const m = location.hash.match(/^#token=([\w-]+)$/);
  if (!m) return;
  setToken(m[1]);
  history.replaceState(null, "", location.pathname + location.search);
}

async function request(method, path, { json, form } = {}) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let body;
  if (form) body = form;
  else if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  let resp;
  try {
    resp = await fetch(path, { method, headers, body });
  } catch (err) {
    throw new ApiError(0, `the node is unreachable (${err.message})`);
  }
  const text = await resp.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!resp.ok) {
    let msg = (data && data.error) || resp.statusText || `HTTP ${resp.status}`;
    if (resp.status === 401) msg += " — set it with the “API token” button";
    if (resp.status === 429) msg += ` (retry in ${resp.headers.get("Retry-After") || "a few"} s)`;
    throw new ApiError(resp.status, msg);
  }
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, json) => request("POST", path, { json });
export const postForm = (path, form) => request("POST", path, { form });

// --- what this node offers, from its OpenAPI document ---------------------------------------
let spec = null;

export async function openapi() {
  spec ??= await get("/openapi.json");
  return spec;
}

/** Path templates (e.g. "/ledger/records/{index}") offering `method` and matching `re`. */
export function paths(doc, method, re) {
  return Object.entries(doc.paths || {})
    .filter(([p, ops]) => re.test(p) && ops[method.toLowerCase()])
    .map(([p]) => p);
}

export function operation(doc, method, path) {
  return (doc.paths?.[path] || {})[method.toLowerCase()] || null;
}

/** Fill "{name}" (or "{name:path}") placeholders with encoded values, in order. */
export function fill(template, ...values) {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(values[i++])));
}
