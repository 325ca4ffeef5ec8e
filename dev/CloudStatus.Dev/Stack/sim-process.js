// A supervised process of the dev stack (issue 12): listens on 127.0.0.1:<port>, answers GET / with 200 while healthy,
// exits with code 3 on POST /crash, and stops answering (holds every request) on POST /hang, so its probe fails.
'use strict';
const http = require('node:http');

const port = Number(process.argv[2]);
const name = process.argv[3] || 'process';
let hung = false;

const server = http.createServer((req, res) => {
  if (hung) {
    return; // held until the supervisor kills this process as hung
  }
  if (req.method === 'POST' && req.url === '/crash') {
    res.writeHead(202).end('crashing\n', () => process.exit(3));
    return;
  }
  if (req.method === 'POST' && req.url === '/hang') {
    hung = true;
    res.writeHead(202).end('hanging\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`${name} ok\n`);
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
