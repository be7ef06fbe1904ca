// An ethers v6 client against a node's /rpc: deploy, call, send, read events, revert reasons,
// and WebSocket subscriptions (newHeads through provider.on("block"), logs through contract.on).
// Input: one JSON object on stdin {url, wsUrl, token, key, abi, bytecode, chainId}. Output: one
// JSON object of what it saw, on stdout. Run with NODE_PATH pointing at a node_modules with ethers.
"use strict";
const { ethers } = require("ethers");
const WebSocket = require("ws");

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, no) => setTimeout(() => no(new Error(`timeout: ${what}`)), ms))]);
}

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const auth = `Bearer ${input.token}`;
  const req = new ethers.FetchRequest(input.url);
  req.setHeader("Authorization", auth);
  // cacheTimeout -1: ethers shares identical requests for 250 ms by default, which hands an
  // automining chain's next transaction the previous nonce (the same happens against anvil)
  const provider = new ethers.JsonRpcProvider(req, input.chainId, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const wallet = new ethers.Wallet(input.key, provider);
  const out = { chainId: Number((await provider.getNetwork()).chainId) };

  const factory = new ethers.ContractFactory(input.abi, input.bytecode, wallet);
  const box = await factory.deploy(41);
  await box.waitForDeployment();
  out.address = await box.getAddress();
  out.initial = Number(await box.value());
  out.code = await provider.getCode(out.address);

  const tx = await box.store(7);
  const receipt = await tx.wait();
  out.storeStatus = receipt.status;
  out.storeHash = receipt.hash;
  out.parsed = receipt.logs.map((l) => box.interface.parseLog(l)).map((e) => [e.name, e.args.who, Number(e.args.value)]);
  const events = await box.queryFilter(box.filters.Stored(wallet.address), 0, "latest");
  out.events = events.map((e) => [e.transactionHash, Number(e.args.value)]);
  out.after = Number(await box.value());
  try {
    await box.store.staticCall(13);
    out.revert = null;
  } catch (e) {
    out.revert = e.reason ?? e.shortMessage ?? String(e);
  }
  const other = ethers.Wallet.createRandom().address;
  const sent = await wallet.sendTransaction({ to: other, value: 12345n });
  const sentReceipt = await sent.wait();
  out.transfer = { status: sentReceipt.status, balance: String(await provider.getBalance(other)) };
  const fetched = await provider.getTransaction(sent.hash);
  out.fetched = { from: fetched.from, to: fetched.to, nonce: fetched.nonce, type: fetched.type };
  const block = await provider.getBlock(sentReceipt.blockNumber);
  out.blockHasTx = block.transactions.includes(sent.hash);

  // WebSocket: the same node, token in the handshake (a node off loopback needs it for reads)
  const ws = new ethers.WebSocketProvider(() => new WebSocket(input.wsUrl, { headers: { Authorization: auth } }),
                                          input.chainId, { staticNetwork: true });
  const wsBox = new ethers.Contract(out.address, input.abi, ws);
  const start = await ws.getBlockNumber();
  const blocks = [];
  const gotBlocks = new Promise((resolve) => ws.on("block", (n) => { blocks.push(n); if (blocks.length >= 2) resolve(); }));
  const gotEvent = new Promise((resolve) => wsBox.on("Stored", (who, value) => resolve([who, Number(value)])));
  await new Promise((r) => setTimeout(r, 300)); // the subscriptions are sent
  await (await box.store(8)).wait();
  await (await box.store(9)).wait();
  await withTimeout(gotBlocks, 15000, "newHeads");
  out.wsEvent = await withTimeout(gotEvent, 15000, "logs");
  out.wsBlocks = blocks.slice(0, 2);
  out.wsStart = start;
  await ws.destroy();
  provider.destroy();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
