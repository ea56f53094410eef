/**
 * requestParameters of a call that fails before it reaches a real resource (a vault that does
 * not exist, a guessed name): the client still sent everything the operation takes, so the
 * record carries the operation's members (reference glacier-operations.json, requestParameters:
 * jobId, uploadId, archiveId and lockId are required; jobParameters, policy, tags and the
 * checksum are what a program sends with them). Ids are fresh ones of the unit's id spaces,
 * as a client holding a stale or guessed id would send.
 */
import { OP } from '../glacier/operations.js';
import type { Call } from './calls.js';

const MiB = 1048576;

/** The members after accountId and vaultName, as a `,"name":value...` fragment. */
export function failedRequestMembers(c: Call, op: number): string {
  const w = c.world;
  const p = c.target?.params;
  const serial = (): number => w.nextSerial();
  switch (op) {
    case OP.DescribeJob:
    case OP.GetJobOutput:
      return `,"jobId":"${w.jobId(serial())}"`;
    case OP.InitiateJob: {
      const type = (p?.type as string | undefined) ?? (c.target?.archive !== undefined ? 'archive-retrieval' : 'inventory-retrieval');
      return type === 'archive-retrieval'
        ? `,"jobParameters":{"type":"archive-retrieval","archiveId":"${w.archiveId(c.target?.archive ?? serial())}","tier":"${(p?.tier as string | undefined) ?? 'Standard'}"}`
        : ',"jobParameters":{"format":"JSON","type":"inventory-retrieval"}';
    }
    case OP.DeleteArchive:
      return `,"archiveId":"${w.archiveId(c.target?.archive ?? serial())}"`;
    case OP.UploadArchive:
      return `,"checksum":"${w.checksum(serial())}"`;
    case OP.InitiateMultipartUpload:
      return `,"partSize":"${MiB * 2 ** c.rng.range(0, 7)}"`;
    case OP.UploadMultipartPart:
      return `,"uploadId":"${w.uploadId(serial())}","checksum":"${w.checksum(serial(), 1)}","range":"bytes 0-${MiB - 1}/*"`;
    case OP.CompleteMultipartUpload:
      return `,"uploadId":"${w.uploadId(serial())}","archiveSize":"${MiB * c.rng.range(2, 64)}","checksum":"${w.checksum(serial())}"`;
    case OP.ListParts:
    case OP.AbortMultipartUpload:
      return `,"uploadId":"${w.uploadId(serial())}"`;
    case OP.CompleteVaultLock:
      return `,"lockId":"${w.lockId(serial())}"`;
    case OP.SetVaultAccessPolicy:
    case OP.InitiateVaultLock: {
      const policy = p?.policy === undefined ? '{"Version":"2012-10-17","Statement":[]}' : typeof p.policy === 'string' ? p.policy : JSON.stringify(p.policy);
      return `,"policy":{"policy":${JSON.stringify(policy)}}`;
    }
    case OP.AddTagsToVault:
      return `,"tags":${JSON.stringify(p?.tags ?? { Owner: 'unknown' })}`;
    case OP.RemoveTagsFromVault:
      return `,"tagKeys":${JSON.stringify(Object.keys((p?.tags as object | undefined) ?? { Owner: '' }))}`;
    case OP.SetVaultNotifications:
      return `,"vaultNotificationConfig":{"sNSTopic":"arn:${w.partition}:sns:${w.region}:${w.accountId}:glacier-jobs","events":["ArchiveRetrievalCompleted"]}`;
    default:
      return '';
  }
}
