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

/**
 * Longest `people(search:)`: far beyond any name, email, UPN or login (Entra allows 113 characters in a UPN,
 * Okta 100 in a login), and short enough that a search costs what an ordinary one does.
 */
export const MAX_SEARCH_LENGTH = 200;

/** A people search, or BAD_USER_INPUT when it is longer than MAX_SEARCH_LENGTH characters. */
export function searchText(search: string | null | undefined): string | null | undefined {
  if (search && search.length > MAX_SEARCH_LENGTH) {
    throw badInput(`search must be at most ${MAX_SEARCH_LENGTH} characters (it has ${search.length})`, 'search');
  }
  return search;
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

/** Schedules run from every 5 minutes (providers' rate limits, a sync's own length) to once a week. */
export const SCHEDULE_MINUTES = { min: 5, max: 7 * 24 * 60 } as const;
/** A FULL sync from every hour to every 30 days. */
export const SCHEDULE_FULL_HOURS = { min: 1, max: 30 * 24 } as const;

/** setSyncSchedule's `everyMinutes`: null turns the schedule off; otherwise SCHEDULE_MINUTES, or BAD_USER_INPUT. */
export function scheduleEveryMinutes(minutes: number | null): number | null {
  if (minutes !== null && (minutes < SCHEDULE_MINUTES.min || minutes > SCHEDULE_MINUTES.max)) {
    throw badInput(`everyMinutes must be from ${SCHEDULE_MINUTES.min} to ${SCHEDULE_MINUTES.max} (a week), or null to turn the schedule off`, 'everyMinutes');
  }
  return minutes;
}

/** setSyncSchedule's `fullEveryHours`: SCHEDULE_FULL_HOURS, or BAD_USER_INPUT. */
export function scheduleFullEveryHours(hours: number): number {
  if (hours < SCHEDULE_FULL_HOURS.min || hours > SCHEDULE_FULL_HOURS.max) {
    throw badInput(`fullEveryHours must be from ${SCHEDULE_FULL_HOURS.min} to ${SCHEDULE_FULL_HOURS.max} (30 days)`, 'fullEveryHours');
  }
  return hours;
}
