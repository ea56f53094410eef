/**
 * Every identifying value of a record: account IDs, ARNs, principal IDs, access keys, user,
 * role and session names, vault names, addresses, user agents, and the IDs of events, uploads,
 * jobs and archives. AWS service hosts (`support.amazonaws.com`), `AWS Internal` and the role
 * and session names AWS gives a service-linked role (`AWSServiceRoleForResourceExplorer/
 * resource-explorer-2`) are public constants, not the input's data; values under 4 characters
 * (`-`, `us`) match by accident.
 */
const AWS_CONSTANT = /^([a-z0-9.-]+\.amazonaws\.com|AWS Internal)$/;
const FIELDS = new Set([
  'recipientAccountId', 'arn', 'principalId', 'accountId', 'accessKeyId', 'userName', 'sourceIPAddress', 'userAgent',
  'vaultName', 'eventID', 'requestID', 'sharedEventID', 'uploadId', 'jobId', 'archiveId', 'location', 'ARN', 'sessionName', 'roleArn', 'roleSessionName',
]);

export function identifiers(record: unknown, out = new Set<string>()): Set<string> {
  const r = record as { userIdentity?: { type?: string; invokedBy?: string }; requestParameters?: Record<string, unknown> } | null;
  // A service assuming its service-linked role: role ARN and session name are AWS's constants.
  if (r?.userIdentity?.type === 'AWSService' && String(r.requestParameters?.roleArn ?? '').includes(':role/aws-service-role/')) {
    const { roleArn: _arn, roleSessionName: _name, ...rest } = r.requestParameters!;
    walk({ ...r, requestParameters: rest }, '', out);
    return out;
  }
  walk(record, '', out);
  return out;
}

function walk(v: unknown, key: string, out: Set<string>): void {
  if (typeof v === 'string') {
    if (FIELDS.has(key) && v.length >= 4 && !AWS_CONSTANT.test(v)) out.add(v);
    // The session name inside an assumed-role ARN, the user inside a user ARN; not the service
    // host of a service-linked role's path (`role/aws-service-role/support.amazonaws.com/...`)
    // nor a service-linked role's AWS-set session name.
    if (key === 'arn' && v.includes('/') && !v.includes(':assumed-role/AWSServiceRoleFor')) for (const part of v.split('/').slice(1)) if (part.length >= 4 && !AWS_CONSTANT.test(part)) out.add(part);
    return;
  }
  if (Array.isArray(v)) for (const x of v) walk(x, key, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, out);
}

/**
 * The identifiers found in `text` as whole tokens: `user` (a real user name) must not count as
 * leaked by the fresh actor name `user-1`, while `Admin-user` inside an ARN still counts.
 */
export function leaks(text: string, values: Iterable<string>): string[] {
  return [...values].filter((v) => {
    const escaped = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`).test(text);
  });
}
