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
        "files": 109,
        "lines": 659,
        "records": 659,
      }
    `);
    expect(await treeHash(out, true)).toMatchInlineSnapshot(`"8973a00c3777b0e597ab3ddac1411461e341d6d5c30b3eb8824f8eb161b74f74"`);
    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toMatchInlineSnapshot(`"a8171394aeaa040e3f91d8ddc92edf940c10a287a6facfb50e3e65055d52693c"`);
    expect(lines[0]).toMatchInlineSnapshot(`"{"eventVersion":"1.11","userIdentity":{"type":"AssumedRole","principalId":"AROAXALCGLH65SN7C4422:i-07aa9aa2607ae322d","arn":"arn:aws:sts::123456789012:assumed-role/Writer/i-07aa9aa2607ae322d","accountId":"123456789012","accessKeyId":"ASIAT3ED4FJWCOVXAT7O","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAXALCGLH65SN7C4422","arn":"arn:aws:iam::123456789012:role/Writer","accountId":"123456789012","userName":"Writer"},"webIdFederationData":{},"attributes":{"creationDate":"2025-09-01T05:04:52Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"2025-09-01T08:00:09Z","eventSource":"glacier.amazonaws.com","eventName":"SetVaultAccessPolicy","awsRegion":"eu-west-1","sourceIPAddress":"34.246.42.4","userAgent":"Boto3/1.40.42 md/Botocore#1.40.42 ua/2.0 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.40.42","requestParameters":{"accountId":"-","vaultName":"computers-backups","policy":{"policy":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"allow-read\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::123456789012:root\\"},\\"Action\\":[\\"glacier:InitiateJob\\",\\"glacier:GetJobOutput\\",\\"glacier:ListJobs\\"],\\"Resource\\":\\"arn:aws:glacier:eu-west-1:123456789012:vaults/computers-backups\\"}]}"}},"responseElements":null,"requestID":"Cf95XAMLDHuzHSVfbG3TeGU9jDk3a4NGZEbWUyozTe3WBeb","eventID":"2b5916ca-2429-4443-a04f-ef68201cbd23","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"glacier.eu-west-1.amazonaws.com"}}"`);
  });
});
