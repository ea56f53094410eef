/**
 * Loading a scenario: YAML, JSON (parsed by the YAML parser so errors carry line numbers),
 * or a JS module whose default export is the scenario object. Schema errors and semantic
 * errors (dangling references, impossible times) are collected together into one ScenarioError.
 *
 * A scenario may come from someone else, so whatever the file holds ends as a scenario or a
 * ScenarioError (exit 2, file, pointer, line), never as a stack: the YAML layer's alias limits,
 * a module's functions, Proxies and throwing getters, oversized files and worlds included.
 */
import { open } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument, isNode, isScalar, visit, type Document } from 'yaml';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { checkScenarioSchema } from './schema.js';
import { checkScenarioSemantics } from './semantics.js';
import { toPlainData } from './plain-data.js';
import type { Scenario } from './types.js';
import { packagePath } from '../package-path.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** File the scenario came from, or `<object>` for in-memory scenarios. */
  source: string;
}

/** Path of the built-in default scenario. */
export const DEFAULT_SCENARIO = packagePath('examples/quickstart.scenario.yaml');

/** Scenario files larger than this are refused before parsing (the largest example is 6 KB). */
export const MAX_SCENARIO_BYTES = 8 << 20;
/** Problems listed in one ScenarioError; the rest are counted (64,000 unknown keys stay readable). */
export const MAX_REPORTED_ISSUES = 50;
/** Alias expansions a YAML scenario may make (the yaml library's billion-laughs guard). */
const MAX_ALIAS_COUNT = 100;

/**
 * Load and validate a scenario.
 * @example
 * const { scenario } = await loadScenario('examples/quickstart.scenario.yaml');
 */
export async function loadScenario(input: string | object): Promise<LoadedScenario> {
  if (typeof input !== 'string') return { scenario: validateScenario(input, '<object>'), source: '<object>' };
  const file = resolve(input);
  const ext = extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.ts' || ext === '.mts') {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (err) {
      throw new ScenarioError(input, [{ path: '', message: `cannot import module: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }]);
    }
    let exported: unknown;
    try {
      exported = mod.default;
    } catch (err) {
      throw new ScenarioError(input, [{ path: '', message: `reading the default export threw: ${String(err)}` }]);
    }
    if (!exported || typeof exported !== 'object') {
      throw new ScenarioError(input, [{ path: '', message: 'module must default-export the scenario object' }]);
    }
    return { scenario: validateScenario(exported, input), source: input };
  }
  return { scenario: parseScenarioText(await readScenarioFile(file, input), input), source: input };
}

/** The file's text: a regular file of at most MAX_SCENARIO_BYTES (not a FIFO, not /dev/zero). */
async function readScenarioFile(file: string, shown: string): Promise<string> {
  const fail = (message: string): ScenarioError => new ScenarioError(shown, [{ path: '', message }]);
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw fail(`cannot read scenario: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message}`);
  }
  try {
    const info = await fh.stat();
    if (info.isDirectory()) throw fail('cannot read scenario: is a directory');
    if (!info.isFile()) throw fail('cannot read scenario: not a regular file (a device, FIFO or socket)');
    if (info.size > MAX_SCENARIO_BYTES) throw fail(`the file has ${info.size.toLocaleString('en-US')} bytes; scenarios are limited to ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} (docs/limits.md)`);
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await fh.read(buffer, 0, info.size, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw fail(`cannot read scenario: ${(err as Error).message}`);
  } finally {
    await fh.close();
  }
}

/** Parse YAML or JSON text and validate it; `file` is used in messages only. */
export function parseScenarioText(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // uniqueKeys: false, duplicateKeys() below instead: the library compares each key with every
    // earlier one, and 64,000 keys took minutes.
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot parse: ${(err as Error).message.split('\n')[0]}` }]);
  }
  if (doc.errors.length > 0) {
    throw new ScenarioError(file, capIssues(doc.errors.map((e) => ({
      path: '',
      message: e.message.split('\n')[0]!,
      line: e.linePos?.[0]?.line,
    }))));
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) throw new ScenarioError(file, capIssues(duplicates));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    // The yaml library throws (ReferenceError) for an unresolved alias (*nope) and for alias
    // expansion past maxAliasCount (billion laughs); neither has a position, the first alias does.
    const why = (err as Error).message.split('\n')[0]!;
    const hint = /alias count/i.test(why) ? `aliases may expand at most ${MAX_ALIAS_COUNT} times` : why;
    if (!/alias/i.test(why)) throw new ScenarioError(file, [{ path: '', message: `cannot read the YAML: ${why}` }]);
    throw new ScenarioError(file, [{ path: '', message: `YAML aliases: ${hint}`, line: firstAliasLine(doc, lineCounter) }]);
  }
  return validateScenario(value, file, (path) => lineOf(doc, lineCounter, path));
}

function validateScenario(input: unknown, file: string, locate?: (path: string) => number | undefined): Scenario {
  const plain = toPlainData(input, MAX_REPORTED_ISSUES);
  let issues: ScenarioIssue[] = plain.issues;
  if (issues.length === 0) issues = checkScenarioSchema(plain.value);
  if (issues.length === 0) issues = checkScenarioSemantics(plain.value as Scenario);
  if (issues.length > 0) {
    // Lines for the reported issues only: locating one walks the document from its root.
    const located = issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({ ...i, line: i.line ?? locate?.(i.path) ?? (i.path === '' && locate ? 1 : undefined) }));
    throw new ScenarioError(file, capIssues([...located, ...issues.slice(MAX_REPORTED_ISSUES)]));
  }
  return plain.value as Scenario;
}

/** The first MAX_REPORTED_ISSUES issues and a count of the rest. */
function capIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES) return issues;
  const rest = issues.length - MAX_REPORTED_ISSUES;
  return [...issues.slice(0, MAX_REPORTED_ISSUES), { path: '', message: `... and ${rest.toLocaleString('en-US')} more problem${rest === 1 ? '' : 's'} (the first ${MAX_REPORTED_ISSUES} are listed)` }];
}

/** Keys given twice in one mapping (a later one would silently win), in linear time. */
function duplicateKeys(doc: Document, counter: LineCounter): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, number | undefined>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const line = isNode(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line : undefined;
        if (!seen.has(key)) seen.set(key, line);
        else issues.push({ path: '', message: `duplicate key "${key}"${seen.get(key) ? ` (first at line ${seen.get(key)})` : ''}`, line });
      }
    },
  });
  return issues;
}

function firstAliasLine(doc: Document, counter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = counter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/** 1-based line of the node at a JSON pointer (or its nearest existing ancestor). */
function lineOf(doc: Document, counter: LineCounter, pointer: string): number | undefined {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = parts.length; n >= 0; n--) {
    const keys = parts.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
