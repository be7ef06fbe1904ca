// Dashboard entry: mounts one module per view, then follows the node's event stream.
import { get, route, setToken, takeTokenFromHash, token } from "./api.js";
import { errorBox, render } from "./dom.js";
import { connect } from "./events.js";

const VIEWS = ["chain", "alerts", "watched", "provenance", "oracle", "markets", "insurance", "disputes", "governance",
  "identity", "avatar", "defi", "aiservices", "scanner", "game", "fl", "xchain", "nft"];

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
  connect(`${route("events")}?since=${since}`, (state) => {
    el.dataset.state = state;
    el.textContent = labels[state] || state;
    document.dispatchEvent(new CustomEvent("nexus:conn", { detail: state }));
  });
}

async function main() {
  takeTokenFromHash();
  tokenDialog();
  let since;
  try {
    since = (await get(`${route("recentEvents")}?limit=1`)).last_id; // the stream replays what follows
  } catch (err) {
    for (const name of VIEWS) render(document.querySelector(`#${name} .body`), errorBox(err));
    // a node that wants the token for reads: start again once it is given
    if (err.status === 401 || err.status === 403) document.addEventListener("nexus:token", () => location.reload(), { once: true });
    return;
  }
  await Promise.all(VIEWS.map(async (name) => {
    const el = document.querySelector(`#${name} .body`);
    try {
      const view = await import(`./views/${name}.js`);
      await view.mount(el);
    } catch (err) {
      console.error(name, err);
      render(el, errorBox(err));
    }
  }));
  connection(since); // after the views registered their handlers; replays events since `since`
  document.body.dataset.ready = "yes";
}

main();
