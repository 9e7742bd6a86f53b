/** What every Entra data set gets from its session. */
import type { GraphClient } from './graph-client.js';
import type { EntraKeys } from './keys.js';

export interface EntraEnv {
  client: GraphClient;
  /** Keys of the authenticated tenant; only valid once the session authenticated. */
  keys(): EntraKeys;
}

/** Graph's throttling families, as HttpClient concurrency buckets. */
export const BUCKET = {
  directory: 'graph:directory',
  reports: 'graph:reports',
  ca: 'graph:ca',
  signIns: 'graph:signins',
} as const;
