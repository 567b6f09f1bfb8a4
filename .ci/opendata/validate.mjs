// Usage: node validate.mjs PUBLIC
//
// Validates the open data of the site built in PUBLIC (see lib.mjs) and
// prints one line per failure, naming the file, the shape or path and the
// value; exits 1 if there is any.
import fs from 'node:fs';
import path from 'node:path';

import { checkAPI, checkDCAT } from './lib.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node validate.mjs PUBLIC');
  process.exit(2);
}
const dcatFile = path.join('api', 'v1', 'catalog.jsonld');
const dcat = await checkDCAT(dcatFile, JSON.parse(fs.readFileSync(path.join(dir, dcatFile), 'utf8')));
const api = await checkAPI(dir);
const failures = [...dcat.failures, ...api.failures];
for (const n of dcat.notes) console.log(n);
for (const f of failures) console.log(f);
const c = dcat.counts;
const byEngine = (p) => Object.entries(c[p] || {}).map(([e, n]) => `${n} (${e})`).join(', ');
console.log(`${dcatFile}: ${c.triples} triples; DCAT-AP 3.0.1 results: base ${byEngine('base')}; range ${byEngine('range')}; full ${byEngine('full')}; recommended ${byEngine('recommended')}`);
console.log(`api/v1: ${api.count} JSON files checked against their schemas, ${api.failures.length} failures`);
if (failures.length > 0) {
  console.log(`FAIL: ${failures.length} failures`);
  process.exit(1);
}
console.log('ok: the open data passes every check');
