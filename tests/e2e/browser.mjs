// Headless Debian Chromium through playwright-core: fresh profile, loopback only, problems logged.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launch Chromium on a throw-away profile; every request off `origin` is blocked and recorded. */
export async function openBrowser(origin, viewport = { width: 1280, height: 900 }) {
  const profile = mkdtempSync(join(tmpdir(), "nexus-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport,
    colorScheme: "light", serviceWorkers: "block",
  });
  const problems = { console: [], page: [], offsite: [], failed: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    problems.offsite.push(url);
    return route.abort();
  });
  context.on("page", (page) => watch(page, problems));
  for (const page of context.pages()) watch(page, problems);
  return {
    context, problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, problems) {
  page.on("console", (m) => { if (m.type() === "error") problems.console.push(m.text()); });
  page.on("pageerror", (e) => problems.page.push(String(e)));
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText || "";
    if (!/ERR_ABORTED/.test(why)) problems.failed.push(`${r.url()} ${why}`); // aborted: closed streams
  });
}

/** Expected 4xx responses (token checks, 409 "not anchored yet") show in the console as errors; keep the rest. */
export function unexpectedConsole(lines) {
  return lines.filter((l) => !/status of 40[139]/.test(l));
}
