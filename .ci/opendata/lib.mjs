// The checks of a built catalogue's open data, as a reuser or an open-data
// portal would run them: catalog.jsonld against the official DCAT-AP 3.0.1
// SHACL shapes, datapackage.json and every Table Schema against the Data
// Package 2.0 profiles, every other JSON file of the API against the schema
// the project publishes for it. Everything is read from disk: no check
// fetches anything, so a remote JSON-LD context or an owl:imports fails
// instead of reaching the network.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import dataModel from '@rdfjs/data-model';
import datasetFactory from '@rdfjs/dataset';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { Validator as EngineValidator } from 'shacl-engine';

const here = path.dirname(fileURLToPath(import.meta.url));

// The DCAT-AP 3.0.1 profiles, as the EU Interoperability Test Bed runs them
// (without background knowledge), each run by two independent SHACL
// engines: rdf-validate-shacl (a port of TopBraid's SHACL-JS) and
// shacl-engine (rdf-ext's own implementation). The issue asked for
// pySHACL as the second one, which Debian does not package; shacl-engine
// installs from npm like the rest. A violation fails the check; a warning
// of the recommended profile fails it too, unless it is listed in
// allowedWarnings with the reason the data cannot answer it.
export const profiles = [
  { name: 'base', file: 'shapes/html_shacl_shapes.ttl' },
  { name: 'range', file: 'shapes/html_shacl_range.ttl' },
  { name: 'full', file: 'shapes/shacl_dcat-ap-SHACL.ttl' },
  { name: 'recommended', file: 'shapes/html_shacl_shapes_recommended.ttl' },
];

// allowedWarnings are the recommended profile's warnings that the
// catalogue's data cannot answer, each with the reason. A warning matches
// when its path is path and its focus node matches focus.
export const allowedWarnings = [
  {
    focus: /^http:\/\/publications\.europa\.eu\/resource\/authority\/country\/[A-Z]{3}$/,
    path: 'http://www.w3.org/ns/dcat#bbox',
    reason: "a country's geometry belongs to the EU country authority the dct:spatial value names, not to the catalogue",
  },
  {
    focus: /^http:\/\/publications\.europa\.eu\/resource\/authority\/country\/[A-Z]{3}$/,
    path: 'http://www.w3.org/ns/dcat#centroid',
    reason: "a country's geometry belongs to the EU country authority the dct:spatial value names, not to the catalogue",
  },
  {
    focus: /\/iop\/#dataset$/,
    path: 'http://purl.org/dc/terms/temporal',
    reason: "the IOP catalogue's one source, lu-iop-catalogue, gives no date",
  },
];

// allowed returns the reason a result is allowed, or ''.
function allowed(r) {
  if (r.severity === 'Violation') return '';
  const a = allowedWarnings.find((a) => r.path === a.path && a.focus.test(r.focus));
  return a ? a.reason : '';
}

const shapesCache = new Map();

// shapes returns the shapes graph of a profile, parsed once.
export function shapes(profile) {
  if (!shapesCache.has(profile.file)) {
    const text = fs.readFileSync(path.join(here, profile.file), 'utf8');
    shapesCache.set(profile.file, new N3.Parser({ format: 'text/turtle' }).parse(text));
  }
  return shapesCache.get(profile.file);
}

// noFetch refuses every document a JSON-LD processor would load: the
// context of catalog.jsonld must be inline.
async function noFetch(url) {
  throw new Error(`refusing to fetch ${url}: the JSON-LD context must be inline`);
}

// graphOf turns a JSON-LD document into RDF quads, in safe mode: a key or
// value that would be dropped silently is an error.
export async function graphOf(doc) {
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: noFetch, safe: true });
  return new N3.Parser({ format: 'application/n-quads' }).parse(nquads);
}

const term = (t) => (t ? (t.termType === 'Literal' ? JSON.stringify(t.value) + (t.language ? '@' + t.language : '') : t.value) : '');

const SH = 'http://www.w3.org/ns/shacl#';

// shapeName names a shape for a reader: a property shape, which the
// official files leave blank, by the node shape it belongs to.
function shapeName(quads, shape) {
  if (!shape || shape.termType !== 'BlankNode') return term(shape);
  const parent = quads.find((q) => q.predicate.value === SH + 'property' && q.object.equals(shape));
  return parent ? `${term(parent.subject)} sh:property` : term(shape);
}

// expected says what a shape wants when its result has no message: the
// class of a sh:class constraint, for instance.
function expected(quads, shape, component) {
  const want = (p) => quads.find((q) => q.subject.equals(shape) && q.predicate.value === SH + p)?.object;
  const c = { ClassConstraintComponent: 'class', NodeKindConstraintComponent: 'nodeKind', DatatypeConstraintComponent: 'datatype', MinCountConstraintComponent: 'minCount', MaxCountConstraintComponent: 'maxCount' }[component];
  const v = c && shape && want(c);
  return v ? `expected sh:${c} ${term(v)}` : '';
}

