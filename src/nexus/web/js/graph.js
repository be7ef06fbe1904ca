// A lineage graph as SVG: the record at the left, its upstream records in columns to the right.
const NS = "http://www.w3.org/2000/svg";
const W = 170, H = 58, GX = 48, GY = 16, PAD = 9;
const MIN_SCALE = 0.8; // a wider graph shrinks to fit its box down to this scale, then scrolls

function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== null) el.textContent = text;
  return el;
}

/** Column of each node: its longest distance from the root along `upstream` edges. */
function depths(root, byId) {
  const depth = new Map([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const id = queue.shift();
    for (const up of byId.get(id)?.upstream || []) {
      const d = depth.get(id) + 1;
      if (byId.has(up) && (!depth.has(up) || depth.get(up) < d) && d < 64) {
        depth.set(up, d);
        queue.push(up);
      }
    }
  }
  return depth;
}

/** `graph`: {root, nodes: [{id, kind, name, upstream: [ids], verified, anchor}]}. */
export function lineageSvg(graph, onPick = () => {}) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const depth = depths(graph.root, byId);
  const cols = [];
  for (const [id, d] of depth) (cols[d] ||= []).push(id);
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const width = cols.length * (W + GX) - GX + 20, height = rows * (H + GY) - GY + 20;
  const root = svg("svg", { class: "lineage", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `lineage of record ${graph.root}: ${graph.nodes.length} records` });
  root.style.minWidth = `${Math.round(width * MIN_SCALE)}px`;
  const pos = new Map();
  cols.forEach((ids, c) => ids.sort((a, b) => a - b).forEach((id, r) => {
    const offset = (rows - ids.length) * (H + GY) / 2;
    pos.set(id, [10 + c * (W + GX), 10 + offset + r * (H + GY)]);
  }));
  for (const [id, [x, y]] of pos) {
    for (const up of byId.get(id).upstream || []) {
      if (!pos.has(up)) continue;
      const [ux, uy] = pos.get(up);
      const mid = (x + W + ux) / 2;
      root.append(svg("path", { d: `M${x + W},${y + H / 2} C${mid},${y + H / 2} ${mid},${uy + H / 2} ${ux},${uy + H / 2}` }));
    }
  }
  for (const [id, [x, y]] of pos) {
    const n = byId.get(id);
    const state = n.verified === true ? "good" : n.verified === false || n.problem ? "bad" : "";
    const g = svg("g", { class: `n ${id === graph.root ? "root" : ""} ${state}`, transform: `translate(${x},${y})`,
      tabindex: 0, "data-record": id });
    g.append(svg("rect", { width: W, height: H, rx: 7 }));
    const name = String(n.name || n.fingerprint || "");
    const anchored = n.anchor ? `anchored${n.anchor.block !== undefined ? ` · block ${n.anchor.block}` : ""}` : "not anchored yet";
    g.append(svg("text", { x: PAD, y: 16, class: "k" }, `${n.kind || "record"} · #${id}`));
    g.append(svg("text", { x: PAD, y: 33 }, name));
    g.append(svg("text", { x: PAD, y: 49, class: n.anchor ? "a" : "a no" }, anchored));
    g.append(svg("title", {}, `#${id} ${n.kind || ""} ${name} (${anchored})${n.problem ? ` — ${n.problem}` : ""}`));
    g.addEventListener("click", () => onPick(id));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(id); });
    root.append(g);
  }
  return root;
}

/** Shorten every label of a lineage graph that is wider than its box, ending it with "…" (the
 *  node's <title> keeps the whole text). Needs the graph in the document: text is measured. */
export function fitLabels(root) {
  const room = W - 2 * PAD;
  for (const text of root.querySelectorAll("g.n text")) {
    const full = text.textContent;
    if (text.getComputedTextLength() <= room) continue;
    let lo = 0, hi = full.length; // longest prefix that fits with the ellipsis
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      text.textContent = `${full.slice(0, mid)}…`;
      if (text.getComputedTextLength() <= room) lo = mid;
      else hi = mid - 1;
    }
    text.textContent = `${full.slice(0, lo)}…`;
  }
}
