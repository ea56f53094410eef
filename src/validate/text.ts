/** In-memory entry point: the text of a log file (or digest), with an optional S3 key for the layout checks. */
import { Readable } from 'node:stream';
import { formatOf, validateFile, validateStream, type FileResult, type FileValidationOptions } from './file.js';

/**
 * Validates the JSON text of a log file (`{"Records":[...]}`), a digest or NDJSON records.
 * Give `key` (the object's S3 key or local path) to also check account, region and delivery stamp.
 *
 * @example
 * const r = await validateLogFileText('{"Records":[]}');
 * // r.valid === true, r.records === 0
 */
export async function validateLogFileText(text: string, options: FileValidationOptions & { key?: string } = {}): Promise<FileResult> {
  if (options.key && formatOf(options.key) !== 'ndjson') {
    const { key, ...rest } = options;
    return validateFile(key, rest, Promise.resolve({ text }));
  }
  return validateStream(Readable.from([Buffer.from(text)]), options.key ?? '<text>', options);
}
