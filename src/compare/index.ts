/** `compare`: how close two sets of CloudTrail are (see ./metrics.ts and docs/twin.md). */
export { compareRecords, compareSides, collect, THRESHOLDS, MIN_RATE_RECORDS, type CompareReport, type MetricResult, type Verdict, type CompareInput, type CompareOptions } from './metrics.js';
export { formatText, formatHtml } from './render.js';
export { jsDistance, ksStatistic } from './distances.js';
