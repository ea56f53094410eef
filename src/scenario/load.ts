/**
 * Loading a scenario: YAML, JSON (parsed by the YAML parser so errors carry line numbers),
 * or a JS module whose default export is the scenario object. Schema errors and semantic
 * errors (dangling references, impossible times) are collected together into one ScenarioError.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { checkScenarioSchema } from './schema.js';
import { checkScenarioSemantics } from './semantics.js';
import type { Scenario } from './types.js';
import { packagePath } from '../package-path.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** File the scenario came from, or `<object>` for in-memory scenarios. */
  source: string;
}

/** Path of the built-in default scenario. */
export const DEFAULT_SCENARIO = packagePath('examples/quickstart.scenario.yaml');

/**
 * Load and validate a scenario.
 * @example
 * const { scenario } = await loadScenario('examples/quickstart.scenario.yaml');
 */
export async function loadScenario(input: string | object): Promise<LoadedScenario> {
  if (typeof input !== 'string') return { scenario: validateScenario(structuredClone(input), '<object>'), source: '<object>' };
  const file = resolve(input);
  const ext = extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.ts' || ext === '.mts') {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (err) {
      throw new ScenarioError(input, [{ path: '', message: `cannot import module: ${(err as Error).message}` }]);
    }
    if (!mod.default || typeof mod.default !== 'object') {
      throw new ScenarioError(input, [{ path: '', message: 'module must default-export the scenario object' }]);
    }
    return { scenario: validateScenario(structuredClone(mod.default), input), source: input };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new ScenarioError(input, [{ path: '', message: `cannot read scenario: ${why}` }]);
  }
  return { scenario: parseScenarioText(text, input), source: input };
}

/** Parse YAML or JSON text and validate it; `file` is used in messages only. */
export function parseScenarioText(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(file, doc.errors.map((e) => ({
      path: '',
      message: e.message.split('\n')[0]!,
      line: e.linePos?.[0]?.line,
    })));
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return validateScenario(value, file, (path) => lineOf(doc, lineCounter, path));
}

function validateScenario(value: unknown, file: string, locate?: (path: string) => number | undefined): Scenario {
  const schemaIssues = checkScenarioSchema(value);
  const issues: ScenarioIssue[] = schemaIssues.length > 0 ? schemaIssues : checkScenarioSemantics(value as Scenario);
  if (issues.length > 0) {
    throw new ScenarioError(file, issues.map((i) => ({ ...i, line: i.line ?? locate?.(i.path) })));
  }
  return value as Scenario;
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
