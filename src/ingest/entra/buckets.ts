/** Graph's throttling families, as HttpClient concurrency buckets. */
export const BUCKET = {
  directory: 'graph:directory',
  reports: 'graph:reports',
  ca: 'graph:ca',
  signIns: 'graph:signins',
} as const;
