/**
 * Digest files (reference section 4.2): the schema, and what the schema cannot see: the
 * digest's own location and account against its S3 key, and time ordering. Signatures and
 * hash chains are `trailsmith verify`'s job (src/digest/verify.ts), not the validator's.
 */
import { compiled } from './schemas.js';
import { classifyAjvErrors, type Issue } from './issues.js';
import { toPosix, type KeyInfo } from './layout.js';
import { finish, type RecordResult } from './record.js';

interface DigestShape {
  awsAccountId?: unknown;
  digestStartTime?: unknown;
  digestEndTime?: unknown;
  digestS3Object?: unknown;
  newestEventTime?: unknown;
  oldestEventTime?: unknown;
  logFiles?: unknown;
}

/** Validates a parsed digest document; `key` (from the file's path) adds the location checks. */
export function validateDigest(doc: unknown, key?: KeyInfo, strict = false, localPath?: string): RecordResult {
  const fn = compiled('digest', true);
  let errors: Issue[] = [];
  let warnings: Issue[] = [];
  if (!fn(doc)) ({ errors, warnings } = classifyAjvErrors(fn.errors ?? []));
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) errors.push(...crossChecks(doc as DigestShape, key, localPath));
  return finish(errors, warnings, strict);
}

function crossChecks(d: DigestShape, key?: KeyInfo, localPath?: string): Issue[] {
  const out: Issue[] = [];
  const str = (v: unknown): v is string => typeof v === 'string';
  if (str(d.digestStartTime) && str(d.digestEndTime) && d.digestStartTime >= d.digestEndTime) {
    out.push({ path: '/digestStartTime', message: `${d.digestStartTime} is not before digestEndTime ${d.digestEndTime}` });
  }
  if (str(d.oldestEventTime) && str(d.newestEventTime) && d.oldestEventTime > d.newestEventTime) {
    out.push({ path: '/oldestEventTime', message: `${d.oldestEventTime} is after newestEventTime ${d.newestEventTime}` });
  }
  if (Array.isArray(d.logFiles)) {
    d.logFiles.forEach((f: { oldestEventTime?: unknown; newestEventTime?: unknown } | null, i) => {
      if (f && str(f.oldestEventTime) && str(f.newestEventTime) && f.oldestEventTime > f.newestEventTime) {
        out.push({ path: `/logFiles/${i}/oldestEventTime`, message: `${f.oldestEventTime} is after newestEventTime ${f.newestEventTime}` });
      }
    });
    if (d.logFiles.length === 0 && (d.newestEventTime !== null || d.oldestEventTime !== null)) {
      out.push({ path: '/newestEventTime', message: 'must be null when logFiles is empty' });
    }
  }
  if (key) {
    if (str(d.awsAccountId) && d.awsAccountId !== key.accountId) out.push({ path: '/awsAccountId', message: `"${d.awsAccountId}" differs from the account ${key.accountId} in the S3 key` });
    const here = localPath ? toPosix(localPath) : key.key;
    if (str(d.digestS3Object) && here !== d.digestS3Object && !here.endsWith(`/${d.digestS3Object}`)) {
      out.push({ path: '/digestS3Object', message: `"${d.digestS3Object}" is not where this digest is (${key.key})` });
    }
    if (str(d.digestEndTime)) {
      const stamp = new Date(key.stamp * 1000).toISOString().slice(0, 19) + 'Z';
      if (d.digestEndTime !== stamp) out.push({ path: '/digestEndTime', message: `${d.digestEndTime} differs from the stamp ${key.stampText} in the file name` });
    }
  }
  return out;
}
