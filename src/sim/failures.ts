/**
 * Realistic failures (reference 5.2 and 5.7): which error a failed call gets and the message
 * AWS writes. The authorization error code is uncertain (AccessDenied vs AccessDeniedException,
 * reference 7.3); we write `AccessDenied`, the form CloudTrail normalises most services'
 * authorization failures to. Change AUTHZ_ERROR_CODE to switch.
 */
import type { Rng } from '../random/rng.js';
import { OPERATIONS, OP } from '../glacier/operations.js';

export const AUTHZ_ERROR_CODE = 'AccessDenied';

export interface FailureContext {
  op: number;
  callerArn: string;
  /** The resource ARN the call was authorized against. */
  resourceArn: string;
  /** Vault ARN when the call names a vault, for not-found messages. */
  vaultArn: string;
  isService: boolean;
}

export function errorFragment(code: string, message: string): string {
  return `,"errorCode":"${code}","errorMessage":${JSON.stringify(message)}`;
}

export function accessDenied(ctx: FailureContext): string {
  const action = `glacier:${OPERATIONS[ctx.op]!.name}`;
  return errorFragment(AUTHZ_ERROR_CODE, `User: ${ctx.callerArn} is not authorized to perform: ${action} on resource: ${ctx.resourceArn} because no identity-based policy allows the ${action} action`);
}

export function vaultNotFound(vaultArn: string): string {
  return errorFragment('ResourceNotFoundException', `Vault not found for ARN: ${vaultArn}`);
}

/** An injected failure of the kind that fits the operation. */
export function randomFailure(ctx: FailureContext, rng: Rng): string {
  const x = rng.next();
  const op = ctx.op;
  if (op === OP.UploadArchive || op === OP.UploadMultipartPart) {
    if (x < 0.15) return errorFragment('RequestTimeoutException', 'Request timed out.');
    if (x < 0.3) return errorFragment('InvalidParameterValueException', 'Checksum mismatch: the tree hash of the payload does not match the x-amz-sha256-tree-hash header.');
  }
  if (op === OP.InitiateJob && x < 0.15) return errorFragment('PolicyEnforcedException', 'InitiateJob request denied by current data retrieval policy.');
  if (op === OP.CreateVault && x < 0.1) return errorFragment('LimitExceededException', 'The maximum number of vaults has been reached for this account in this Region.');
  if (ctx.isService) {
    return x < 0.7 ? errorFragment('ThrottlingException', 'Rate exceeded') : errorFragment('ServiceUnavailableException', 'Service is temporarily unavailable. Please try again.');
  }
  if (x < 0.5) return accessDenied(ctx);
  if (x < 0.75) return errorFragment('ThrottlingException', 'Rate exceeded');
  if (x < 0.9 && ctx.vaultArn) return vaultNotFound(ctx.vaultArn);
  if (x < 0.96) return errorFragment('InvalidParameterValueException', invalidParameterMessage(op));
  return errorFragment('ServiceUnavailableException', 'Service is temporarily unavailable. Please try again.');
}

function invalidParameterMessage(op: number): string {
  switch (op) {
    case OP.InitiateJob: return 'Invalid job type: archive retrieval requires an ArchiveId.';
    case OP.ListJobs: return 'The job status code is not valid: finished';
    case OP.SetVaultNotifications: return 'Invalid SNS topic ARN.';
    case OP.SetVaultAccessPolicy:
    case OP.InitiateVaultLock: return 'Policy document is invalid: Statement is missing.';
    case OP.AddTagsToVault: return 'Tag key exceeds the maximum length of 128 characters.';
    default: return 'Invalid parameter value.';
  }
}
