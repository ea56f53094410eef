/**
 * What a client program can call. The Terraform AWS provider implements two Glacier resources,
 * `aws_glacier_vault` (CreateVault, DescribeVault, tags, access policy, notifications,
 * DeleteVault) and `aws_glacier_vault_lock` (InitiateVaultLock, GetVaultLock,
 * CompleteVaultLock, AbortVaultLock) (registry.terraform.io/providers/hashicorp/aws, resources
 * glacier_vault and glacier_vault_lock): it never uploads archives, starts or polls jobs.
 *
 * The S3 Glacier console manages vaults and their settings, not data: create, list, view
 * (describe) and delete vaults; vault notifications ("Configuring Vault Notifications by Using
 * the S3 Glacier Console"); tags; Vault Lock ("Locking a Vault by Using the S3 Glacier
 * Console", vault-lock-walkthrough.html); data retrieval settings and provisioned capacity
 * ("Purchasing Provisioned Capacity Using the S3 Glacier Console"). Archives are uploaded and
 * retrieved only with the CLI, SDKs or the REST API ("you cannot upload archives by using the
 * console", Getting Started, "Step 3: Upload an Archive to a Vault"), so the console never makes
 * archive, multipart or job calls. The vault access policy has no console page in the developer
 * guide (only API/SDK examples), so it stays out too.
 *
 * A service principal calls what its service-linked role's policy allows
 * (glacier/service-principals.ts): Resource Explorer only lists vaults.
 */
import { OP, OPERATIONS } from '../glacier/operations.js';
import { GLACIER_SERVICE_PRINCIPALS } from '../glacier/service-principals.js';
import type { ClientStyle } from '../scenario/types.js';

const TERRAFORM_OPS = [
  OP.CreateVault, OP.DescribeVault, OP.DeleteVault, OP.ListTagsForVault, OP.AddTagsToVault, OP.RemoveTagsFromVault,
  OP.SetVaultAccessPolicy, OP.GetVaultAccessPolicy, OP.DeleteVaultAccessPolicy,
  OP.SetVaultNotifications, OP.GetVaultNotifications, OP.DeleteVaultNotifications,
  OP.InitiateVaultLock, OP.GetVaultLock, OP.CompleteVaultLock, OP.AbortVaultLock,
];

const CONSOLE_OPS = [
  OP.ListVaults, OP.DescribeVault, OP.CreateVault, OP.DeleteVault,
  OP.SetVaultNotifications, OP.GetVaultNotifications, OP.DeleteVaultNotifications,
  OP.ListTagsForVault, OP.AddTagsToVault, OP.RemoveTagsFromVault,
  OP.InitiateVaultLock, OP.GetVaultLock, OP.CompleteVaultLock, OP.AbortVaultLock,
  OP.GetDataRetrievalPolicy, OP.SetDataRetrievalPolicy, OP.ListProvisionedCapacity, OP.PurchaseProvisionedCapacity,
];

function table(ops: number[]): Uint8Array {
  const t = new Uint8Array(OPERATIONS.length);
  for (const op of ops) t[op] = 1;
  return t;
}

const TERRAFORM = table(TERRAFORM_OPS);
const CONSOLE = table(CONSOLE_OPS);

/** 1 for each operation the client makes; null when it can make any. */
export function clientOperations(client: ClientStyle | undefined): Uint8Array | null {
  return client === 'terraform' ? TERRAFORM : client === 'console' ? CONSOLE : null;
}

/** 1 for each operation the service's role allows; null for a service we hold no policy for (scenario validation rejects those). */
export function serviceOperations(service: string): Uint8Array | null {
  const known = GLACIER_SERVICE_PRINCIPALS[service];
  return known ? table([...known.operations]) : null;
}

export { CONSOLE_OPS, TERRAFORM_OPS };
