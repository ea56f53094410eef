/** One simulated API call, ready for rendering: the varying parts of a CloudTrail record. */
export interface SimEvent {
  /** eventTime, whole epoch seconds. */
  t: number;
  /** Sequence number within the unit: the counter for this record's hashed random values. */
  seq: number;
  unit: number;
  actor: number;
  op: number;
  /** requestParameters JSON text. */
  req: string;
  /** responseElements JSON text ('null' for read-only calls, calls without output and failures). */
  resp: string;
  /** `,"errorCode":...,"errorMessage":...` fragment, or '' on success. */
  error: string;
  /** Ground-truth labels of a scripted step; never rendered into the record. */
  labels?: string[];
  step?: string;
}
