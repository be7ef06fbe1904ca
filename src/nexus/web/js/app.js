// Dashboard entry: reads the node's OpenAPI to see what it offers, mounts one module per view.
import { get, openapi, setToken, takeTokenFromHash, token } from "./api.js";
import { errorBox, render } from "./dom.js";
import { connect } from "./events.js";

const VIEWS = ["chain", "alerts", "provenance", "oracle", "markets", "governance", "scanner"];

function tokenDialog() {
  const button = document.getElementById("token-open");
  const dialog = document.getElementById("token-dialog");
  const form = document.getElementById("token-form");
  const show = () => {
    button.dataset.hasToken = token() ? "yes" : "no";
    button.textContent = token() ? "API token ✓" : "API token";
  };
  button.addEventListener("click", () => { form.token.value = token(); dialog.showModal(); });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save") setToken(form.token.value);
    if (dialog.returnValue === "clear") setToken("");
    form.token.value = "";
  });
  document.addEventListener("nexus:token", show);
  show();
}

function connection(since) {
  const el = document.getElementById("conn");
  const labels = { live: "live", connecting: "reconnecting…", down: "offline" };
  connect(`/events?since=${since}`, (state) => {
    el.dataset.state = state;
    el.textContent = labels[state] || state;
    document.dispatchEvent(new CustomEvent("nexus:conn", { detail: state }));
  });
}

async function main() {
  takeTokenFromHash();
  tokenDialog();
  let spec, since;
  try {
    spec = await openapi();
    since = (await get("/events/recent?limit=1")).last_id; // the stream replays what follows
  } catch (err) {
    for (const name of VIEWS) render(document.querySelector(`#${name} .body`), errorBox(err));
    return;
  }
  await Promise.all(VIEWS.map(async (name) => {
    const el = document.querySelector(`#${name} .body`);
    try {
      const view = await import(`./views/${name}.js`);
      await view.mount(el, spec);
    } catch (err) {
      console.error(name, err);
      render(el, errorBox(err));
    }
  }));
  connection(since); // after the views registered their handlers; replays events since `since`
  document.body.dataset.ready = "yes";
}

main();
