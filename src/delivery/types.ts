/** What the writer reports for each log file it delivered; digests and labels are built from these. */
export interface DeliveredLogFile {
  /** S3 key relative to the bucket root, e.g. `AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/04/...json.gz`. */
  key: string;
  accountId: string;
  region: string;
  /** Delivery time, epoch seconds (the stamp in the file name, in whole minutes). */
  deliveredAt: number;
  /** Lowercase hex SHA-256 of the uncompressed JSON bytes; '' when generated with hashFiles off (the CLI without --digest). */
  sha256: string;
  /** Oldest and newest eventTime in the file, `YYYY-MM-DDTHH:MM:SSZ`. */
  oldestEventTime: string;
  newestEventTime: string;
  records: number;
  /** Compressed size in bytes. */
  bytes: number;
}

/** Where the trail delivers: the bucket, optional key prefix, and organization id for org trails. */
export interface TrailLocation {
  bucket: string;
  trailName: string;
  homeRegion: string;
  /** S3 key prefix without leading or trailing slash; '' for none. */
  prefix: string;
  /** `o-...` for an organization trail, else undefined. */
  organizationId?: string;
}
