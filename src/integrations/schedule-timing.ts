/**
 * When a scheduled sync runs and whether it reads everything: pure arithmetic, kept apart from Neo4j and
 * timers so it is tested on its own (test/unit/schedule-timing.test.ts).
 *
 * Every duration here is in "schedule minutes" of `minuteMs` milliseconds: 60,000 in production,
 * shorter only in tests (TWIN_SCHEDULE_MINUTE_MS), so that "every 5 minutes" can run in seconds.
 */

/** A schedule's interval and FULL cadence, as setSyncSchedule stored them. */
export interface ScheduleCadence {
  everyMinutes: number;
  fullEveryHours: number;
}

/** The most a run is moved either way: a tenth of the interval, at most one minute. */
export function maxJitterMs(everyMinutes: number, minuteMs: number): number {
  return Math.min((everyMinutes * minuteMs) / 10, minuteMs);
}

/**
 * How long from now the next run is due: the interval, moved by up to ±maxJitterMs at random, so that
 * many twins (or both integrations of one) set to the same interval do not call their providers in the
 * same second. `random` is Math.random's contract: [0, 1).
 */
export function nextDelayMs(everyMinutes: number, minuteMs: number, random: () => number = Math.random): number {
  const jitter = maxJitterMs(everyMinutes, minuteMs);
  return Math.round(everyMinutes * minuteMs + (random() * 2 - 1) * jitter);
}

/**
 * Whether the run about to start must be FULL: when no FULL run succeeded yet, or when the last one would
 * be older than fullEveryHours by the time the next scheduled run comes (the interval plus its largest
 * jitter). Waiting for that next run would break "FULL at least every fullEveryHours"; so with an interval
 * as long as the FULL cadence, every scheduled run is FULL.
 */
export function needsFull(cadence: ScheduleCadence, lastFullStartedAtMs: number | null, nowMs: number, minuteMs: number): boolean {
  if (lastFullStartedAtMs === null) return true;
  const fullEveryMs = cadence.fullEveryHours * 60 * minuteMs;
  const untilNextRunMs = cadence.everyMinutes * minuteMs + maxJitterMs(cadence.everyMinutes, minuteMs);
  return nowMs - lastFullStartedAtMs + untilNextRunMs > fullEveryMs;
}
