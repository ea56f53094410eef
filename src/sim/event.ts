/** One simulated API call, ready for rendering: the varying parts of a CloudTrail record. */

/** Which service's record this is; Glacier calls are the default and the hot path. */
export type EventKind = 'glacier' | 'sts-assume-role' | 'sts-assume-role-saml' | 'sts-federation-token' | 'console-login';

export interface SimEvent {
  /** eventTime, whole epoch seconds. */
  t: number;
  /** Sequence number within the unit: the counter for this record's hashed random values. */
  seq: number;
  unit: number;
  actor: number;
  /** Glacier operation index (kind 'glacier'). */
  op: number;
  /** requestParameters JSON text. */
  req: string;
  /** responseElements JSON text ('null' for read-only calls, calls without output and failures). */
  resp: string;
  /** `,"errorCode":...,"errorMessage":...` fragment, or '' on success. */
  error: string;
  /** Credential session of the caller (index and start, epoch s); absent for long-term keys. */
  session?: number;
  sessionStart?: number;
  kind?: EventKind;
  /** For STS records: the calling actor (-1: ec2.amazonaws.com for an instance profile; -2: the service itself, for its service-linked role). */
  caller?: number;
  /** Extra top-level fields after readOnly (e.g. `,"resources":[...]`). */
  extra?: string;
  /** sharedEventID when the same call is delivered to two accounts. */
  shared?: string;
  /** For a copy delivered to a second account: the original's unit and seq (same requestID and address). */
  copyOf?: { unit: number; seq: number };
  /** Ground-truth labels of a scripted step; never rendered into the record. */
  labels?: string[];
  step?: string;
  /** A scripted call that failed because of the world's state, though its step did not ask for a failure (`fail:`). */
  unexpectedFailure?: true;
}
