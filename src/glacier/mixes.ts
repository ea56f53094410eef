/**
 * Named operation mixes: weights for background activity of common roles. Follow-up calls
 * (job polling, multipart parts, lock completion) are scheduled by the simulator and need no
 * weight of their own.
 */
export const NAMED_MIXES: Record<string, Record<string, number>> = {
  'backup-writer': {
    UploadArchive: 50, InitiateMultipartUpload: 8, DescribeVault: 10, ListVaults: 8, ListMultipartUploads: 2,
    ListTagsForVault: 2, DeleteArchive: 4, InitiateJob: 1, CreateVault: 0.3,
  },
  restore: {
    InitiateJob: 20, ListJobs: 10, DescribeVault: 10, ListVaults: 10, GetDataRetrievalPolicy: 2, DescribeJob: 4,
  },
  auditor: {
    ListVaults: 30, DescribeVault: 25, GetVaultAccessPolicy: 10, GetVaultLock: 8, GetVaultNotifications: 8,
    ListTagsForVault: 10, GetDataRetrievalPolicy: 4, ListProvisionedCapacity: 3, ListJobs: 5, ListMultipartUploads: 3,
  },
  admin: {
    ListVaults: 15, DescribeVault: 10, CreateVault: 6, AddTagsToVault: 10, RemoveTagsFromVault: 3, ListTagsForVault: 6,
    SetVaultAccessPolicy: 5, GetVaultAccessPolicy: 5, DeleteVaultAccessPolicy: 1, SetVaultNotifications: 5,
    GetVaultNotifications: 3, DeleteVaultNotifications: 1, InitiateVaultLock: 0.7, GetVaultLock: 2,
    SetDataRetrievalPolicy: 0.7, GetDataRetrievalPolicy: 2, PurchaseProvisionedCapacity: 0.2, ListProvisionedCapacity: 1,
    DeleteVault: 1.5,
  },
  lifecycle: {
    DeleteArchive: 40, UploadArchive: 20, InitiateJob: 8, ListVaults: 10, DescribeVault: 10, ListJobs: 5, DeleteVault: 1,
  },
  everything: {
    AbortMultipartUpload: 1, AbortVaultLock: 1, AddTagsToVault: 3, CompleteMultipartUpload: 1, CompleteVaultLock: 1,
    CreateVault: 3, DeleteArchive: 5, DeleteVault: 1.5, DeleteVaultAccessPolicy: 1, DeleteVaultNotifications: 1,
    DescribeJob: 3, DescribeVault: 6, GetDataRetrievalPolicy: 2, GetJobOutput: 2, GetVaultAccessPolicy: 2,
    GetVaultLock: 2, GetVaultNotifications: 2, InitiateJob: 5, InitiateMultipartUpload: 3, InitiateVaultLock: 1.5,
    ListJobs: 3, ListMultipartUploads: 2, ListParts: 2, ListProvisionedCapacity: 1, ListTagsForVault: 2,
    ListVaults: 6, PurchaseProvisionedCapacity: 1, RemoveTagsFromVault: 2, SetDataRetrievalPolicy: 1,
    SetVaultAccessPolicy: 2, SetVaultNotifications: 2, UploadArchive: 10, UploadMultipartPart: 2,
  },
};
