/**
 * The JSON Schemas in schemas/, compiled at most once per process, lazily, and reused.
 *
 * The pass/fail check of every record is precompiled (./fast-path.ts, ./standalone.ts); what
 * is compiled here is the full form (allErrors, verbose), run only on records that fail it and
 * on digests, to list every problem with its value. Most records are valid, so most runs
 * never compile anything. `full: false` gives the stop-at-first-error form (tests compare it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { packagePath } from '../package-path.js';

// ajv and ajv-formats (CommonJS) are required on first compile, not imported: loading them
// took about 90 ms of CPU per thread (measured), paid by the main thread and by every
// validation worker, though runs of valid records never compile anything.
const require = createRequire(import.meta.url);

function loadAjv(): { Ajv: typeof Ajv2020; addFormats: (ajv: Ajv2020, formats?: string[]) => Ajv2020 } {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats') as { default: (ajv: Ajv2020, formats?: string[]) => Ajv2020 };
  return { Ajv, addFormats: formats.default };
}

const SCHEMA_FILES = ['cloudtrail-record', 'glacier-profile', 'cloudtrail-log-file', 'digest'] as const;
export type SchemaName = (typeof SCHEMA_FILES)[number];
export const SCHEMA_BASE = 'https://trailsmith.dev/schemas/';

let loaded: Record<SchemaName, object> | undefined;

/** The parsed schema documents, read from the package's schemas/ directory. */
export function schemaDocuments(): Record<SchemaName, object> {
  if (!loaded) {
    const docs = {} as Record<SchemaName, object>;
    for (const name of SCHEMA_FILES) docs[name] = JSON.parse(readFileSync(packagePath(`schemas/${name}.schema.json`), 'utf8')) as object;
    loaded = docs;
  }
  return loaded;
}

function makeAjv(full: boolean): Ajv2020 {
  const { Ajv, addFormats } = loadAjv();
  const ajv = new Ajv({
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: full,
    verbose: full,
    // Our patterns are ASCII: plain (non-unicode) RegExps are a little faster and behave the same.
    unicodeRegExp: false,
    // Skipping ajv's code-optimisation passes halves compile time (about 150 ms of a 100k-record
    // run) and measured no slower per record: V8 optimises the generated code anyway.
    code: { optimize: false },
  });
  addFormats(ajv, ['date-time', 'ipv6']);
  for (const doc of Object.values(schemaDocuments())) ajv.addSchema(doc);
  return ajv;
}

const cache = new Map<string, ValidateFunction>();
const ajvs: { fast?: Ajv2020; full?: Ajv2020 } = {};

/** A compiled validator for one of the schemas (or a `#/$defs/...` fragment); `full` lists all errors with their data. */
export function compiled(name: SchemaName, full: boolean, fragment = ''): ValidateFunction {
  const key = `${name}${fragment}/${full}`;
  let fn = cache.get(key);
  if (!fn) {
    const ajv = full ? (ajvs.full ??= makeAjv(true)) : (ajvs.fast ??= makeAjv(false));
    fn = ajv.getSchema(`${SCHEMA_BASE}${name}.schema.json${fragment}`);
    if (!fn) throw new Error(`schema ${name}${fragment} failed to compile`);
    cache.set(key, fn);
  }
  return fn;
}
