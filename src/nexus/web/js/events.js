// The node's live event stream (SSE at /events): one EventSource, handlers by event kind.
const handlers = new Map(); // kind -> Set(fn)
const sources = [];

function dispatch(kind, msg) {
  let data;
  try { data = JSON.parse(msg.data); } catch { return; }
  for (const fn of handlers.get(kind) || []) {
    try { fn(data, { id: Number(msg.lastEventId), kind }); } catch (err) { console.error(err); }
  }
}

function listen(source, kind) {
  source.addEventListener(kind, (msg) => dispatch(kind, msg));
}

/** Subscribe `fn(data, meta)` to events of `kind` from every open stream. */
export function on(kind, fn) {
  if (!handlers.has(kind)) {
    handlers.set(kind, new Set());
    for (const s of sources) listen(s, kind);
  }
  handlers.get(kind).add(fn);
  return () => handlers.get(kind).delete(fn);
}

/** Open a stream (EventSource reconnects by itself, resuming with Last-Event-ID). */
export function connect(url = "/events", onState = null) {
  const source = new EventSource(url);
  const report = onState || (() => {});
  source.onopen = () => report("live");
  source.onerror = () => report(source.readyState === EventSource.CLOSED ? "down" : "connecting");
  for (const kind of handlers.keys()) listen(source, kind);
  sources.push(source);
  return source;
}

/** Feed an event in as if it came from a stream (initial history loaded over HTTP). */
export function replay(kind, data) {
  dispatch(kind, { data: JSON.stringify(data), lastEventId: "0" });
}
