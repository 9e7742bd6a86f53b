/**
 * Okta's clock, as the `Date` headers of its responses tell it. A change cursor is a time on Okta's clock
 * (users `lastUpdated gt`, the System Log's `since`), so it must not come from ours: a host whose clock runs
 * ahead would skip the changes in between.
 */
import type { HttpResponse } from '../http.js';

export class ServerClock {
  /** Okta's time minus ours, from the latest response that had a Date header. */
  private offsetMs: number | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  /**
   * `Date` has a one-second resolution, truncated: Okta's time was within the second it names, so the end of
   * that second is taken (plus our own clock's progress since). That may run ahead of Okta by a second or
   * so, which the change feed's read-again overlap absorbs; running behind would leave the changes of the
   * last second before a read to the next one.
   */
  observe(res: HttpResponse): void {
    const date = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
    if (!Number.isNaN(date)) this.offsetMs = date + 1000 - this.localNow();
  }

  /** Whether a response has told Okta's time yet. */
  get known(): boolean {
    return this.offsetMs !== null;
  }

  /** Okta's current time, epoch ms (ours until a response said otherwise). */
  now(): number {
    return this.localNow() + (this.offsetMs ?? 0);
  }
}
