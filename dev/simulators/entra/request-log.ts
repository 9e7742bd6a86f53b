/**
 * What the simulator saw, so tests can assert on client behaviour: how many calls per path, and
 * when each happened relative to the 429 before it (Retry-After honoured, backoff applied).
 */
import { matchesPath, type FaultKind, type PathMatcher } from './faults.js';

export interface RequestLogEntry {
  seq: number;
  /** Simulator clock, ms. */
  at: number;
  method: string;
  /** Decoded path after `/v1.0` or `/beta` for Graph; the whole path for login endpoints. */
  path: string;
  /** Route pattern, e.g. `/groups/{id}/members`, when one matched. */
  route?: string;
  status: number;
  tenantId?: string;
  /** Retry-After sent with the response, in seconds. */
  retryAfter?: number;
  fault?: FaultKind;
  /** A $batch sub-request. */
  batch: boolean;
  /** The request followed a nextLink. */
  skiptoken: boolean;
}

export interface EntraStats {
  /** HTTP requests received (a $batch counts once). */
  requests: number;
  /** Per path (as in the log), batch sub-requests included. */
  byPath: Map<string, number>;
}

export class RequestLog {
  readonly stats: EntraStats = { requests: 0, byPath: new Map() };
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  /** Keeps at least the last `limit` entries, so a long benchmark does not grow without bound. */
  constructor(private readonly limit: number) {}

  countHttpRequest(): void {
    this.stats.requests++;
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.stats.byPath.set(entry.path, (this.stats.byPath.get(entry.path) ?? 0) + 1);
    this.entries.push({ seq: ++this.seq, ...entry });
    // Trim in chunks so recording stays O(1) amortised.
    if (this.entries.length > this.limit * 2) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** Entries whose path matches (prefix string or RegExp), oldest first. */
  find(matcher?: PathMatcher): RequestLogEntry[] {
    if (matcher === undefined) return [...this.entries];
    return this.entries.filter((e) => matchesPath(matcher, e.path));
  }

  reset(): void {
    this.stats.requests = 0;
    this.stats.byPath.clear();
    this.entries = [];
  }
}
