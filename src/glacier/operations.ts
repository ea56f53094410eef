/**
 * The 33 Glacier vault API operations as CloudTrail logs them (reference:
 * glacier-operations.json; readOnly from the IAM access level Read/List). Indices are stable
 * and used in the hot loop instead of names.
 */
export interface OperationInfo {
  name: string;
  readOnly: boolean;
  /** AWS CLI sub-command, used in CLI v2 user agents (`md/command#glacier.<cli>`). */
  cli: string;
  /** Whether the call targets a vault (vaultName in requestParameters). */
  vault: boolean;
}

const table: Array<[string, boolean, boolean]> = [
  ['AbortMultipartUpload', false, true],
  ['AbortVaultLock', false, true],
  ['AddTagsToVault', false, true],
  ['CompleteMultipartUpload', false, true],
  ['CompleteVaultLock', false, true],
  ['CreateVault', false, true],
  ['DeleteArchive', false, true],
  ['DeleteVault', false, true],
  ['DeleteVaultAccessPolicy', false, true],
  ['DeleteVaultNotifications', false, true],
  ['DescribeJob', true, true],
  ['DescribeVault', true, true],
  ['GetDataRetrievalPolicy', true, false],
  ['GetJobOutput', true, true],
  ['GetVaultAccessPolicy', true, true],
  ['GetVaultLock', true, true],
  ['GetVaultNotifications', true, true],
  ['InitiateJob', false, true],
  ['InitiateMultipartUpload', false, true],
  ['InitiateVaultLock', false, true],
  ['ListJobs', true, true],
  ['ListMultipartUploads', true, true],
  ['ListParts', true, true],
  ['ListProvisionedCapacity', true, false],
  ['ListTagsForVault', true, true],
  ['ListVaults', true, false],
  ['PurchaseProvisionedCapacity', false, false],
  ['RemoveTagsFromVault', false, true],
  ['SetDataRetrievalPolicy', false, false],
  ['SetVaultAccessPolicy', false, true],
  ['SetVaultNotifications', false, true],
  ['UploadArchive', false, true],
  ['UploadMultipartPart', false, true],
];

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());

export const OPERATIONS: readonly OperationInfo[] = table.map(([name, readOnly, vault]) => ({ name, readOnly, vault, cli: kebab(name) }));

export const OPERATION_NAMES: readonly string[] = OPERATIONS.map((o) => o.name);

const indexByName = new Map(OPERATION_NAMES.map((n, i) => [n, i]));

export function operationIndex(name: string): number {
  const i = indexByName.get(name);
  if (i === undefined) throw new RangeError(`unknown Glacier operation ${name}`);
  return i;
}

/** Operation indices by name, for readable code in the simulator. */
export const OP = Object.fromEntries(OPERATION_NAMES.map((n, i) => [n, i])) as Record<
  | 'AbortMultipartUpload' | 'AbortVaultLock' | 'AddTagsToVault' | 'CompleteMultipartUpload' | 'CompleteVaultLock'
  | 'CreateVault' | 'DeleteArchive' | 'DeleteVault' | 'DeleteVaultAccessPolicy' | 'DeleteVaultNotifications'
  | 'DescribeJob' | 'DescribeVault' | 'GetDataRetrievalPolicy' | 'GetJobOutput' | 'GetVaultAccessPolicy'
  | 'GetVaultLock' | 'GetVaultNotifications' | 'InitiateJob' | 'InitiateMultipartUpload' | 'InitiateVaultLock'
  | 'ListJobs' | 'ListMultipartUploads' | 'ListParts' | 'ListProvisionedCapacity' | 'ListTagsForVault'
  | 'ListVaults' | 'PurchaseProvisionedCapacity' | 'RemoveTagsFromVault' | 'SetDataRetrievalPolicy'
  | 'SetVaultAccessPolicy' | 'SetVaultNotifications' | 'UploadArchive' | 'UploadMultipartPart',
  number
>;

export const OPERATION_COUNT = OPERATIONS.length;
