/**
 * Deterministic fault injection. Each fault is scoped by a path matcher and fires on matching
 * requests after letting `afterRequests` of them through, at most `times` times.
 */

/** A pathname prefix (`/api/v1/users`) or a RegExp tested against the pathname. */
export type PathMatcher = string | RegExp;

export interface FaultScope {
  /** Matches every path when absent, the token endpoint included. */
  path?: PathMatcher;
  /** How many matching requests get the fault; unlimited when absent. */
  times?: number;
  /** Matching requests let through before the fault starts firing. */
  afterRequests?: number;
}

export type FaultAction =
  | { kind: 'status'; status: number; errorCode?: string; errorSummary?: string; headers?: Record<string, string> }
  | { kind: 'rateLimit'; resetSeconds: number }
  | { kind: 'malformed'; body: string }
  | { kind: 'dropConnection' };

interface ActiveFault {
  scope: FaultScope;
  action: FaultAction;
  seen: number;
  fired: number;
}

interface PendingDeletion {
  userId: string;
  remaining: number;
}

export function matchesPath(matcher: PathMatcher | undefined, pathname: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return pathname.startsWith(matcher);
  matcher.lastIndex = 0;
  return matcher.test(pathname);
}

export interface FaultHooks {
  deleteUser(userId: string): void;
  revokeTokens(): void;
}

export class OktaFaults {
  private faults: ActiveFault[] = [];
  private deletions: PendingDeletion[] = [];

  constructor(private readonly hooks: FaultHooks) {}

  /** Any status with an Okta error body, e.g. `{ status: 500, errorCode: 'E0000009' }` or a bare 503. */
  status(options: FaultScope & { status: number; errorCode?: string; errorSummary?: string; headers?: Record<string, string> }): void {
    const { status, errorCode, errorSummary, headers, ...scope } = options;
    this.add(scope, { kind: 'status', status, errorCode, errorSummary, headers });
  }

  /** 429 E0000047 with `X-Rate-Limit-Remaining: 0` and a Reset `resetSeconds` ahead (default 2). */
  rateLimit(options: FaultScope & { resetSeconds?: number } = {}): void {
    const { resetSeconds, ...scope } = options;
    this.add(scope, { kind: 'rateLimit', resetSeconds: resetSeconds ?? 2 });
  }

  /** 200 with a body that is not valid JSON (or the given body). */
  malformed(options: FaultScope & { body?: string } = {}): void {
    const { body, ...scope } = options;
    this.add(scope, { kind: 'malformed', body: body ?? '[{"id":"00u' });
  }

  /** Destroys the socket without a response. */
  dropConnection(options: FaultScope = {}): void {
    this.add(options, { kind: 'dropConnection' });
  }

  /**
   * The user disappears (every per-user call 404s, lists skip it) once `afterRequests` more
   * Management API requests (`/api/v1/…`) have been served; at once when 0.
   */
  deleteUser(userId: string, afterRequests = 0): void {
    if (afterRequests <= 0) this.hooks.deleteUser(userId);
    else this.deletions.push({ userId, remaining: afterRequests });
  }

  /** Every OAuth access token issued so far stops working (401 E0000011). */
  revokeToken(): void {
    this.hooks.revokeTokens();
  }

  clear(): void {
    this.faults = [];
    this.deletions = [];
  }

  /** Called once per request before it is handled; returns the fault to apply, if any. */
  next(pathname: string): FaultAction | undefined {
    if (pathname.startsWith('/api/')) this.tickDeletions();
    let chosen: FaultAction | undefined;
    for (const fault of this.faults) {
      if (!matchesPath(fault.scope.path, pathname)) continue;
      fault.seen += 1;
      if (chosen) continue;
      const pastWarmup = fault.seen > (fault.scope.afterRequests ?? 0);
      const budgetLeft = fault.scope.times === undefined || fault.fired < fault.scope.times;
      if (pastWarmup && budgetLeft) {
        fault.fired += 1;
        chosen = fault.action;
      }
    }
    return chosen;
  }

  private add(scope: FaultScope, action: FaultAction): void {
    this.faults.push({ scope, action, seen: 0, fired: 0 });
  }

  private tickDeletions(): void {
    const due: string[] = [];
    this.deletions = this.deletions.filter((deletion) => {
      if (deletion.remaining <= 0) {
        due.push(deletion.userId);
        return false;
      }
      deletion.remaining -= 1;
      return true;
    });
    for (const userId of due) this.hooks.deleteUser(userId);
  }
}
