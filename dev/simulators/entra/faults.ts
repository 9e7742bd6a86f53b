/**
 * Deterministic fault injection. Each fault is scoped by a path matcher (a string prefix or a
 * RegExp tested on the decoded pathname after `/v1.0` or `/beta`; for the login endpoints, the
 * whole pathname), may let `afterRequests` matching requests through first, and fires at most
 * `times` times (unlimited by default). Faults are checked in the order they were added; the
 * first one due decides the response, but every matching fault counts the request.
 */
import type { EntraObjectKind } from './fixture.js';

export type PathMatcher = string | RegExp;

export interface FaultScope {
  path: PathMatcher;
  /** How many times the fault fires; unlimited when omitted. */
  times?: number;
  /** Matching requests let through before the fault starts firing. */
  afterRequests?: number;
  /** Only requests with this HTTP method (GET, POST); any when omitted. */
  method?: string;
  /** Only requests for this tenant; any when omitted. */
  tenantId?: string;
}

export interface StatusFaultSpec extends FaultScope {
  status: number;
  /** Graph error code (or AAD `error` on login endpoints); a sensible default per status. */
  code?: string;
  message?: string;
  /** Sent as Retry-After; omitted when undefined. */
  retryAfterSeconds?: number;
}

export interface ThrottleFaultSpec extends FaultScope {
  /** Sent as Retry-After; no header when undefined (as conditional access does). */
  retryAfterSeconds?: number;
}

export interface MalformedFaultSpec extends FaultScope {
  /** `invalidJson`: a truncated body; `missingValue`: valid JSON without `value`. Default invalidJson. */
  kind?: 'invalidJson' | 'missingValue';
}

export type FaultKind =
  | 'status'
  | 'throttle'
  | 'expirePageToken'
  | 'expireDeltaToken'
  | 'resetDeltaSync'
  | 'malformed'
  | 'dropConnection'
  | 'deleteObject';

export interface FaultHandle {
  readonly id: number;
  readonly kind: FaultKind;
  /** Matching requests seen so far. */
  readonly seen: number;
  /** Times the fault has fired. */
  readonly fired: number;
  remove(): void;
}

export type FaultAction =
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterSeconds?: number }
  | { kind: 'throttle'; retryAfterSeconds?: number }
  | { kind: 'expirePageToken' }
  | { kind: 'expireDeltaToken' }
  | { kind: 'resetDeltaSync' }
  | { kind: 'malformed'; body: 'invalidJson' | 'missingValue' }
  | { kind: 'dropConnection' };

/** A string matches as a prefix; a RegExp is tested (from the start of its state). */
export function matchesPath(matcher: PathMatcher, path: string): boolean {
  if (typeof matcher === 'string') return path.startsWith(matcher);
  matcher.lastIndex = 0;
  return matcher.test(path);
}

/** What the pipeline tells the faults about one request. */
export interface FaultRequest {
  /** Decoded pathname after the version for Graph, the whole pathname for login endpoints. */
  path: string;
  method: string;
  tenantId: string | undefined;
  hasSkipToken: boolean;
  /** The request follows a deltaLink (`$deltatoken` other than `latest`). */
  hasDeltaToken: boolean;
  /** Inside $batch a connection cannot be dropped, so dropConnection faults skip sub-requests. */
  inBatch: boolean;
}

type Deleter = (kind: EntraObjectKind, id: string, tenantId: string | undefined) => void;

interface Fault extends FaultHandle {
  seen: number;
  fired: number;
  scope: FaultScope;
  action?: FaultAction;
  deletion?: { kind: EntraObjectKind; id: string };
}

/** Every Graph request except the $batch envelope (its sub-requests count themselves). */
const anyGraphRequest = /^\/(?!\$batch)/;

