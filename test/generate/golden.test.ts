/**
 * Golden output: pins the content of a fixed-seed run. Any change to these hashes changes what
 * users get for the same scenario and seed, which is a changelog entry (README: determinism).
 * Content hashes cover decompressed bytes so they hold across zlib builds; the gzip bytes are
 * pinned separately because Node's zlib is bundled (same Node major = same bytes).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateFiles, generateRecordLines } from '../../src/index.js';
import { removeDir, tempDir, treeHash } from '../helpers/tree.js';
import { createHash } from 'node:crypto';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
let out = '';
afterAll(() => removeDir(out));

describe('golden output for tiny.scenario.yaml, seed 2024', () => {
  it('pins the decompressed tree and the first records', async () => {
    out = await tempDir();
    const result = await generateFiles(TINY, { seed: 2024, out });
    const lines: string[] = [];
    for await (const line of generateRecordLines(TINY, { seed: 2024 })) lines.push(line);
    expect({ files: result.files, records: result.records, lines: lines.length }).toMatchInlineSnapshot(`
      {
        "files": 113,
        "lines": 1070,
        "records": 1070,
      }
    `);
    expect(await treeHash(out, true)).toMatchInlineSnapshot(`"b5ae8744d99a46be7052b4832c075b704b43ca2cce4ebb75aefaaee6202e5b34"`);
    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toMatchInlineSnapshot(`"d04b62daa1f91d0dbabf2c9502a2a792ca0cbbebf52dfbb9e64b3c66c7b9e775"`);
    expect(lines[0]).toMatchInlineSnapshot(`"{"eventVersion":"1.11","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventTime":"2025-09-01T08:00:09Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","sourceIPAddress":"ec2.amazonaws.com","userAgent":"ec2.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::123456789012:role/Writer","roleSessionName":"i-07aa9aa2607ae322d","durationSeconds":21600},"responseElements":{"credentials":{"accessKeyId":"ASIARZPUZDIKDXMVO335","sessionToken":"IQoJb3JpZ2luX2VjELT//////////wEaCWV1LXdlc3QtMSJHMEUCIDy31P/Q2p8A9YUtbhi5+IgjIfMSlHTzjG1dG/47NPXvAiEAqplVRGvCFoks5ZNeYS/r999CE3kYCey6SzOG0h9kX5cqwgQI////////////ARAAGgwxMjM0NTY3ODkwMTJntpraDJqsE+VyZFJ97tCjDX/zbGzUTp05jJqg7B8BCMJmjh++ZJp6LxeLf2cpB4Tn4gnP/NTbQ+nHuFfSXbLlNUkjVhLJnvYDImv/GSzANwnh/d6c6NqbL1WVQMmYnYp3vC/7z4+IaLK28JlxI2NrbFIiC7IN5xZLYZrPHFH57Er9p6JOF3tdHHYS2TejWtCCI/hELAdMei+TemgYS4RSGzOItqO/XzgJ1xyjpUPpDE1Ae/3LUNfXsZTbXtZVtcOQ6hSuyk0J18cXlFO2WBMQGW/Y2kgDsTQw3xOjANhRNdTsyrJezUqqVUJ189ODazWyc+FSPPi+bv+GiGKJ3G0AHLO7UIq150RWdvKnaDIiZObb7uzHDDcX0OwJSQm2+wPnYnn5gZKjTA+Bmnjx9ykC9e8eXizGP/+PNBAzMaTbxJqEr/B5Fm7FeiPlfFZrjelPrQ/zizGz890rkoh2yTEGVkEUEjTiQdz+etikKACR7coujI+pODdHO/rF4FBSl6rZtctRTZuQhjR1Iih0Y33A7JLxk7459N2klMK8Gn+eJpxKkum9JxGCyqEE7r+xB3GPQu/0VI9PlZpTjVfN586hqwdrTh2GBpB51ELQ5lRaVQJeCZa7MbFqnttIcf4u4KQ3nZclSIi1NEhkX+Gkl+3O/7Qdd5QjLVQLMSOLNJvQWr31EecvACqGZVDDempsbUSxMB6mSh37LWuiTygog0YZXAzCS+lPAQ==","expiration":"Sep 1, 2025, 2:13:17 PM"},"assumedRoleUser":{"assumedRoleId":"AROARZPUZDIKE4I7AVVCY:i-07aa9aa2607ae322d","arn":"arn:aws:sts::123456789012:assumed-role/Writer/i-07aa9aa2607ae322d"}},"additionalEventData":{"RequestDetails":{"awsServingRegion":"eu-west-1","endpointType":"regional"}},"requestID":"97e7d7c2-070c-4300-9548-7cee93dc66df","eventID":"2b5916ca-2429-4443-a04f-ef68201cbd23","readOnly":true,"resources":[{"accountId":"123456789012","type":"AWS::IAM::Role","ARN":"arn:aws:iam::123456789012:role/Writer"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}"`);
  });
});
