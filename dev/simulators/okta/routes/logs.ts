/**
 * `/api/v1/logs`, the System Log, in its two modes:
 * - polling (no `until`, ascending): the `next` link is always there, even on an empty page, so a
 *   client can store it and come back for newer events;
 * - bounded (`until` set, or descending): the last page has no `next`.
 * Events older than the 90 days Okta keeps are never served.
 *
 * The cursor is `{published ms}_{position}`; `position` is where the next page starts in the
 * time-sorted log (ascending) or where it ends, exclusive (descending).
 */
import { oktaError } from '../errors.js';
import type { LogEvent } from '../fixture.js';
import { parseLimit } from '../paging.js';
import type { ExpressionRules, Route, RouteContext, RouteResult } from './route.js';
import { parseQueryExpression } from './route.js';

const DAY_MS = 24 * 3600_000;
const DEFAULT_WINDOW_MS = 7 * DAY_MS;
const MAX_SINCE_AGE_MS = 180 * DAY_MS;
/** Okta keeps 90 days: a `since` between 90 and 180 days back is answered, without the older events. */
const RETENTION_MS = 90 * DAY_MS;
const ALL_OPERATORS = ['eq', 'co', 'sw', 'pr', 'gt', 'ge', 'lt', 'le'];

/** Any attribute but `published`, which only `since`/`until` may bound. */
const FILTER_RULES: ExpressionRules = {
  errorCode: 'E0000053',
  allowed: Object.fromEntries(
    ['uuid', 'eventType', 'version', 'severity', 'legacyEventType', 'displayMessage'].map((attribute) => [attribute, ALL_OPERATORS]),
  ),
};
for (const prefix of ['actor', 'client', 'device', 'authenticationContext', 'outcome', 'securityContext', 'debugContext', 'transaction', 'request', 'target']) {
  FILTER_RULES.allowed[`${prefix}.*`] = ALL_OPERATORS;
}

function badParameter(cause: string): never {
  throw oktaError(400, 'E0000053', 'Invalid SCIM filter', [cause]);
}

function parseTime(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) badParameter(`${name}: ${value} is not a valid ISO 8601 date.`);
  return time;
}

/** First index whose time is >= `time`. */
function lowerBound(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? 0) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function parseCursor(after: string, size: number): number {
  const position = Number(after.slice(after.lastIndexOf('_') + 1));
  if (!Number.isInteger(position) || position < 0 || position > size) {
    throw oktaError(400, 'E0000054', 'Invalid pagination properties.', [`Unknown after cursor: ${after}`]);
  }
  return position;
}

function listLogs(context: RouteContext): RouteResult {
  const { url, org, now } = context;
  const limit = parseLimit(url, { default: 100, max: 1000, min: 0 });
  const sortOrder = url.searchParams.get('sortOrder') ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') badParameter(`sortOrder: ${sortOrder} is not ASCENDING or DESCENDING.`);
  const until = parseTime('until', url.searchParams.get('until'));
  const since = parseTime('since', url.searchParams.get('since')) ?? (until ?? now) - DEFAULT_WINDOW_MS;
  if (since < now - MAX_SINCE_AGE_MS) badParameter('since: must be within the last 180 days.');
  if (until !== undefined && until < since) badParameter('until: must not be before since.');
  const filter = url.searchParams.get('filter');
  const matches = filter ? parseQueryExpression(filter, FILTER_RULES).predicate : () => true;
  const after = url.searchParams.get('after');

  const times = org.logTimes;
  const polling = until === undefined && sortOrder === 'ASCENDING';
  const low = lowerBound(times, Math.max(since, now - RETENTION_MS));
  // Polling never shows events from the future; bounded queries stop before `until`.
  const high = until === undefined ? lowerBound(times, now + 1) : lowerBound(times, until);
  const cursor = after ? parseCursor(after, times.length) : undefined;

  const items: LogEvent[] = [];
  let nextPosition: number;
  let hasMore: boolean;
  if (sortOrder === 'ASCENDING') {
    // A cursor already encodes where the window started, so `since` no longer narrows it.
    let position = cursor ?? low;
    for (; position < high && items.length < limit; position += 1) {
      const event = org.logs[position];
      if (event && matches(event)) items.push(event);
    }
    nextPosition = Math.max(position, cursor ?? low);
    hasMore = nextPosition < high;
  } else {
    let position = Math.min(cursor ?? high, high);
    for (; position > low && items.length < limit; position -= 1) {
      const event = org.logs[position - 1];
      if (event && matches(event)) items.push(event);
    }
    nextPosition = position;
    hasMore = nextPosition > low;
  }

  const cursorTime = times[nextPosition - 1] ?? since;
  // Ascending cursors carry the window start themselves; descending pages still need `since`.
  const next =
    polling || hasMore
      ? { after: `${cursorTime}_${nextPosition}`, limit: String(limit), ...(sortOrder === 'ASCENDING' ? { since: null } : {}) }
      : undefined;
  return { body: items, paging: { next } };
}

export const logRoutes: Route[] = [{ pattern: /^\/api\/v1\/logs$/, scope: 'okta.logs.read', handle: listLogs }];
