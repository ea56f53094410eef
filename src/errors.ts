/**
 * Error classes with precise messages. Each carries the exit code the CLI returns for it,
 * so library callers get structured data and the CLI maps them without string matching.
 *
 * Exit codes (documented in the README):
 *   0 success · 1 problems found (validate/verify) · 2 bad input or usage · 3 output could not be written
 *   130 interrupted (SIGINT)
 */
export class TrailsmithError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Command-line usage error: bad flag value or combination. */
export class UsageError extends TrailsmithError {
  constructor(message: string) {
    super(message, 2);
  }
}

export interface ScenarioIssue {
  /** JSON pointer into the scenario, e.g. `/actors/2/account`. */
  path: string;
  message: string;
  /** 1-based line in the source file when the format gives one (YAML, JSON). */
  line?: number;
}

/** A scenario that failed to parse or validate; lists every issue found, not only the first. */
export class ScenarioError extends TrailsmithError {
  readonly file: string;
  readonly issues: ScenarioIssue[];
  constructor(file: string, issues: ScenarioIssue[]) {
    const lines = issues.map((i) => `  ${file}${i.line ? `:${i.line}` : ''}: ${i.path || '/'}: ${i.message}`);
    super(`invalid scenario ${file} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, 2);
    this.file = file;
    this.issues = issues;
  }
}

/** Output could not be written (permissions, full disk, not a directory...). */
export class OutputError extends TrailsmithError {
  constructor(message: string) {
    super(message, 3);
  }
}

/** The run was interrupted (SIGINT/SIGTERM); completed files were kept, partial ones removed. */
export class InterruptedError extends TrailsmithError {
  constructor(message = 'interrupted') {
    super(message, 130);
  }
}

/** Plain-language causes of the fs errors users meet, for reading and writing alike. */
const FS_CAUSES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (a file size limit such as ulimit -f)',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent of this path is a file, not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** `permission denied (EACCES)`: the cause of a Node fs error, with its code when it has one. */
export function fsErrorCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const reason = (e?.code && FS_CAUSES[e.code]) || e?.message || String(err);
  return `${reason}${e?.code ? ` (${e.code})` : ''}`;
}

/** Turns a Node fs error into a message that names the path and the likely cause. */
export function describeFsError(err: unknown, path: string): OutputError {
  return new OutputError(`cannot write ${path}: ${fsErrorCause(err)}`);
}
