/**
 * Graph's throttling as token buckets, one per (family, scope). The defaults are generous so
 * tests run fast; `realisticThrottling` carries the documented numbers for demos and benchmarks.
 *
 * Families follow the reference: identity and access (users, groups, apps, roles; resource-unit
 * costs per app+tenant), identity and access reports (sign-ins, registration details; per
 * app+tenant), the stricter signInActivity limit, and conditional access (per tenant, all apps,
 * and its 429s carry no Retry-After).
 */

export type ThrottleFamily = 'directory' | 'reports' | 'signInActivity' | 'conditionalAccess';

export interface BucketConfig {
  /** Burst size, in resource units (directory) or requests (others). */
  capacity: number;
  refillPerSecond: number;
}

export type ThrottlingConfig = Readonly<Record<ThrottleFamily, BucketConfig>>;

const unlimited: BucketConfig = { capacity: 1e9, refillPerSecond: 1e9 };

export const generousThrottling: ThrottlingConfig = {
  directory: unlimited,
  reports: unlimited,
  signInActivity: unlimited,
  conditionalAccess: unlimited,
};

/**
 * Documented limits: 3,500/5,000/8,000 resource units per 10 s per app+tenant for tenants under
 * 50, up to 500 and over 500 users; 5 report requests per 10 s; signInActivity 10 per minute;
 * conditional access 1 request per second per tenant.
 */
export function realisticThrottlingFor(userCount: number): ThrottlingConfig {
  const directoryUnits = userCount < 50 ? 3500 : userCount <= 500 ? 5000 : 8000;
  return {
    directory: { capacity: directoryUnits, refillPerSecond: directoryUnits / 10 },
    reports: { capacity: 5, refillPerSecond: 0.5 },
    signInActivity: { capacity: 10, refillPerSecond: 10 / 60 },
    conditionalAccess: { capacity: 1, refillPerSecond: 1 },
  };
}

/** The small-tenant preset. */
export const realisticThrottling: ThrottlingConfig = realisticThrottlingFor(0);

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface ThrottleCharge {
  family: ThrottleFamily;
  /** Bucket scope, e.g. `${tenantId}/${appId}`; conditional access uses the tenant alone. */
  scope: string;
  cost: number;
}

export class Throttler {
  private buckets = new Map<string, Bucket>();

  constructor(private config: ThrottlingConfig) {}

  configure(config: ThrottlingConfig): void {
    this.config = config;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  /**
   * Takes every charge or none. Returns undefined when allowed, else the whole seconds until the
   * emptiest bucket has refilled enough (at least 1, as Graph never says 0).
   */
  take(charges: readonly ThrottleCharge[], nowMs: number): { family: ThrottleFamily; retryAfterSeconds: number } | undefined {
    const resolved = charges.map((c) => ({ charge: c, bucket: this.bucket(c, nowMs), cfg: this.config[c.family] }));
    for (const { charge, bucket, cfg } of resolved) {
      if (bucket.tokens < charge.cost) {
        const missing = Math.min(charge.cost, cfg.capacity) - bucket.tokens;
        return { family: charge.family, retryAfterSeconds: Math.max(1, Math.ceil(missing / cfg.refillPerSecond)) };
      }
    }
    for (const { charge, bucket } of resolved) bucket.tokens -= charge.cost;
    return undefined;
  }

  private bucket(charge: ThrottleCharge, nowMs: number): Bucket {
    const cfg = this.config[charge.family];
    const key = `${charge.family}|${charge.scope}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: cfg.capacity, updatedMs: nowMs };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(cfg.capacity, bucket.tokens + elapsed * cfg.refillPerSecond);
    bucket.updatedMs = nowMs;
    return bucket;
  }
}

/**
 * Resource-unit cost of a directory request: base cost per endpoint, -1 with $select, +1 with
 * $expand, -1 with $top under 20, never below 1.
 */
export function resourceUnitCost(base: number, q: { select: boolean; expand: boolean; top?: number }): number {
  let cost = base;
  if (q.select) cost -= 1;
  if (q.expand) cost += 1;
  if (q.top !== undefined && q.top < 20) cost -= 1;
  return Math.max(1, cost);
}
