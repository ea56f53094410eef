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
        "files": 108,
        "lines": 661,
        "records": 661,
      }
    `);
    expect(await treeHash(out, true)).toMatchInlineSnapshot(`"5c812c05006bc91724393b6f304bee3ae5349bad04bb02c4c2f427e92682587b"`);
    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toMatchInlineSnapshot(`"8ef1b016fc3ac14761cc8b4657b075c894f88ceafb647018d62f34ee062e5190"`);
    expect(lines[0]).toMatchInlineSnapshot(`"{"eventVersion":"1.11","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventTime":"2025-09-01T08:00:09Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","sourceIPAddress":"ec2.amazonaws.com","userAgent":"ec2.amazonaws.com","requestParameters":{"roleArn":"arn:aws:iam::123456789012:role/Writer","roleSessionName":"i-07aa9aa2607ae322d","durationSeconds":21600},"responseElements":{"credentials":{"accessKeyId":"ASIARZPUZDIKDXMVO335","sessionToken":"IQoJb3JpZ2luX2Vjx083U/QafA1FtuY54IjhzSU0zMtdb+701vqZVErCWJslTehvr3fCT5YJs6LzGSfkfXvn2aaMasTlykS9uQjN/zssUOd5MagsfBICmOf+ka6vXL/npHEniJP8UbDpH4XSdyl1JjWSJe2Dir/ZsA3Jh9ecoabvVVAJYdK38v7PPIoy2wZxjjrsSiLyNnWLhaPcR5sK9niOX7dc2SZ3jaQCj4EsHM6vT6oYLESbzI2j/f4JXcjlDpMNA79LQXXxUbeWV1DQqUuKNJXHXUT2YTQZvYaIDx0wfTjAYR1UsKyeNKqVC1zTDr1yzhS84+u/GIiJctAcz7QK1nEW2ynoyikmbusHM3XQsJJJ27Dni55BSjMPBa4x3pC1veesG//P==","expiration":"Sep 1, 2025, 2:00:09 PM"},"assumedRoleUser":{"assumedRoleId":"AROARZPUZDIKE4I7AVVCY:i-07aa9aa2607ae322d","arn":"arn:aws:sts::123456789012:assumed-role/Writer/i-07aa9aa2607ae322d"}},"requestID":"97e7d7c2-070c-4300-9548-7cee93dc66df","eventID":"2b5916ca-2429-4443-a04f-ef68201cbd23","readOnly":true,"resources":[{"accountId":"123456789012","type":"AWS::IAM::Role","ARN":"arn:aws:iam::123456789012:role/Writer"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","sharedEventID":"02cd8936-77a2-4ea9-bdf7-640818389c45","eventCategory":"Management"}"`);
  });
});
