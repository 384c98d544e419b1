// Prints the gzipped size of the JavaScript the first page load fetches (the entry script
// and the modules index.html preloads) and of each lazily loaded chunk; fails above the
// budget of 350 KB.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = new Set(
  [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]),
);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
let total = 0;
for (const file of first) {
  const size = gz(file);
  total += size;
  console.log(`first load  ${(size / 1024).toFixed(1).padStart(7)} KB  ${file}`);
}
const lazy = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !first.has(`assets/${f}`))
  .map((f) => [f, gz(`assets/${f}`)])
  .sort((a, b) => b[1] - a[1]);
for (const [file, size] of lazy.slice(0, 12)) {
  console.log(`lazy        ${(size / 1024).toFixed(1).padStart(7)} KB  assets/${file}`);
}
const kb = total / 1024;
console.log(`FIRST LOAD JS (gzipped): ${kb.toFixed(1)} KB (budget 350 KB)`);
if (kb > 350) {
  console.error('over the first-load budget');
  process.exit(1);
}
