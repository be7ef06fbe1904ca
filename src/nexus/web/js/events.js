// The node's live event stream (SSE at /events): one EventSource, handlers by event kind. With an
// API token the stream is read with fetch instead (EventSource cannot send the Authorization
// header, and a node bound off loopback wants it on reads too); same events, same resumption.
import { token } from "./api.js";

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
  const report = onState || (() => {});
  if (token()) return fetchStream(url, report);
  const source = new EventSource(url);
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

/** An EventSource look-alike over fetch, sending the token; reconnects after `retry` ms with
 * Last-Event-ID, like the browser's own. Handlers are looked up per message. */
function fetchStream(url, report) {
  const source = { addEventListener() {}, close() { this.closed = true; ctrl?.abort(); }, closed: false };
  let ctrl = null;
  let lastId = null;
  let retry = 2000;
  sources.push(source);

  function deliver(kind, data, id) {
    if (id !== null) lastId = id;
    if (handlers.has(kind)) dispatch(kind, { data, lastEventId: id ?? lastId ?? "0" });
  }

  async function run() {
    while (!source.closed) {
      ctrl = new AbortController();
      const headers = { Accept: "text/event-stream", Authorization: `Bearer ${token()}` };
      if (lastId !== null) headers["Last-Event-ID"] = lastId;
      try {
        const resp = await fetch(url, { headers, signal: ctrl.signal, cache: "no-store" });
        if (!resp.ok || !resp.body) throw new Error(`HTTP ${resp.status}`);
        report("live");
        const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "", kind = "message", data = [], id = null;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl;
          while ((nl = buf.search(/\r\n|\n|\r/)) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + (buf.startsWith("\r\n", nl) ? 2 : 1));
            if (line === "") { // end of one event
              if (data.length) deliver(kind, data.join("\n"), id);
              kind = "message"; data = []; id = null;
              continue;
            }
            if (line.startsWith(":")) continue; // a comment (keep-alive)
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") kind = val;
            else if (field === "data") data.push(val);
            else if (field === "id") id = val;
            else if (field === "retry" && /^\d+$/.test(val)) retry = Number(val);
          }
        }
      } catch (err) {
        if (source.closed) return;
      }
      if (source.closed) return;
      report("connecting");
      await new Promise((r) => setTimeout(r, retry));
    }
  }
  run();
  return source;
}
