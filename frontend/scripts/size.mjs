// Reports the gzipped size of the JavaScript the first page load fetches (the entry chunk and the
// chunks index.html preloads) and fails above the 250 KB budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of files) {
  const gz = gzipSync(readFileSync(path.join(dist, file))).length;
  total += gz;
  console.log(`${file}: ${(gz / 1024).toFixed(1)} KB gzipped`);
}
const budget = 250 * 1024;
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget 250 KB)`);
if (total > budget) {
  console.error('initial JavaScript is over budget');
  process.exit(1);
}
