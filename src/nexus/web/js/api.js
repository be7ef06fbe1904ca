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

async function request(method, path, { json } = {}) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let body;
  if (json !== undefined) {
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
export const del = (path) => request("DELETE", path);

// --- every endpoint the dashboard calls, in one place -----------------------------------------
// "METHOD /path/{param}" as /openapi.json names it; tests/unit/test_api_contract.py checks that
// each one exists there with that method, and that no other path is called from the dashboard.
export const ROUTES = Object.freeze({
  status: "GET /status",
  health: "GET /health",
  block: "GET /blocks/{number}",
  events: "GET /events",
  recentEvents: "GET /events/recent",
  findings: "GET /guard/findings",
  watched: "GET /guard/targets",
  watch: "POST /guard/targets",
  unwatch: "DELETE /guard/targets/{address}",
  record: "GET /ledger/records/{index}",
  receipt: "GET /ledger/records/{index}/receipt",
  lineage: "GET /ledger/lineage/{ref}",
  append: "POST /ledger/records",
  anchor: "POST /ledger/anchor",
  verify: "POST /ledger/verify",
  markets: "GET /markets",
  marketHistory: "GET /markets/{ref}/history",
  feeds: "GET /oracle/feeds",
  feedRounds: "GET /oracle/feeds/{name}/rounds",
  feedHistory: "GET /oracle/feeds/{name}/history",
  feedForecast: "GET /oracle/feeds/{name}/forecast",
  scan: "POST /scan",
  models: "GET /models",
  modelFairness: "GET /models/{name}/fairness",
  proposals: "GET /governance/proposals",
  identity: "GET /identity",
  consent: "GET /consent",
  datasets: "GET /data/datasets",
  dataJobs: "GET /data/jobs",
  bounties: "GET /bounties",
  lendingPool: "GET /lending/pool",
  lendingLoan: "GET /lending/loans/{address}",
  lendingScore: "GET /lending/score/{address}",
  feeAdvice: "GET /fees/advice",
  portfolioBacktest: "GET /portfolio/backtest",
  validatorLeaderboard: "GET /validators/leaderboard",
  insuranceProducts: "GET /insurance/products",
  insurancePolicies: "GET /insurance/policies",
  insuranceClaims: "GET /insurance/claims",
  disputes: "GET /disputes",
  aiServices: "GET /services",
  aiDisputes: "GET /services/disputes",
  aiJobs: "GET /jobs",
  zkVerifiers: "GET /zk",
  avatars: "GET /avatar",
  game: "GET /game",
  gameCurve: "GET /game/curve",
  flFederations: "GET /fl/federations",
  flFederation: "GET /fl/federations/{ref}",
  xchainChains: "GET /xchain/chains",
  xchainMessages: "GET /xchain/messages",
  nftGallery: "GET /nft",
});

/** Fill "{name}" placeholders with encoded values, in order. */
function fill(template, ...values) {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(values[i++])));
}

/** The path of endpoint `name` (a key of ROUTES), its placeholders filled with `values`. */
export function route(name, ...values) {
  const spec = ROUTES[name];
  if (!spec) throw new Error(`unknown endpoint ${name}`);
  return fill(spec.split(" ")[1], ...values);
}
