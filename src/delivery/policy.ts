/** How CloudTrail's delivery of log files varies (scenario `delivery:`; applied in windows.ts and log-file.ts). */

export interface DeliveryPolicy {
  /** Stamps on any minute, 0-4 min after the window (else exactly at its end). */
  irregularStamps: boolean;
  /** Busy windows (30+ records) sometimes delivered as 2-3 files with one stamp. */
  multiFileStamps: boolean;
  /** Share of windows delivered 10-40 minutes late. */
  lateFiles: number;
  /** Share of records delivered a second time, in an extra file with the same stamp. */
  duplicates: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { irregularStamps: true, multiFileStamps: true, lateFiles: 0.01, duplicates: 0 };

/** The exact 5-minute clock of earlier versions: no irregular stamps, no late or split files. */
export const REGULAR_DELIVERY: DeliveryPolicy = { irregularStamps: false, multiFileStamps: false, lateFiles: 0, duplicates: 0 };

