#!/usr/bin/env node
// Runs Azurite's Table service (the azurite package's own CLI) with the given arguments and stops it when this
// process's stdin closes or on SIGTERM/SIGINT, so a test run that dies leaves no emulator behind.
"use strict";

const { spawn } = require("child_process");
const path = require("path");

const main = path.join(__dirname, "node_modules", "azurite", "dist", "src", "table", "main.js");
const child = spawn(process.execPath, [main, ...process.argv.slice(2)], { stdio: ["ignore", "inherit", "inherit"] });

const stop = () => {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
  }
};
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();
