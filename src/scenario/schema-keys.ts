/**
 * The keys the schema allows at a place in the scenario, for "unknown key "duraton"; did you
 * mean "duration"?". Read from schemas/scenario.schema.json only when an unknown key is
 * reported (the precompiled validator does not carry property lists), walking the schema along
 * the instance path through properties, items, $ref and the object branch of a oneOf.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-path.js';

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  oneOf?: SchemaNode[];
}

let root: SchemaNode & { $defs?: Record<string, SchemaNode> } | undefined;

function schema(): SchemaNode & { $defs?: Record<string, SchemaNode> } {
  root ??= JSON.parse(readFileSync(packagePath('schemas/scenario.schema.json'), 'utf8')) as SchemaNode;
  return root;
}

function deref(node: SchemaNode): SchemaNode {
  let n = node;
  for (let i = 0; n.$ref && i < 10; i++) n = schema().$defs?.[n.$ref.replace('#/$defs/', '')] ?? {};
  return n;
}

/** Candidate sub-schemas for a value at `node` (a oneOf contributes each branch). */
function branches(node: SchemaNode): SchemaNode[] {
  const n = deref(node);
  return [n, ...(n.oneOf ?? []).map(deref)];
}

/** Property names allowed on the object at `pointer` (e.g. `/scripts/0/steps/2`), or []. */
export function allowedKeys(pointer: string): string[] {
  let nodes: SchemaNode[] = [schema()];
  for (const part of pointer.split('/').slice(1)) {
    const next: SchemaNode[] = [];
    for (const n of nodes.flatMap(branches)) {
      if (/^\d+$/.test(part) && n.items) next.push(n.items);
      const prop = n.properties?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (prop) next.push(prop);
    }
    nodes = next;
  }
  return [...new Set(nodes.flatMap(branches).flatMap((n) => Object.keys(n.properties ?? {})))];
}
