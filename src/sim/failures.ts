/**
 * Which error a failed call gets, worded as AWS words it (reference 5.2 and 5.7), and only
 * errors the operation can return (glacier-operations.json `errors`, plus ThrottlingException,
 * which every AWS JSON API documents). Authorization failures come from sim/permissions.ts,
 * never from dice; not-found errors come from the world's state (calls.ts). What is left to
 * chance (an activity's `errorRate`) is what no policy or state decides: throttling, which
 * comes in bursts of the principal's calls, 5xx, timeouts of large uploads, and the few
 * validation errors a request we send can provoke.
 *
 * The authorization error code is uncertain (AccessDenied vs AccessDeniedException,
 * reference 7.3); we write `AccessDenied`. Change AUTHZ_ERROR_CODE to switch.
 */
import type { Rng } from '../random/rng.js';
import { OPERATIONS, OP } from '../glacier/operations.js';
import type { ClientStyle } from '../scenario/types.js';
import { denialSentence, type DenyReason } from './permissions.js';

export const AUTHZ_ERROR_CODE = 'AccessDenied';

export function errorFragment(code: string, message: string): string {
  return `,"errorCode":"${code}","errorMessage":${JSON.stringify(message)}`;
}

/** `User: <arn> is not authorized to perform: glacier:<Op> on resource: <arn> <reason>`. */
export function accessDenied(op: number, callerArn: string, resourceArn: string, reason: DenyReason, code = AUTHZ_ERROR_CODE): string {
  const action = `glacier:${OPERATIONS[op]!.name}`;
  return errorFragment(code, `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn} ${denialSentence(reason, action)}`);
}

export function vaultNotFound(vaultArn: string): string {
  return errorFragment('ResourceNotFoundException', `Vault not found for ARN: ${vaultArn}`);
}

export const THROTTLED = errorFragment('ThrottlingException', 'Rate exceeded');
export const UNAVAILABLE = errorFragment('ServiceUnavailableException', 'Service is temporarily unavailable. Please try again.');
const TIMED_OUT = errorFragment('RequestTimeoutException', 'Request timed out.');

/** Whether an SDK retries the error: throttling and transient errors (botocore retries/standard.py, _retry.json). */
export function isRetryable(error: string): boolean {
  return error === THROTTLED || error === UNAVAILABLE || error === TIMED_OUT;
}

/**
 * An error that neither policy nor state explains, after the activity's error dice came up.
 * `startBurst` is called when the answer is throttling: the account-region's rate limit holds
 * for a while, so the principal's next calls (and its SDK's retries) are throttled too.
 */
export function chanceFailure(op: number, rng: Rng, isService: boolean, startBurst: () => void): string {
  const x = rng.next();
  if (op === OP.UploadArchive || op === OP.UploadMultipartPart) {
    if (x < 0.15) return TIMED_OUT;
    if (x < 0.3) return errorFragment('InvalidParameterValueException', 'Checksum mismatch: the tree hash of the payload does not match the x-amz-sha256-tree-hash header.');
  }
  if (op === OP.InitiateJob && x < 0.15) return errorFragment('PolicyEnforcedException', 'InitiateJob request denied by current data retrieval policy.');
  if (!isService && x >= 0.3 && x < 0.45) {
    const invalid = invalidParameterMessage(op);
    if (invalid) return errorFragment('InvalidParameterValueException', invalid);
  }
  if (x < 0.8) {
    startBurst();
    return THROTTLED;
  }
  return UNAVAILABLE;
}

/** A validation error one of the parameters we send can provoke; null when the request has none to get wrong. */
function invalidParameterMessage(op: number): string | null {
  switch (op) {
    case OP.SetVaultNotifications: return 'Invalid SNS topic ARN.';
    case OP.SetVaultAccessPolicy:
    case OP.InitiateVaultLock: return 'Policy document is invalid: Statement is missing.';
    case OP.AddTagsToVault: return 'Tag key exceeds the maximum length of 128 characters.';
    case OP.CompleteMultipartUpload: return 'The checksum of the archive does not match the tree hash of its parts.';
    default: return null;
  }
}

/** A scripted `fail:` code, with the message Glacier gives it. */
export function scriptedFailure(code: string): string {
  switch (code) {
    case 'ThrottlingException': return THROTTLED;
    case 'ServiceUnavailableException': return UNAVAILABLE;
    case 'RequestTimeoutException': return TIMED_OUT;
    case 'LimitExceededException': return errorFragment(code, 'The maximum number of vaults has been reached for this account in this Region.');
    case 'PolicyEnforcedException': return errorFragment(code, 'InitiateJob request denied by current data retrieval policy.');
    case 'InsufficientCapacityException': return errorFragment(code, 'There is not enough capacity to process this Expedited retrieval request.');
    case 'MissingParameterValueException': return errorFragment(code, 'Required parameter is missing.');
    case 'InvalidParameterValueException': return errorFragment(code, 'Invalid parameter value.');
    default: return errorFragment(code, code.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2') + '.');
  }
}

/**
 * How a client retries a throttled or transient failure: the same request again after a
 * backoff, up to `attempts` calls in all. Sources: boto3/botocore "Retries" guide
 * (https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html): legacy mode
 * (boto3 and CLI v1 default) 5 attempts, delay rand(0,1) * 2^(n-1) s; standard mode (CLI v2
 * default) 3 attempts, delay rand(0,1) * 2^n s capped at 20 s. The JS v3, Go v2 and Java v2
 * SDKs default to standard mode with 3 attempts (AWS SDKs and Tools Reference Guide, "Retry
 * behavior"); Java v1 makes 3 retries (PredefinedRetryPolicies.DEFAULT_MAX_ERROR_RETRY, full
 * jitter, 500 ms base for throttling). The Terraform AWS provider retries up to its
 * max_retries (25 by default). The console and hand-written HTTP tooling do not retry.
 */
export interface RetryPolicy {
  attempts: number;
  /** Seconds before attempt number `n + 1` (n = attempts made so far, from 1). */
  delay(n: number, rng: Rng): number;
}

const NO_RETRY: RetryPolicy = { attempts: 1, delay: () => 0 };
const LEGACY: RetryPolicy = { attempts: 5, delay: (n, rng) => rng.next() * 2 ** (n - 1) };
const STANDARD: RetryPolicy = { attempts: 3, delay: (n, rng) => Math.min(20, rng.next() * 2 ** n) };
const JAVA_V1: RetryPolicy = { attempts: 4, delay: (n, rng) => Math.min(20, rng.next() * 0.5 * 2 ** n) };
const TERRAFORM: RetryPolicy = { attempts: 25, delay: (n, rng) => Math.min(20, rng.next() * 2 ** n) };

export function retryPolicy(client: ClientStyle | undefined): RetryPolicy {
  switch (client) {
    case 'aws-cli-v1':
    case 'boto3': return LEGACY;
    case 'aws-cli-v2':
    case 'sdk-java-v2':
    case 'sdk-js-v3':
    case 'sdk-go-v2': return STANDARD;
    case 'sdk-java-v1': return JAVA_V1;
    case 'terraform': return TERRAFORM;
    default: return NO_RETRY;
  }
}
