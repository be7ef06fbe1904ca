#!/usr/bin/env node
// Compile OZGovernance.sol with the pinned solc-js (node_modules/solc-0.8.26), resolving
// @openzeppelin/contracts imports from the directory given as the first argument. Offline.
// Prints {name: {abi, bytecode}} for OZToken, OZTimelock and OZGovernor as JSON on stdout.
"use strict";
const fs = require("fs");
const path = require("path");

const [ozDir, solcDir] = process.argv.slice(2);
const solc = require(solcDir);
const main = path.join(__dirname, "OZGovernance.sol");
const input = {
  language: "Solidity",
  sources: { "OZGovernance.sol": { content: fs.readFileSync(main, "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "OZGovernance.sol": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
function read(p) {
  const prefix = "@openzeppelin/contracts/";
  const file = p.startsWith(prefix) ? path.join(ozDir, p.slice(prefix.length)) : p;
  return fs.existsSync(file) ? { contents: fs.readFileSync(file, "utf8") } : { error: `not found: ${p}` };
}
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: read }));
const errors = (out.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  process.stderr.write(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const result = {};
for (const [name, c] of Object.entries(out.contracts["OZGovernance.sol"])) {
  result[name] = { abi: c.abi, bytecode: c.evm.bytecode.object, compiler: `solc-${solc.version()}` };
}
process.stdout.write(JSON.stringify(result), () => process.exit(0));
