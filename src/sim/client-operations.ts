/**
 * What a client program can call. The Terraform AWS provider implements two Glacier resources,
 * `aws_glacier_vault` (CreateVault, DescribeVault, tags, access policy, notifications,
 * DeleteVault) and `aws_glacier_vault_lock` (InitiateVaultLock, GetVaultLock,
 * CompleteVaultLock, AbortVaultLock) (registry.terraform.io/providers/hashicorp/aws, resources
 * glacier_vault and glacier_vault_lock): it never uploads archives, starts or polls jobs.
 */
import { OP, OPERATIONS } from '../glacier/operations.js';
import type { ClientStyle } from '../scenario/types.js';

const TERRAFORM_OPS = [
  OP.CreateVault, OP.DescribeVault, OP.DeleteVault, OP.ListTagsForVault, OP.AddTagsToVault, OP.RemoveTagsFromVault,
  OP.SetVaultAccessPolicy, OP.GetVaultAccessPolicy, OP.DeleteVaultAccessPolicy,
  OP.SetVaultNotifications, OP.GetVaultNotifications, OP.DeleteVaultNotifications,
  OP.InitiateVaultLock, OP.GetVaultLock, OP.CompleteVaultLock, OP.AbortVaultLock,
];

const TERRAFORM = new Uint8Array(OPERATIONS.length);
for (const op of TERRAFORM_OPS) TERRAFORM[op] = 1;

/** 1 for each operation the client makes; null when it can make any. */
export function clientOperations(client: ClientStyle | undefined): Uint8Array | null {
  return client === 'terraform' ? TERRAFORM : null;
}

export { TERRAFORM_OPS };
