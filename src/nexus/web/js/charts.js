// Time-series charts over the vendored uPlot (global `uPlot`), sized to their box, theme colours.
const PALETTE = ["--c1", "--c2", "--c3", "--c4", "--c5", "--c6"];

export function colour(i) {
  const css = getComputedStyle(document.documentElement);
  return css.getPropertyValue(PALETTE[i % PALETTE.length]).trim() || "#2f6fde";
}

function axisStyle() {
  const css = getComputedStyle(document.documentElement);
  const fg = css.getPropertyValue("--muted").trim();
  const grid = css.getPropertyValue("--line").trim();
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
}

function latest(values) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i];
  return null;
}

/** A legend value: the one under the cursor, or the series' latest while the cursor is away
 *  (uPlot would show "--" then, i.e. always on a page nobody hovers). */
function legendValue(format) {
  return (u, value, sidx, idx) => {
    const v = idx == null ? latest(u.data[sidx] || []) : value;
    return v == null ? "—" : format(v);
  };
}

const plain = (v) => v.toLocaleString(undefined, { maximumFractionDigits: 4 });

/**
 * A line chart in `el`. `series`: [{label, dash?, points?, width?, stepped?}] (stepped: the value
 * holds until the next point, e.g. a price between trades). Returns {update(xs, ys[])}.
 * x values are unix seconds unless `opts.x` is false (then plain numbers, e.g. round ids).
 * `opts.legendFormat(v)` writes a y value in the legend (default: a plain number).
 */
export function lineChart(el, series, opts = {}) {
  if (!window.uPlot) {
    el.textContent = "chart library missing";
    return { update() {} };
  }
  const height = opts.height || 220;
  const axes = [{ ...axisStyle() }, { ...axisStyle(), size: 60, values: opts.yFormat }];
  const config = {
    width: Math.max(el.clientWidth, 280), height,
    scales: { x: { time: opts.x !== false } },
    axes,
    legend: { live: true },
    cursor: { points: { size: 6 } },
    series: [{ label: opts.xLabel || "time",
      value: legendValue(opts.x === false ? String : (t) => new Date(t * 1000).toLocaleTimeString()) },
    ...series.map((s, i) => ({
      label: s.label,
      value: legendValue(opts.legendFormat || plain),
      stroke: s.colour || colour(i),
      width: s.width || 2,
      dash: s.dash,
      points: { show: Boolean(s.points), size: 5 },
      paths: s.points === "only" ? () => null
        : s.stepped && window.uPlot.paths?.stepped ? window.uPlot.paths.stepped({ align: 1 }) : undefined,
      spanGaps: true,
    }))],
  };
  let data = [[], ...series.map(() => [])];
  const plot = new window.uPlot(config, data, el);
  const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 280), height }));
  ro.observe(el);
  return {
    update(xs, ys) {
      data = [xs, ...ys];
      plot.setData(data);
      // one point alone would stretch a time axis over years: show a minute either side of it
      if (xs.length === 1 && opts.x !== false) plot.setScale("x", { min: xs[0] - 60, max: xs[0] + 60 });
    },
    destroy() { ro.disconnect(); plot.destroy(); },
  };
}
