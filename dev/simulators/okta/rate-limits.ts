/**
 * Okta's rate limits: one budget per endpoint family, on a window of about a minute that starts
 * with the family's first call (not aligned to the clock minute), reported on every response.
 */

export type RateLimitBucket = 'users' | 'groups' | 'apps' | 'logs' | 'roles' | 'policies' | 'token' | 'other';

export interface BucketLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimitConfig = Record<RateLimitBucket, BucketLimit>;

const MINUTE = 60;

/** High enough that tests never meet them by accident. */
export const generousRateLimits: RateLimitConfig = {
  users: { limit: 1_000_000, windowSeconds: MINUTE },
  groups: { limit: 1_000_000, windowSeconds: MINUTE },
  apps: { limit: 1_000_000, windowSeconds: MINUTE },
  logs: { limit: 1_000_000, windowSeconds: MINUTE },
  roles: { limit: 1_000_000, windowSeconds: MINUTE },
  policies: { limit: 1_000_000, windowSeconds: MINUTE },
  token: { limit: 1_000_000, windowSeconds: MINUTE },
  other: { limit: 1_000_000, windowSeconds: MINUTE },
};

/** Okta-like per-minute numbers for a typical org, for demos and benchmarks. */
export const realisticRateLimits: RateLimitConfig = {
  users: { limit: 600, windowSeconds: MINUTE },
  groups: { limit: 500, windowSeconds: MINUTE },
  apps: { limit: 100, windowSeconds: MINUTE },
  logs: { limit: 120, windowSeconds: MINUTE },
  roles: { limit: 600, windowSeconds: MINUTE },
  policies: { limit: 100, windowSeconds: MINUTE },
  token: { limit: 600, windowSeconds: MINUTE },
  other: { limit: 600, windowSeconds: MINUTE },
};

const PREFIXES: Array<[string, RateLimitBucket]> = [
  // Factors, roles and groups of a user share the /api/v1/users budget.
  ['/api/v1/users', 'users'],
  ['/api/v1/groups', 'groups'],
  ['/api/v1/apps', 'apps'],
  ['/api/v1/logs', 'logs'],
  ['/api/v1/iam', 'roles'],
  ['/api/v1/policies', 'policies'],
  ['/oauth2/', 'token'],
];

export function rateLimitBucketFor(pathname: string): RateLimitBucket {
  for (const [prefix, bucket] of PREFIXES) {
    if (pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return bucket;
  }
  return 'other';
}

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds. */
  resetAt: number;
}

interface Window {
  startedAt: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<RateLimitBucket, Window>();
  private readonly initial: RateLimitConfig;
  private config: RateLimitConfig;

  constructor(
    config: Partial<Record<RateLimitBucket, Partial<BucketLimit>>> | undefined,
    private readonly now: () => number,
  ) {
    this.initial = mergeConfig(generousRateLimits, config);
    this.config = this.initial;
  }

  configure(config: Partial<Record<RateLimitBucket, Partial<BucketLimit>>>): void {
    this.config = mergeConfig(this.config, config);
    this.windows.clear();
  }

  /** Counts one request against the bucket. */
  take(bucket: RateLimitBucket): RateLimitState {
    const window = this.currentWindow(bucket);
    const { limit } = this.config[bucket];
    const allowed = window.used < limit;
    if (allowed) window.used += 1;
    return { allowed, limit, remaining: Math.max(0, limit - window.used), resetAt: this.resetAt(bucket, window) };
  }

  /** The bucket's state without counting a request (for responses a fault short-circuits). */
  peek(bucket: RateLimitBucket): RateLimitState {
    const window = this.currentWindow(bucket);
    const { limit } = this.config[bucket];
    return { allowed: window.used < limit, limit, remaining: Math.max(0, limit - window.used), resetAt: this.resetAt(bucket, window) };
  }

  /** Back to the limits given at construction, with fresh windows. */
  reset(): void {
    this.config = this.initial;
    this.windows.clear();
  }

  private currentWindow(bucket: RateLimitBucket): Window {
    const now = this.now();
    const windowMs = this.config[bucket].windowSeconds * 1000;
    let window = this.windows.get(bucket);
    if (!window || now >= window.startedAt + windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  private resetAt(bucket: RateLimitBucket, window: Window): number {
    return Math.ceil((window.startedAt + this.config[bucket].windowSeconds * 1000) / 1000);
  }
}

function mergeConfig(
  base: RateLimitConfig,
  overrides: Partial<Record<RateLimitBucket, Partial<BucketLimit>>> | undefined,
): RateLimitConfig {
  const merged = { ...base };
  for (const [bucket, override] of Object.entries(overrides ?? {}) as Array<[RateLimitBucket, Partial<BucketLimit>]>) {
    merged[bucket] = { ...base[bucket], ...override };
  }
  return merged;
}
