/**
 * TypeScript types of CloudTrail records as AWS writes them (reference sections 1 and 2), for
 * any service. They describe the documented shape; the validator (src/validate) is what checks
 * that a value has it. Real records are messier than the docs, so most fields are optional and
 * several are `string | null` or free-form; see schemas/cloudtrail-record.schema.json.
 */

/** `"true"` / `"false"` as JSON strings: how AWS writes mfaAuthenticated and sessionCredentialFromConsole. */
export type StringBoolean = 'true' | 'false';

export type EventType = 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleAction' | 'AwsConsoleSignIn' | 'AwsCloudTrailInsight' | 'AwsVpceEvent';
export type EventCategory = 'Management' | 'Data' | 'NetworkActivity' | 'Insight';

export type UserIdentityType =
  | 'Root' | 'IAMUser' | 'AssumedRole' | 'Role' | 'FederatedUser' | 'Directory' | 'AWSAccount'
  | 'AWSService' | 'IdentityCenterUser' | 'SAMLUser' | 'WebIdentityUser' | 'Unknown';

export interface SessionIssuer {
  type?: 'Root' | 'IAMUser' | 'Role';
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
}

export interface SessionContext {
  /** `{}` on IAM-user sessions. */
  sessionIssuer?: SessionIssuer;
  webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
  attributes?: { creationDate?: string; mfaAuthenticated?: StringBoolean };
  sourceIdentity?: string;
  ec2RoleDelivery?: '1.0' | '2.0';
  ec2Issuer?: string;
  assumedRoot?: StringBoolean;
  signInSessionArn?: string;
}

/** Fields any userIdentity may carry; which ones are present depends on `type` (reference 2.2). */
export interface UserIdentityBase {
  principalId?: string;
  /** An ARN, or `""` (Identity Center sign-in). */
  arn?: string;
  accountId?: string;
  /** `AKIA…`, `ASIA…` or `""`. */
  accessKeyId?: string;
  userName?: string;
  sessionContext?: SessionContext;
  /** Service principal (`lambda.amazonaws.com`) or `AWS Internal`. */
  invokedBy?: string;
  invokedByDelegate?: { accountId?: string };
  onBehalfOf?: { userId?: string; identityStoreArn?: string };
  inScopeOf?: { sourceArn?: string; sourceAccount?: string; issuerType?: string; credentialsIssuedTo?: string };
  credentialId?: string;
  identityProvider?: string;
}

export interface RootIdentity extends UserIdentityBase { type: 'Root'; principalId: string; arn: string; accountId: string }
export interface IAMUserIdentity extends UserIdentityBase { type: 'IAMUser'; principalId: string; accountId: string }
export interface AssumedRoleIdentity extends UserIdentityBase { type: 'AssumedRole'; principalId: string; arn: string; accountId: string }
export interface FederatedUserIdentity extends UserIdentityBase { type: 'FederatedUser'; principalId: string; arn: string; accountId: string }
export interface AWSAccountIdentity extends UserIdentityBase { type: 'AWSAccount'; accountId: string }
export interface AWSServiceIdentity extends UserIdentityBase { type: 'AWSService'; invokedBy: string }
export interface SAMLUserIdentity extends UserIdentityBase { type: 'SAMLUser'; principalId: string; identityProvider: string }
export interface WebIdentityUserIdentity extends UserIdentityBase { type: 'WebIdentityUser'; principalId: string; identityProvider: string }
export interface IdentityCenterUserIdentity extends UserIdentityBase { type: 'IdentityCenterUser'; accountId: string }
export interface OtherIdentity extends UserIdentityBase { type: 'Role' | 'Directory' | 'Unknown' }
/** Real service events (S3 Batch, KMS) may carry a userIdentity with no type: only accountId and/or invokedBy. */
export interface UntypedIdentity extends UserIdentityBase { type?: undefined }

export type UserIdentity =
  | RootIdentity | IAMUserIdentity | AssumedRoleIdentity | FederatedUserIdentity | AWSAccountIdentity
  | AWSServiceIdentity | SAMLUserIdentity | WebIdentityUserIdentity | IdentityCenterUserIdentity
  | OtherIdentity | UntypedIdentity;

export interface TlsDetails {
  tlsVersion?: string;
  cipherSuite?: string;
  clientProvidedHostHeader?: string;
  keyExchange?: string;
}

export interface Resource {
  accountId?: string;
  type?: string;
  /** Upper-case key, as AWS writes it; some records carry ARNPrefix instead. */
  ARN?: string;
  ARNPrefix?: string;
}

export interface Addendum {
  reason: 'DELIVERY_DELAY' | 'UPDATED_DATA' | 'SERVICE_OUTAGE';
  updatedFields?: string;
  originalRequestID?: string;
  originalEventID?: string;
}

export interface InsightDetails {
  state: 'Start' | 'End';
  eventSource?: string;
  eventName?: string;
  errorCode?: string;
  insightType: 'ApiCallRateInsight' | 'ApiErrorRateInsight';
  insightContext?: Record<string, unknown>;
}

/** One element of a log file's `Records` array. */
export interface CloudTrailRecord {
  /** `"1.NN"`; the newest documented version is 1.11. */
  eventVersion: string;
  /** Absent only on Insights records. */
  userIdentity?: UserIdentity;
  /** UTC, whole seconds: `YYYY-MM-DDTHH:MM:SSZ`. */
  eventTime: string;
  eventSource?: string;
  eventName?: string;
  awsRegion: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | string | null;
  requestID?: string;
  /** Lowercase UUID. */
  eventID: string;
  readOnly?: boolean;
  resources?: Resource[];
  eventType: EventType;
  apiVersion?: string;
  managementEvent?: boolean;
  /** 12 digits. */
  recipientAccountId: string;
  serviceEventDetails?: Record<string, unknown> | string;
  sharedEventID?: string;
  vpcEndpointId?: string;
  vpcEndpointAccountId?: string;
  eventCategory?: EventCategory;
  addendum?: Addendum;
  sessionCredentialFromConsole?: StringBoolean;
  edgeDeviceDetails?: Record<string, unknown> | string;
  tlsDetails?: TlsDetails;
  eventContext?: Record<string, unknown>;
  insightDetails?: InsightDetails;
}

/** The gunzipped body of a log file. */
export interface CloudTrailLogFile {
  Records: CloudTrailRecord[];
}

/** The newest eventVersion the CloudTrail docs describe (reference 1.1); newer ones are warnings. */
export const NEWEST_EVENT_VERSION = '1.11';
