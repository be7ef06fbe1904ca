// ESLint flat config for the dashboard's browser ES modules (src/nexus/web/js); `make lint` runs it.
// Vendored files (src/nexus/web/vendor) are not ours to lint.
const js = require("@eslint/js");

// The browser globals the dashboard uses (no `globals` package: one list, kept here).
const BROWSER = [
  "window", "document", "location", "history", "navigator", "localStorage", "sessionStorage", "console",
  "fetch", "Headers", "Request", "Response", "URL", "URLSearchParams", "Blob", "File", "FileReader", "FormData",
  "EventSource", "AbortController", "ResizeObserver", "MutationObserver", "IntersectionObserver",
  "CustomEvent", "Event", "EventTarget", "HTMLElement", "Element", "Node", "getComputedStyle",
  "setTimeout", "clearTimeout", "setInterval", "clearInterval", "requestAnimationFrame", "cancelAnimationFrame",
  "queueMicrotask", "performance", "crypto", "TextEncoder", "TextDecoder", "TextDecoderStream", "structuredClone",
  "matchMedia",
  "alert", "confirm",
];

module.exports = [
  { ignores: ["src/nexus/web/vendor/**"] },
  {
    files: ["src/nexus/web/js/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: Object.fromEntries(BROWSER.map((name) => [name, "readonly"])),
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
