/** S3 upload of a bucket-root tree. */
export { parseS3Url, objectKey, type S3Location } from './url.js';
export { createS3Client, resolveEndpoint, type S3ClientOptions } from './client.js';
export { listTreeObjects, checkLabelsKey, type TreeObject, type TreeOptions } from './tree.js';
export { unsafeKeyReason, MAX_KEY_BYTES } from './safe-key.js';
export { uploadTree, DEFAULT_UPLOAD_CONCURRENCY, type UploadOptions, type UploadSummary } from './upload.js';
export { UploadError, describeS3Error, type FailedUpload } from './errors.js';
