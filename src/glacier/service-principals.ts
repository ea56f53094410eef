/**
 * The AWS services that can call the Glacier vault API, through their service-linked roles.
 *
 * Of AWS's managed policies, only two service-role policies grant any `glacier:` action (the
 * managed-policy index of github.com/badele/aws-policies-analyzer-docs, services/glacier.md and
 * policies/*.md, snapshot of 2025-04-18): AWSResourceExplorerServiceRolePolicy (`ListVaults`,
 * to index vaults) and AWSSupportServiceRolePolicy (read-only Describe/Get/List, for AWS Support
 * and Trusted Advisor). AWS Backup, AWS Config and IAM Access Analyzer hold no `glacier:` action,
 * so a service principal doing anything else on a vault would be a record no real trail holds.
 *
 * Role and session names: Resource Explorer's from real records (a 2026-02 trail:
 * `assumed-role/AWSServiceRoleForResourceExplorer/resource-explorer-2`, the role under
 * `role/aws-service-role/resource-explorer-2.amazonaws.com/`, `invokedBy`, `sourceIPAddress` and
 * `userAgent` all `resource-explorer-2.amazonaws.com`, one-hour sessions). AWS Support's role
 * name is IAM's `AWSServiceRoleFor<Name>` rule; its session name is inferred (the service
 * prefix, as Resource Explorer's is) [I: no real record seen].
 */
import { OP } from './operations.js';

export interface GlacierServicePrincipal {
  role: string;
  session: string;
  /** Every Glacier operation the role's policy allows; the service calls nothing else. */
  operations: readonly number[];
}

export const GLACIER_SERVICE_PRINCIPALS: Readonly<Record<string, GlacierServicePrincipal>> = {
  'resource-explorer-2.amazonaws.com': { role: 'AWSServiceRoleForResourceExplorer', session: 'resource-explorer-2', operations: [OP.ListVaults] },
  'support.amazonaws.com': {
    role: 'AWSServiceRoleForSupport',
    session: 'support',
    operations: [
      OP.DescribeJob, OP.DescribeVault, OP.GetDataRetrievalPolicy, OP.GetVaultAccessPolicy, OP.GetVaultLock,
      OP.GetVaultNotifications, OP.ListJobs, OP.ListTagsForVault, OP.ListVaults,
    ],
  },
};

/** The service a scenario's AWSService actor gets when it names none. */
export const DEFAULT_GLACIER_SERVICE = 'resource-explorer-2.amazonaws.com';