// engines are the SHACL implementations every profile is run with.
export const engines = ['rdf-validate-shacl', 'shacl-engine'];

// shacl validates quads against a profile with an engine (the first by
// default) and returns its results, each a plain object naming the focus
// node, the path, the value, the shape and the message.
export async function shacl(quads, profile, engine = engines[0]) {
  const shapeQuads = shapes(profile);
  let report;
  switch (engine) {
    case 'rdf-validate-shacl': {
      const v = new SHACLValidator(shapeQuads, {
        importGraph: (url) => {
          throw new Error(`refusing to import ${url.value}`);
        },
      });
      report = await v.validate(datasetFactory.dataset(quads));
      break;
    }
    case 'shacl-engine': {
      // shacl-engine follows no owl:imports: it validates against the
      // shapes it is given, as the Test Bed does.
      const factory = { ...dataModelFunctions, dataset: (q) => datasetFactory.dataset(q) };
      const v = new EngineValidator(datasetFactory.dataset(shapeQuads), { factory });
      report = await v.validate({ dataset: datasetFactory.dataset(quads) });
      break;
    }
    default:
      throw new Error(`no SHACL engine ${engine}`);
  }
  return resultsOf(report.dataset, shapeQuads, profile, engine);
}

// dataModelFunctions is @rdfjs/data-model's factory with its methods bound,
// so that it can be spread into the one shacl-engine is given.
const dataModelFunctions = Object.fromEntries(
  ['namedNode', 'blankNode', 'literal', 'variable', 'defaultGraph', 'quad', 'triple', 'fromTerm', 'fromQuad']
    .filter((m) => typeof dataModel[m] === 'function')
    .map((m) => [m, dataModel[m].bind(dataModel)]),
);

// resultsOf reads the results of a SHACL validation report, given as RDF
// in the vocabulary the specification defines for it, whichever engine
// wrote it.
function resultsOf(reportQuads, shapeQuads, profile, engine) {
  const bySubject = new Map();
  for (const q of reportQuads) {
    const k = q.subject.termType + ' ' + q.subject.value;
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k).push(q);
  }
  const objects = (s, p) => (bySubject.get(s.termType + ' ' + s.value) || []).filter((q) => q.predicate.value === SH + p).map((q) => q.object);
  const one = (s, p) => objects(s, p)[0];
  const results = [];
  for (const q of reportQuads) {
    if (q.predicate.value !== SH + 'result') continue;
    const r = q.object;
    const shape = one(r, 'sourceShape');
    const component = term(one(r, 'sourceConstraintComponent')).replace(/^.*#/, '');
    const severity = one(r, 'resultSeverity');
    results.push({
      profile: profile.name,
      engine,
      severity: severity ? severity.value.replace(/^.*#/, '') : 'Violation',
      focus: term(one(r, 'focusNode')),
      path: term(one(r, 'resultPath')),
      value: term(one(r, 'value')),
      shape: shapeName(shapeQuads, shape),
      component,
      message: objects(r, 'resultMessage').map((m) => m.value).join('; ') || expected(shapeQuads, shape, component),
    });
  }
  // The order of a report is the engine's: sort for a stable output.
  const key = (r) => [r.severity, r.focus, r.path, r.value, r.shape, r.component].join(' ');
  return results.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

// checkDCAT validates the JSON-LD document at file against every profile
// and returns the failures as lines.
export async function checkDCAT(file, doc) {
  const out = [];
  const notes = [];
  let quads;
  try {
    quads = await graphOf(doc);
  } catch (err) {
    const cause = err.details?.cause?.message;
    return { failures: [`${file}: JSON-LD: ${cause ? cause + ': ' : ''}${err.message}`], notes, counts: {} };
  }
  const counts = { triples: quads.length };
  for (const p of profiles) {
    for (const engine of engines) {
      const results = await shacl(quads, p, engine);
      counts[p.name] = { ...counts[p.name], [engine]: results.length };
      for (const r of results) {
        const line = `${file}: ${p.name} ${r.severity}: focus ${r.focus}, path ${r.path || '-'}, value ${r.value || '-'}, shape ${r.shape} (${r.component}): ${r.message} [${engine}]`;
        const reason = allowed(r);
        if (reason) notes.push(`${line} -- allowed: ${reason}`);
        else out.push(line);
      }
    }
  }
  return { failures: out, notes, counts };
}

// listField is Table Schema v2's list field, which the Data Package 2.0
// profile does not define yet although the specification does
// (https://datapackage.org/standard/table-schema/#list): a string of items
// joined by delimiter, each of itemType. It is added to the profile's
// choice of field types, so that a list field is checked like any other
// and a malformed one still fails.
const listField = {
  type: 'object',
  title: 'List Field',
  description: 'The field contains data that is an ordered one-level depth collection of primitive values with a fixed item type.',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    example: { type: 'string' },
    missingValues: { type: 'array', items: { type: 'string' } },
    type: { const: 'list' },
    format: { enum: ['default'] },
    delimiter: { type: 'string', minLength: 1 },
    itemType: { enum: ['string', 'integer', 'boolean', 'number', 'datetime', 'date', 'time'] },
    constraints: {
      type: 'object',
      properties: {
        required: { type: 'boolean' },
        unique: { type: 'boolean' },
        minLength: { type: 'integer' },
        maxLength: { type: 'integer' },
      },
      additionalProperties: false,
    },
  },
};

// withList returns a copy of a profile whose field choices (every oneOf
// or anyOf listing the "String Field") also offer the list field.
export function withList(profile) {
  const copy = structuredClone(profile);
  let patched = 0;
  const walk = (o) => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== 'object') return;
    for (const key of ['oneOf', 'anyOf']) {
      if (Array.isArray(o[key]) && o[key].some((s) => s && s.title === 'String Field')) {
        o[key].push(structuredClone(listField));
        patched++;
      }
    }
    Object.values(o).forEach(walk);
  };
  walk(copy);
  if (patched === 0) throw new Error('the profile has no choice of field types to add the list field to');
  return copy;
}

