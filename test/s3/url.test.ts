/** s3:// destinations and stream sinks: parsing and the messages for bad values. */
import { describe, expect, it } from 'vitest';
import { objectKey, parseS3Url } from '../../src/s3/url.js';
import { parseDestination } from '../../src/stream/destination.js';

describe('parseS3Url', () => {
  it('splits bucket and prefix, trimming slashes', () => {
    expect(parseS3Url('s3://my-trail')).toEqual({ bucket: 'my-trail', prefix: '' });
    expect(parseS3Url('s3://my-trail/')).toEqual({ bucket: 'my-trail', prefix: '' });
    expect(parseS3Url('s3://my.trail-1/logs/2025/')).toEqual({ bucket: 'my.trail-1', prefix: 'logs/2025' });
    expect(objectKey({ bucket: 'b', prefix: 'p' }, 'AWSLogs/x')).toBe('p/AWSLogs/x');
    expect(objectKey({ bucket: 'b', prefix: '' }, 'AWSLogs/x')).toBe('AWSLogs/x');
  });

  it('rejects what S3 would reject, naming the value', () => {
    expect(() => parseS3Url('my-trail/logs')).toThrow('--to my-trail/logs: expected s3://bucket or s3://bucket/prefix');
    expect(() => parseS3Url('s3://ab')).toThrow('"ab" is not a valid S3 bucket name');
    expect(() => parseS3Url('s3://Upper')).toThrow('not a valid S3 bucket name');
    expect(() => parseS3Url('s3://a..b')).toThrow('not a valid S3 bucket name');
    expect(() => parseS3Url('s3://bucket/a//b')).toThrow('empty path segment');
  });
});

describe('parseDestination', () => {
  it('recognises stdout, files, HTTP and S3-layout directories', () => {
    expect(parseDestination('-')).toEqual({ kind: 'stdout' });
    expect(parseDestination('http://127.0.0.1:8080/in')).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/in' });
    expect(parseDestination('/tmp/a.ndjson')).toEqual({ kind: 'file', path: '/tmp/a.ndjson' });
    expect(parseDestination('s3-dir:/tmp/b')).toEqual({ kind: 's3-dir', path: '/tmp/b' });
    expect(parseDestination('/tmp/b/')).toEqual({ kind: 's3-dir', path: '/tmp/b' });
    expect(() => parseDestination('s3://bucket')).toThrow('trailsmith upload');
  });
});