export class EntraFaults {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly deleter: Deleter) {}

  /** Answer with an arbitrary status and Graph error, e.g. 403 Authorization_RequestDenied or 503. */
  status(spec: StatusFaultSpec): FaultHandle {
    const action: FaultAction = { kind: 'status', status: spec.status };
    if (spec.code !== undefined) action.code = spec.code;
    if (spec.message !== undefined) action.message = spec.message;
    if (spec.retryAfterSeconds !== undefined) action.retryAfterSeconds = spec.retryAfterSeconds;
    return this.add('status', spec, action);
  }

  /** 429 TooManyRequests, with Retry-After only when retryAfterSeconds is given. */
  throttle(spec: ThrottleFaultSpec): FaultHandle {
    const action: FaultAction = { kind: 'throttle' };
    if (spec.retryAfterSeconds !== undefined) action.retryAfterSeconds = spec.retryAfterSeconds;
    return this.add('throttle', spec, action);
  }

  /** 400 Directory_ExpiredPageToken on requests that follow a nextLink (carry $skiptoken). */
  expirePageToken(spec: FaultScope): FaultHandle {
    return this.add('expirePageToken', spec, { kind: 'expirePageToken' });
  }

  /**
   * 400 syncStateNotFound on requests that follow a deltaLink: the token expired (Graph keeps directory
   * delta state for 7 days), so the client must read everything again.
   */
  expireDeltaToken(spec: FaultScope): FaultHandle {
    return this.add('expireDeltaToken', spec, { kind: 'expireDeltaToken' });
  }

  /** 410 resyncRequired (with a Location that starts over) on requests that follow a deltaLink. */
  resetDeltaSync(spec: FaultScope): FaultHandle {
    return this.add('resetDeltaSync', spec, { kind: 'resetDeltaSync' });
  }

  /** 200 with a body that is not JSON, or JSON without `value`. */
  malformed(spec: MalformedFaultSpec): FaultHandle {
    return this.add('malformed', spec, { kind: 'malformed', body: spec.kind ?? 'invalidJson' });
  }

  /** Destroys the socket without answering. */
  dropConnection(spec: FaultScope): FaultHandle {
    return this.add('dropConnection', spec, { kind: 'dropConnection' });
  }

  /**
   * The object disappears from its tenant once `afterRequests` matching Graph requests have been
   * served (by default every Graph request counts), so later calls for it get 404.
   */
  deleteObject(
    kind: EntraObjectKind,
    id: string,
    afterRequests = 0,
    scope: Partial<Omit<FaultScope, 'times' | 'afterRequests'>> = {},
  ): FaultHandle {
    const fault = this.add('deleteObject', { path: anyGraphRequest, ...scope, afterRequests, times: 1 });
    fault.deletion = { kind, id };
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): readonly FaultHandle[] {
    return this.faults;
  }

  /** Counts the request against every matching fault, applies due deletions, returns the action due. */
  evaluate(req: FaultRequest): FaultAction | undefined {
    let due: FaultAction | undefined;
    for (const fault of [...this.faults]) {
      if (!this.matches(fault, req)) continue;
      fault.seen++;
      const limit = fault.scope.times ?? Number.POSITIVE_INFINITY;
      if (fault.seen <= (fault.scope.afterRequests ?? 0) || fault.fired >= limit) continue;
      if (fault.deletion) {
        fault.fired++;
        this.deleter(fault.deletion.kind, fault.deletion.id, fault.scope.tenantId);
        continue;
      }
      // Another fault already answers this request: this one stays due for the next match.
      if (due) continue;
      fault.fired++;
      due = fault.action;
    }
    return due;
  }

  private matches(fault: Fault, req: FaultRequest): boolean {
    const { scope, kind } = fault;
    if (scope.method && scope.method.toUpperCase() !== req.method.toUpperCase()) return false;
    if (scope.tenantId && scope.tenantId.toLowerCase() !== req.tenantId?.toLowerCase()) return false;
    if (kind === 'expirePageToken' && !req.hasSkipToken) return false;
    if ((kind === 'expireDeltaToken' || kind === 'resetDeltaSync') && !req.hasDeltaToken) return false;
    if (kind === 'dropConnection' && req.inBatch) return false;
    return matchesPath(scope.path, req.path);
  }

  private add(kind: FaultKind, scope: FaultScope, action?: FaultAction): Fault {
    const faults = (): Fault[] => this.faults;
    const fault: Fault = {
      id: this.nextId++,
      kind,
      seen: 0,
      fired: 0,
      scope,
      remove: () => {
        this.faults = faults().filter((f) => f !== fault);
      },
    };
    if (action) fault.action = action;
    this.faults.push(fault);
    return fault;
  }
}
