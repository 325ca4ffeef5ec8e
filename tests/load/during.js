'use strict'
// Readers on the API for as long as a fault scenario runs: one autocannon instance per URL, all at once, until the
// caller closes this process's standard input; then one JSON array of autocannon's results (in the URLs' order).
// Usage: node during.js <bearer-token> <connections-per-url> <url>...
const autocannon = require('autocannon')

const [token, connections, ...urls] = process.argv.slice(2)
if (!token || !(Number(connections) > 0) || urls.length === 0) {
  console.error('usage: node during.js <bearer-token> <connections-per-url> <url>...')
  process.exit(2)
}

const results = new Array(urls.length)
let pending = urls.length
const instances = urls.map((url, i) => autocannon({
  url,
  connections: Number(connections),
  // Far longer than any scenario: the caller ends the run.
  duration: 600,
  headers: { authorization: 'Bearer ' + token }
}, (error, result) => {
  if (error) {
    console.error(String(error))
    process.exit(1)
  }

  results[i] = result
  if (--pending === 0) {
    process.stdout.write(JSON.stringify(results))
  }
}))

process.stdin.on('end', () => instances.forEach(instance => instance.stop()))
process.stdin.resume()