const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

// describe names an ajv error: the JSON path, the schema path, the value.
function describe(file, data, e) {
  let value = data;
  for (const key of e.instancePath.split('/').slice(1)) {
    value = value?.[key.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  let shown = JSON.stringify(value);
  if (shown && shown.length > 120) shown = shown.slice(0, 117) + '...';
  return `${file}: ${e.instancePath || '/'}: ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''} (schema ${e.schemaPath}); value ${shown}`;
}

// profileValidators compiles the Data Package 2.0 profiles, the Table
// Schema one with the list field.
export function profileValidators() {
  // The profiles' "textarea" format is a hint for form builders, not a
  // constraint: any string is one.
  const ajv = new Ajv({ allErrors: true, strict: false, formats: { textarea: true } });
  addFormats(ajv);
  const load = (name) => withList(readJSON(path.join(here, 'profiles', name)));
  return {
    datapackage: ajv.compile(load('datapackage.json')),
    tableschema: ajv.compile(load('tableschema.json')),
  };
}

// validate checks data with a compiled validator and returns the failures.
export function validate(validator, file, data) {
  if (validator(data)) return [];
  // A oneOf over field types reports every branch; the error of the
  // branch whose type matches is the one that says what is wrong.
  return validator.errors.map((e) => describe(file, data, e));
}

// checkAPI validates every JSON file under dir (the built site's /api/v1)
// and returns the failures and how many files were checked. Each file is
// checked against the schema it names in $schema, an entry file against
// its kind's record schema (or the redirect schema, for a redirected id),
// a schema against JSON Schema 2020-12.
export async function checkAPI(dir) {
  const failures = [];
  const api = path.join(dir, 'api', 'v1');
  const catalogue = readJSON(path.join(api, 'catalogue.json'));
  const base = catalogue.url.replace(/\/$/, '') + '/api/v1/';

  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const schemaFiles = fs.readdirSync(path.join(api, 'schemas')).filter((f) => f.endsWith('.schema.json'));
  for (const f of schemaFiles) ajv.addSchema(readJSON(path.join(api, 'schemas', f)));
  const { datapackage, tableschema } = profileValidators();
  const validators = new Map([
    ['https://datapackage.org/profiles/2.0/datapackage.json', datapackage],
    ['https://datapackage.org/profiles/2.0/tableschema.json', tableschema],
  ]);
  const bySchema = (url) => {
    if (validators.has(url)) return validators.get(url);
    const v = ajv.getSchema(url);
    if (!v) throw new Error(`no schema ${url}`);
    return v;
  };

  const redirected = new Set(catalogue.redirects.map((r) => `${r.kind}/${r.id}`));
  const folders = new Map(catalogue.collections.map((c) => [c.collection, c]));
  let count = 0;
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.json')) check(p);
    }
  };
  const check = (p) => {
    const rel = path.relative(dir, p);
    count++;
    let data;
    try {
      data = readJSON(p);
    } catch (err) {
      failures.push(`${rel}: ${err.message}`);
      return;
    }
    let schemaURL = data.$schema;
    const folder = path.relative(api, path.dirname(p));
    if (!schemaURL && folders.has(folder)) {
      const c = folders.get(folder);
      const id = path.basename(p, '.json');
      schemaURL = redirected.has(`${c.kind}/${id}`) ? base + 'schemas/redirect.schema.json' : c.schema;
    }
    if (!schemaURL) {
      failures.push(`${rel}: no schema to check it against (no $schema, not an entry file)`);
      return;
    }
    let v;
    try {
      v = bySchema(schemaURL);
    } catch (err) {
      failures.push(`${rel}: ${err.message}`);
      return;
    }
    if (v(data)) return;
    for (const e of v.errors) failures.push(describe(rel, data, e) + ` [schema ${schemaURL}]`);
  };
  walk(api);
  return { failures, count };
}
