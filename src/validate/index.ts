/** The validator's public surface (re-exported from the package root). */
export { validateRecord, type RecordResult, type RecordValidationOptions } from './record.js';
export { validateFile, validateStream, formatOf, type FileResult, type FileValidationOptions, type RecordReport, type InputFormat } from './file.js';
export { validateDigest } from './digest.js';
export { validatePaths, type RunOptions, type RunSummary } from './run.js';
export { validateLogFileText } from './text.js';
export { checkKey, type KeyInfo } from './layout.js';
export type { Issue } from './issues.js';
