#!/usr/bin/env node
// Runs one of Azurite's services (`table` or `queue`, the first argument; the azurite package's own CLI for it) with
// the remaining arguments, and stops it on SIGTERM/SIGINT and, with --exit-with-stdin (the test fixtures pass it),
// when this process's stdin closes, so a test run that dies leaves no emulator behind.
"use strict";

const { spawn } = require("child_process");
const path = require("path");

const [service, ...args] = process.argv.slice(2);
if (service !== "table" && service !== "queue") {
  console.error(`azurite-service.js: the first argument is the service, table or queue (was ${service})`);
  process.exit(2);
}
const main = path.join(__dirname, "node_modules", "azurite", "dist", "src", service, "main.js");
const exitWithStdin = args.includes("--exit-with-stdin");
const child = spawn(process.execPath, [main, ...args.filter((a) => a !== "--exit-with-stdin")], { stdio: ["ignore", "inherit", "inherit"] });

const stop = () => {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
  }
};
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (exitWithStdin) {
  process.stdin.on("end", stop);
  process.stdin.resume();
}
