/**
 * Okta's rate limits, read from `X-Rate-Limit-Limit/Remaining/Reset` on every response: pause an
 * endpoint family before it runs dry (cheaper than a 429, which Okta counts against the org), and
 * when a 429 comes anyway wait until its reset, however long.
 */
import { sleep as defaultSleep, type HttpResponse } from '../http.js';

interface BucketState {
  limit: number;
  remaining: number;
  /** Local epoch ms when the window resets. */
  resetAt: number;
}

/**
 * Okta's Reset is epoch seconds on Okta's clock. Measure it against Okta's Date header when our clock
 * disagrees with it by more than the header's one-second resolution (as the SDK does), else against our
 * own, more precise clock; plus a second's margin.
 */
export function resetWaitMs(res: HttpResponse, now: number): number | undefined {
  const reset = Number(res.headers['x-rate-limit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const serverNow = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
  const base = !Number.isNaN(serverNow) && Math.abs(serverNow - now) > 2000 ? serverNow : now;
  return Math.max(0, reset * 1000 - base + 1000);
}

/** Requests left to the org's other clients: about 5% of the budget (ours in flight are already counted). */
export function reserveFor(limit: number): number {
  return Math.min(Math.max(0, limit - 1), Math.max(1, Math.ceil(limit * 0.05)));
}

export interface PacerOptions {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told before and after a pause (null when it ends). */
  onPause?: (info: { bucket: string; waitMs: number } | null) => void;
}

/**
 * How early a request may come to a window's end and still count as after it. A request retried after its 429
 * waited until the same reset the pacer holds, but Node's timers run on the event loop's cached clock, which
 * lags Date.now() by a few milliseconds: without this slack the retry met a bucket still "dry" for 1-3 ms and
 * paused (and was reported) a second time for one window. The reset already carries a second's margin.
 */
const CLOCK_SLACK_MS = 50;

export class RateLimitPacer {
  private readonly state = new Map<string, BucketState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly opts: PacerOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  observe(bucket: string, res: HttpResponse): void {
    const limit = Number(res.headers['x-rate-limit-limit']);
    const remaining = Number(res.headers['x-rate-limit-remaining']);
    const now = this.now();
    const wait = resetWaitMs(res, now);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || wait === undefined) return;
    const resetAt = now + wait;
    const prev = this.state.get(bucket);
    // Responses of one window can arrive out of order: keep the lowest Remaining seen for it.
    if (prev && Math.abs(prev.resetAt - resetAt) < 1500) prev.remaining = Math.min(prev.remaining, remaining);
    else this.state.set(bucket, { limit, remaining, resetAt });
  }

  /** Waits for the window to reset when the bucket is about to run dry; counts the request otherwise. */
  async beforeRequest(bucket: string, signal: AbortSignal | undefined): Promise<void> {
    const s = this.state.get(bucket);
    if (!s) return;
    const now = this.now();
    if (now >= s.resetAt - CLOCK_SLACK_MS) {
      this.state.delete(bucket);
      return;
    }
    if (s.remaining > reserveFor(s.limit)) {
      s.remaining -= 1;
      return;
    }
    const waitMs = s.resetAt - now;
    this.opts.onPause?.({ bucket, waitMs });
    try {
      await this.sleep(waitMs, signal);
    } finally {
      this.opts.onPause?.(null);
    }
    if (this.state.get(bucket) === s) this.state.delete(bucket);
  }

  /** For HttpClient's waitAdvisor: a 429 waits until Okta's reset; other statuses use backoff. */
  advise(res: HttpResponse, now: number): number | undefined {
    return res.status === 429 ? resetWaitMs(res, now) : undefined;
  }
}
