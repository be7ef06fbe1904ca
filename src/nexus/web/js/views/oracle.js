// Oracle view: a feed's rounds over time (answer and signed band) and per-source contributions.
import { get, route } from "../api.js";
import { ago, debounce, errorBox, h, hex, num, render, stat } from "../dom.js";
import { lineChart } from "../charts.js";
import { on } from "../events.js";

const ROUNDS = 100;

/** Per-source values of one round, whatever the API calls them: [{source, value, weight?}]. */
function contributions(round) {
  const raw = round?.contributions || round?.observations || round?.sources || null;
  if (!raw) return null;
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([source, v]) =>
    (typeof v === "object" ? { source, ...v } : { source, value: v }));
  return list.map((c) => ({ source: String(c.source ?? c.node ?? c.name ?? c.signer ?? "?"),
    value: c.value == null ? NaN : Number(c.value), weight: c.weight ?? c.share ?? null, flags: c.flags || [] }));
}

export async function mount(el) {
  const picker = h("select", { "aria-label": "Feed", name: "feed" });
  const summary = h("div", { class: "stats" });
  const chartBox = h("div", { class: "chart", "data-testid": "oracle-chart" });
  const sources = h("div");
  const err = h("div");
  const pick = h("div", { class: "row hidden" }, h("label", {}, "Feed ", picker));
  render(el, pick, err, summary, chartBox, sources);

  let chart = null, chartKey = "";
  let feeds = [];

  async function loadFeeds() {
    feeds = await get(route("feeds"));
    const keep = picker.value;
    render(picker, feeds.map((f) => h("option", { value: f.name }, f.name)));
    if (keep && feeds.some((f) => f.name === keep)) picker.value = keep;
  }

  async function draw() {
    try {
      if (!feeds.length) await loadFeeds();
      if (!feeds.length) {
        render(summary);
        render(err, h("div", { class: "notice" }, "No oracle feeds are registered on this chain yet. ",
          "Start a network with ", h("code", {}, "nexus oracle up"), "."));
        return;
      }
      render(err);
      pick.classList.remove("hidden");
      const name = picker.value || feeds[0].name;
      const feed = await get(`${route("feedRounds", name)}?limit=${ROUNDS}`);
      const rounds = [...(feed.rounds || [])].reverse(); // oldest first
      render(summary,
        stat("Latest answer", num(feed.answer)),
        stat("Round", feed.latest_round),
        stat("Band", feed.band ? `${num(feed.band[0])} – ${num(feed.band[1])}` : "—", { small: true }),
        stat("Nodes / quorum", `${feed.nodes} / ${feed.quorum} (f=${feed.f})`, { small: true }),
        stat("Updated", ago((feed.updated_at || 0) * 1000), { small: true }),
        stat("Contract", hex(feed.address), { small: true }));
      // the network's forecast of the next interval, on chain next to the answer (when published)
      const published = feeds.some((f) => f.name === `${name}@next`); // ask only when there is one
      const fc = published ? await get(route("feedForecast", name)).catch(() => null) : null;
      if (fc?.forecast_next != null) {
        summary.append(stat("Next-interval forecast", `${num(fc.forecast_next)} [${num(fc.forecast_lo)}, ${num(fc.forecast_hi)}]`,
          { small: true }));
      }
      // the node's own rounds (reported or not) when it journals them; else the accepted rounds
      const journal = await get(`${route("feedHistory", name)}?limit=${ROUNDS}`).catch(() => null);
      const series = journal?.rounds?.length ? carryAnswers(journal.rounds)
        : rounds.map((r) => ({ ...r, time: r.updated_at }));
      chartRounds(name, series);
      showSources(series.at(-1));
    } catch (e) {
      render(err, errorBox(e));
    }
  }

  /** Journal rows carry an answer only when reported: hold the last reported answer and band. */
  function carryAnswers(rows) {
    let last = null;
    return rows.map((r) => {
      if (r.accepted) last = { answer: r.answer, low: r.band?.[0], high: r.band?.[1] };
      return { ...r, answer: last?.answer ?? null, low: last?.low ?? null, high: last?.high ?? null };
    });
  }

  function chartRounds(name, rounds) {
    const per = rounds.map(contributions);
    const names = [...new Set(per.flatMap((c) => (c || []).map((x) => x.source)))].sort();
    const key = `${name}|${names.join(",")}`;
    if (chart && chartKey !== key) { chart.destroy(); chart = null; }
    if (!chart) {
      chartBox.replaceChildren();
      chart = lineChart(chartBox, [
        { label: "answer", width: 2.5 }, { label: "low", dash: [4, 4], width: 1 }, { label: "high", dash: [4, 4], width: 1 },
        ...names.map((s) => ({ label: s, points: "only" })),
      ], { x: rounds.every((r) => r.time) });
      chartKey = key;
    }
    const xs = rounds.map((r, i) => r.time || i);
    const ys = [rounds.map((r) => r.answer), rounds.map((r) => r.low), rounds.map((r) => r.high),
      // a source every node dropped is listed below, not drawn: a manipulated reading would
      // squash the honest ones into one line
      ...names.map((s) => per.map((c) => {
        const x = (c || []).find((y) => y.source === s);
        return x && x.weight !== 0 && Number.isFinite(x.value) ? x.value : null;
      }))];
    chart.update(xs, ys);
  }

  function showSources(latest) {
    const list = contributions(latest);
    if (!list) {
      render(sources, h("p", { class: "small muted" }, latest ?
        "No per-source detail for this round: it was not run by this node's oracle service (see nexus oracle sources)." : ""));
      return;
    }
    const max = Math.max(...list.map((c) => Math.abs(c.value) || 0), 1e-12);
    const state = latest.accepted === false ? " (observed, not reported)" : "";
    render(sources, h("h3", {}, `Round ${latest.round_id}${state}: per-source contributions`),
      h("table", { class: "table", "data-testid": "oracle-sources" },
        h("thead", {}, h("tr", {}, h("th", {}, "source"), h("th", {}, "reading"), h("th", {}, ""),
          h("th", {}, "kept by nodes"), h("th", {}, "flags"))),
        h("tbody", {}, list.map((c) => h("tr", { class: c.weight === 0 ? "muted" : "" },
          h("td", { title: c.source }, c.source),
          h("td", { class: "num" }, Number.isFinite(c.value) ? num(c.value) : "—"),
          h("td", {}, h("meter", { min: 0, max, value: Math.abs(c.value) || 0 })),
          h("td", { class: "num" }, c.weight == null ? "—" : `${Math.round(100 * c.weight)} %`),
          h("td", {}, (c.flags || []).length ? h("span", { class: "badge sev-medium" }, c.flags.join(", ")) : "kept"))))));
  }

  picker.addEventListener("change", draw);
  const later = debounce(async () => { await loadFeeds().catch(() => {}); draw(); }, 1500);
  on("block", later);
  on("oracle.round", later);
  await draw();
}
