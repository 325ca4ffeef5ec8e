#!/usr/bin/env node
// Starts the Cosmos DB API server (@vercel/cosmosdb-server) over HTTPS with the package's own self-signed
// certificate, on the given host and port (port 0 = any free port), and prints one line
//   "Ready to accept HTTPS connections at <host>:<port>"
// that the test fixture waits for and reads the port from. By hand: node tests/emulators/cosmosdb-server.js --port 8081
//
// One fix is applied before the server loads its routes: a point read of a missing item must answer
// 404 NotFound, as Cosmos DB does; version 1.0.1 throws a TypeError on the null item and answers 500.
"use strict";

const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const { parsePartitionKey } = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");

const originalReadDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  if (collection.read()) {
    const header = req.headers["x-ms-documentdb-partitionkey"];
    const partitionKey = parsePartitionKey(Array.isArray(header) ? header[0] : header, params.docId);
    if (!collection.document(params.docId, partitionKey).read()) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return originalReadDocument(account, req, res, params);
};

const { createHttpsServer } = require("@vercel/cosmosdb-server");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = option("--host", "127.0.0.1");
const port = parseInt(option("--port", "0"), 10);

const server = createHttpsServer();
server.on("error", (err) => {
  console.error(`cosmosdb-server failed: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`Ready to accept HTTPS connections at ${host}:${server.address().port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// With --exit-with-stdin (the test fixtures pass it) the server also exits when stdin closes, which happens when
// the fixture stops it and when the test process dies, so no emulator outlives a test run.
if (args.includes("--exit-with-stdin")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}
