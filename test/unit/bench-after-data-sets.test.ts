/** The benchmark's "work after the data sets" when data sets ran side by side, and for runs recorded before. */
import { describe, expect, it } from 'vitest';
import { afterDataSets, type RunFigures } from '../../bench/report.js';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();

describe('afterDataSets', () => {
  it('takes the data sets as ending with the last of them when they ran side by side', () => {
    const run: RunFigures = {
      status: 'SUCCEEDED', startedAt: at(0), finishedAt: at(100), errors: [],
      counts: [
        { dataSet: 'users', count: 1, durationMs: 20_000, startedAt: at(1) },
        { dataSet: 'mfa', count: 1, durationMs: 30_000, startedAt: at(21) },
        // Beside mfa, ending after it.
        { dataSet: 'signIns', count: 1, durationMs: 50_000, startedAt: at(21) },
      ],
    };
    // The data sets span 1 s to 71 s: 30 s of the run is outside them.
    expect(afterDataSets(run)).toBe(30_000);
  });

  it('sums the durations of a run recorded without start times (one data set after the other)', () => {
    const run: RunFigures = {
      status: 'SUCCEEDED', startedAt: at(0), finishedAt: at(100), errors: [],
      counts: [{ dataSet: 'users', count: 1, durationMs: 20_000 }, { dataSet: 'groups', count: 1, durationMs: 30_000, startedAt: null }],
    };
    expect(afterDataSets(run)).toBe(50_000);
  });
});
