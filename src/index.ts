/**
 * trailsmith public API. Everything exported here is covered by the determinism contract
 * (README: same version + scenario + seed = same bytes).
 */
export * from './errors.js';
export type { DeliveredLogFile, TrailLocation } from './delivery/types.js';
export type { Scenario, AccountSpec, ActorSpec, ActivitySpec, VaultSpec, TrailSpec } from './scenario/types.js';
export { loadScenario, parseScenarioText, DEFAULT_SCENARIO, type LoadedScenario } from './scenario/load.js';
export {
  generateFiles, generateRecords, generateRecordLines,
  type GenerateOptions, type GenerateFilesResult, type DigestFileOptions, type FileOutputOptions, type ScenarioInput, type GeneratedRecord, type LabelledRecord,
} from './api.js';
export { sidecarDir, SIDECAR_SUFFIX } from './sidecar.js';
export { verifyTree, type VerifyReport, type VerifyOptions, type IntegrityProblem, type ProblemKind } from './digest/verify.js';
export type { IntegrityResult } from './digest/integrity.js';
export { TAMPER_KINDS, type TamperKind, type TamperLabel } from './digest/tamper.js';
export type { DigestDocument, DigestLogEntry, DigestMetadata, WrittenDigest } from './digest/types.js';
export { compilePlan, type CompileOptions } from './plan/compile.js';
export { OPERATION_NAMES } from './glacier/operations.js';
export {
  validateRecord, validateFile, validateStream, validateLogFileText, validateDigest, validatePaths, checkKey,
  type RecordResult, type RecordValidationOptions, type FileResult, type FileValidationOptions, type RecordReport,
  type InputFormat, type RunOptions, type RunSummary, type KeyInfo, type Issue,
} from './validate/index.js';
export type * from './cloudtrail/types.js';
export { NEWEST_EVENT_VERSION } from './cloudtrail/types.js';
export { uploadTree, createS3Client, parseS3Url, listTreeObjects, UploadError, type UploadOptions, type UploadSummary, type S3Location, type S3ClientOptions } from './s3/index.js';
export { runStream, parseDestination, openSink, STREAM_FORMATS, type StreamOptions, type StreamReport, type StreamFormat, type StreamSink } from './stream/index.js';
export { profileScenario, profileTrail, NothingToProfileError, type ProfileOptions, type ProfileReport, type ProfileResult } from './profile/index.js';
export { compareRecords, THRESHOLDS as COMPARE_THRESHOLDS, type CompareReport, type MetricResult, type CompareInput } from './compare/index.js';
