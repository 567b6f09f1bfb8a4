// Tests of the checks themselves: a validator that passes everything is
// worthless, so each must reject a known-bad document and accept a good one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';

import { checkAPI, checkDCAT, engines, graphOf, profiles, profileValidators, shacl, validate, withList } from './lib.mjs';

const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));

const context = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

// good is a small catalogue with everything typed, as catalog.jsonld is.
function good() {
  const lang = { '@id': 'http://publications.europa.eu/resource/authority/language/FRA', '@type': 'dct:LinguisticSystem' };
  const publisher = { '@id': 'https://example.org/#publisher', '@type': 'foaf:Agent', 'foaf:name': 'Example' };
  return {
    '@context': context,
    '@id': 'https://example.org/#catalogue',
    '@type': 'dcat:Catalog',
    'dct:title': { '@value': 'Catalogue', '@language': 'fr' },
    'dct:description': { '@value': 'Un catalogue.', '@language': 'fr' },
    'dct:publisher': publisher,
    'dct:language': lang,
    'foaf:homepage': { '@id': 'https://example.org/', '@type': 'foaf:Document' },
    'dcat:dataset': {
      '@id': 'https://example.org/a/#dataset',
      '@type': 'dcat:Dataset',
      'dct:title': { '@value': 'A', '@language': 'fr' },
      'dct:description': { '@value': 'Les A.', '@language': 'fr' },
      'dct:language': lang,
      'dcat:contactPoint': { '@type': 'vcard:Kind', 'vcard:fn': 'Example' },
      'dcat:distribution': {
        '@id': 'https://example.org/a.csv',
        '@type': 'dcat:Distribution',
        'dcat:accessURL': { '@id': 'https://example.org/a.csv' },
        'dct:format': { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV', '@type': 'dct:MediaTypeOrExtent' },
        'dcat:mediaType': { '@id': 'https://www.iana.org/assignments/media-types/text/csv', '@type': 'dct:MediaType' },
        'dcat:byteSize': { '@value': '12', '@type': 'xsd:nonNegativeInteger' },
      },
    },
  };
}

async function violations(doc, profile, engine) {
  return (await shacl(await graphOf(doc), byName[profile], engine)).filter((r) => r.severity === 'Violation');
}

// Each engine is tested alone: one that found nothing would otherwise
// hide behind the other.
for (const engine of engines) {
  test(`${engine}: a typed catalogue passes the base, range and full profiles`, async () => {
    for (const p of ['base', 'range', 'full']) {
      assert.deepEqual(await violations(good(), p, engine), [], p);
    }
  });

  test(`${engine}: a catalogue without a title fails the base and full profiles`, async () => {
    const doc = good();
    delete doc['dct:title'];
    for (const p of ['base', 'full']) {
      const v = await violations(doc, p, engine);
      assert.ok(v.some((r) => r.focus === 'https://example.org/#catalogue' && r.path === 'http://purl.org/dc/terms/title'), `${p}: ${JSON.stringify(v)}`);
    }
  });

  test(`${engine}: untyped objects fail the range and full profiles`, async () => {
    const doc = good();
    doc['dct:language'] = { '@id': 'http://publications.europa.eu/resource/authority/language/FRA' };
    doc['dcat:dataset']['dct:language'] = { '@id': 'http://publications.europa.eu/resource/authority/language/FRA' };
    doc['dcat:dataset']['dcat:distribution']['dct:format'] = { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' };
    const range = await violations(doc, 'range', engine);
    assert.ok(range.some((r) => r.path === 'http://purl.org/dc/terms/format' && r.value === 'http://publications.europa.eu/resource/authority/file-type/CSV'), JSON.stringify(range));
    assert.ok(range.some((r) => r.path === 'http://purl.org/dc/terms/language'), JSON.stringify(range));
    const full = await violations(doc, 'full', engine);
    assert.ok(full.length > 0, 'the full profile accepts untyped objects');
  });

  test(`${engine}: a distribution without an access URL fails the base profile`, async () => {
    const doc = good();
    delete doc['dcat:dataset']['dcat:distribution']['dcat:accessURL'];
    const v = await violations(doc, 'base', engine);
    assert.ok(v.some((r) => r.path === 'http://www.w3.org/ns/dcat#accessURL'), JSON.stringify(v));
  });

  test(`${engine}: a recommended property missing is a warning of the recommended profile`, async () => {
    const results = await shacl(await graphOf(good()), byName.recommended, engine);
    assert.ok(results.some((r) => r.severity === 'Warning' && r.focus === 'https://example.org/a/#dataset' && r.path === 'http://www.w3.org/ns/dcat#theme'), JSON.stringify(results));
  });
}

test('checkDCAT runs every profile with every engine', async () => {
  const doc = good();
  delete doc['dct:title'];
  const { failures, counts } = await checkDCAT('catalog.jsonld', doc);
  for (const engine of engines) {
    assert.ok(failures.some((f) => f.startsWith('catalog.jsonld: base Violation: focus https://example.org/#catalogue, path http://purl.org/dc/terms/title') && f.endsWith(`[${engine}]`)), `${engine}: ${failures.join('\n')}`);
    for (const p of profiles) assert.equal(typeof counts[p.name][engine], 'number', `${p.name} ${engine}: ${JSON.stringify(counts)}`);
    assert.ok(counts.base[engine] > 0, `base ${engine}: ${JSON.stringify(counts)}`);
  }
});

test('checkDCAT names the profile, focus, path and value of a failure', async () => {
  const doc = good();
  doc['dcat:dataset']['dcat:distribution']['dct:format'] = { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' };
  const { failures } = await checkDCAT('catalog.jsonld', doc);
  const line = failures.find((f) => f.includes('range Violation'));
  assert.match(line, /^catalog\.jsonld: range Violation: focus https:\/\/example\.org\/a\.csv, path http:\/\/purl\.org\/dc\/terms\/format, value http:\/\/publications\.europa\.eu\/resource\/authority\/file-type\/CSV, shape \S+ .*MediaTypeOrExtent/);
});

test('a remote JSON-LD context is refused, not fetched', async () => {
  const doc = { ...good(), '@context': 'https://example.org/context.jsonld' };
  const { failures } = await checkDCAT('catalog.jsonld', doc);
  assert.match(failures[0], /refusing to fetch https:\/\/example\.org\/context\.jsonld/);
});

test('a key the context does not define is an error (safe mode)', async () => {
  const doc = { ...good(), title: 'dropped' };
  const { failures } = await checkDCAT('catalog.jsonld', doc);
  assert.match(failures[0], /^catalog\.jsonld: JSON-LD: /);
});

function pkg(field) {
  return {
    name: 'p',
    resources: [{ name: 'a', path: 'a.csv', type: 'table', schema: { fields: [{ name: 'id', type: 'string' }, field] } }],
  };
}

test('the Data Package profile takes Table Schema v2 list fields, and only well-formed ones', () => {
  const { datapackage } = profileValidators();
  const list = { name: 'themes', type: 'list', delimiter: ' | ', itemType: 'string' };
  assert.deepEqual(validate(datapackage, 'datapackage.json', pkg(list)), []);
  const bad = validate(datapackage, 'datapackage.json', pkg({ ...list, itemType: 'object' }));
  assert.ok(bad.length > 0, 'a list of objects is accepted');
  assert.ok(bad.some((f) => f.startsWith('datapackage.json: /resources/0/schema/fields/1')), bad.join('\n'));
  const missing = validate(datapackage, 'datapackage.json', { resources: [] });
  assert.ok(missing.some((f) => f.includes("must have required property 'name'") || f.includes('must NOT have fewer')), missing.join('\n'));
});

test('without the list field the official profile rejects a list field', async () => {
  const { default: Ajv } = await import('ajv');
  const profile = JSON.parse(fs.readFileSync(new URL('./profiles/datapackage.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, validateFormats: false });
  const list = { name: 'themes', type: 'list', delimiter: ' | ', itemType: 'string' };
  assert.equal(ajv.validate(profile, pkg(list)), false);
  assert.equal(new Ajv({ strict: false, validateFormats: false }).validate(withList(profile), pkg(list)), true);
});

test('checkAPI names the file, the path and the value of a bad JSON file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opendata-'));
  try {
    const api = path.join(dir, 'api', 'v1');
    fs.mkdirSync(path.join(api, 'schemas'), { recursive: true });
    fs.mkdirSync(path.join(api, 'things'));
    const base = 'https://example.org/api/v1/';
    fs.writeFileSync(path.join(api, 'schemas', 'thing.schema.json'), JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema', $id: base + 'schemas/thing.schema.json',
      type: 'object', properties: { id: { type: 'string', pattern: '^T[0-9]+$' } }, required: ['id'],
    }));
    fs.writeFileSync(path.join(api, 'schemas', 'redirect.schema.json'), JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema', $id: base + 'schemas/redirect.schema.json', type: 'object',
    }));
    fs.writeFileSync(path.join(api, 'catalogue.json'), JSON.stringify({
      url: 'https://example.org/', redirects: [],
      collections: [{ kind: 'thing', collection: 'things', schema: base + 'schemas/thing.schema.json' }],
    }));
    fs.writeFileSync(path.join(api, 'things', 'T1.json'), JSON.stringify({ id: 'T1' }));
    fs.writeFileSync(path.join(api, 'things', 'T2.json'), JSON.stringify({ id: 'X2' }));
    const { failures, count } = await checkAPI(dir);
    assert.equal(count, 5);
    assert.equal(failures.length, 2, failures.join('\n'));
    assert.match(failures.find((f) => f.includes('T2.json')), /^api\/v1\/things\/T2\.json: \/id: must match pattern .* value "X2"/);
    // catalogue.json names no $schema and is not an entry file.
    assert.match(failures.find((f) => f.includes('catalogue.json')), /no schema to check it against/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The Go tests pin the DCAT graph as N-Triples (generator/export/testdata/
// catalog.nt) through a small reader of the JSON-LD the export writes; a
// real JSON-LD processor must read the same graph from the same file.
test('jsonld reads the graph the Go golden file pins', async () => {
  const testdata = new URL('../../generator/export/testdata/', import.meta.url);
  const archive = fs.readFileSync(new URL('golden.txtar', testdata), 'utf8');
  const start = archive.indexOf('\n-- /api/v1/catalog.jsonld --\n');
  assert.ok(start >= 0, 'golden.txtar has no catalog.jsonld');
  const body = archive.slice(start).split('\n-- ')[1].replace(/^[^\n]*\n/, '');
  const quads = await graphOf(JSON.parse(body));
  // Blank nodes are labelled differently by each reader: compare without
  // their labels.
  const anon = (line) => line.replace(/_:[A-Za-z0-9]+/g, '_:');
  const nt = (t) => (t.termType === 'NamedNode' ? `<${t.value}>` : t.termType === 'BlankNode' ? '_:' : null);
  const esc = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const obj = (o) => {
    if (o.termType !== 'Literal') return nt(o);
    const dt = o.datatype.value;
    if (o.language) return `"${esc(o.value)}"@${o.language}`;
    return dt === 'http://www.w3.org/2001/XMLSchema#string' ? `"${esc(o.value)}"` : `"${esc(o.value)}"^^<${dt}>`;
  };
  const got = [...new Set(quads.map((q) => `${nt(q.subject)} <${q.predicate.value}> ${obj(q.object)} .`))].sort();
  const want = [...new Set(fs.readFileSync(new URL('catalog.nt', testdata), 'utf8').trim().split('\n').map(anon))].sort();
  assert.deepEqual(got, want);
});
