// The first-load JavaScript budget: 350 KB gzipped for each first screen.
//
// Two first screens are measured, from Vite's manifest (dist/.vite/manifest.json):
// - the login page: the entry script and every chunk it imports statically (what index.html
//   loads and preloads);
// - the home page after login (what needs me), the first screen a user lands on: the same,
//   plus the Shell and Home route chunks with everything they import statically, plus the
//   chunks they import dynamically on their first render (FIRST_RENDER below; none today, the
//   browser check in e2e/run.mjs fails if the browser fetches a script not counted here);
// - the inbox, the first screen of someone following a link to it: the same with Inbox.
//
// Prints each figure with its files, the largest lazily loaded chunks, and writes the file
// lists to dist/.vite/first-load.json for that browser check. Fails above the budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_KB = 350;
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

/** Route modules whose chunks the home page after login needs, with the entry. */
const HOME_ROUTE = ['src/pages/Shell.tsx', 'src/pages/Home.tsx'];
/** Route modules whose chunks the inbox needs, with the entry. */
const INBOX_ROUTE = ['src/pages/Shell.tsx', 'src/pages/Inbox.tsx'];
/** Modules imported dynamically that load on the first render of those routes (for a Vietnamese user). */
const FIRST_RENDER = [];

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
if (!entryKey) throw new Error('no index.html entry in the manifest (is build.manifest on?)');
for (const key of [...HOME_ROUTE, ...INBOX_ROUTE, ...FIRST_RENDER]) {
  if (!manifest[key]) throw new Error(`${key} is not a chunk of the build (renamed? update scripts/size.mjs)`);
}

/** The JavaScript files of `keys` and of everything they import statically. */
function staticClosure(keys) {
  const seen = new Set();
  const files = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return files;
}

// What index.html itself names (entry and modulepreload links), as a cross-check of the manifest.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const htmlScripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);

const login = staticClosure([entryKey]);
for (const f of htmlScripts) login.add(f);
const home = new Set([...login, ...staticClosure([...HOME_ROUTE, ...FIRST_RENDER])]);
const inbox = new Set([...login, ...staticClosure([...INBOX_ROUTE, ...FIRST_RENDER])]);

const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return sizes.get(file);
};
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const total = (files) => [...files].reduce((sum, f) => sum + gz(f), 0);

function report(title, files) {
  console.log(`${title}:`);
  for (const f of [...files].sort((a, b) => gz(b) - gz(a))) console.log(`  ${kb(gz(f))} KB  ${f}`);
}
report('login page', login);
report('home page after login (adds to the login page)', [...home].filter((f) => !login.has(f)));
report('inbox (adds to the login page)', [...inbox].filter((f) => !login.has(f)));

const all = new Set(Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js')));
const lazy = [...all].filter((f) => !home.has(f) && !inbox.has(f)).sort((a, b) => gz(b) - gz(a));
console.log('largest lazily loaded chunks:');
for (const f of lazy.slice(0, 12)) console.log(`  ${kb(gz(f))} KB  ${f}`);

writeFileSync(
  join(dist, '.vite/first-load.json'),
  JSON.stringify({ budgetKB: BUDGET_KB, login: [...login], home: [...home], inbox: [...inbox] }, null, 2),
);

const figures = [
  ['login page', total(login)],
  ['home page after login', total(home)],
  ['inbox', total(inbox)],
];
let over = false;
for (const [name, bytes] of figures) {
  console.log(`FIRST LOAD JS (gzipped), ${name}: ${(bytes / 1024).toFixed(1)} KB (budget ${BUDGET_KB} KB)`);
  if (bytes / 1024 > BUDGET_KB) over = true;
}
if (over) {
  console.error('over the first-load budget');
  process.exit(1);
}
