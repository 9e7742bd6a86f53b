/**
 * Checks of the API's own arguments, one function per argument, each the only place its rule is written.
 * (Arguments the twin takes as they are, staleAfterDays, limit and accountIds, are checked by the twin.)
 */
import { badInput } from '../errors.js';

/** What is wrong with a page size, or null: `first` goes from 0 to TWIN_MAX_PAGE_SIZE. */
export function firstOutOfRange(first: number, maxPageSize: number): string | null {
  return first < 0 || first > maxPageSize ? `first must be from 0 to ${maxPageSize}` : null;
}

/**
 * A connection's `first`, or BAD_USER_INPUT. The cost limits (limits.ts) refuse the same values before
 * execution, as QUERY_TOO_COMPLEX; this keeps a resolver safe on its own.
 */
export function pageSize(first: number, maxPageSize: number): number {
  const problem = firstOutOfRange(first, maxPageSize);
  if (problem !== null) throw badInput(problem, 'first');
  return first;
}

/** Sign-in logs are kept 30 days at most. */
const MAX_HOURS_BACK = 24 * 30;

/** A sync's `hoursBack`, or BAD_USER_INPUT. */
export function hoursBack(hours: number): number {
  if (hours < 1 || hours > MAX_HOURS_BACK) {
    throw badInput(`hoursBack must be from 1 to ${MAX_HOURS_BACK} (sign-in logs are kept 30 days at most)`, 'hoursBack');
  }
  return hours;
}
