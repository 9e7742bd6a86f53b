/**
 * What an incremental users sync reads: the `/users/delta` round since the stored deltaLink (users created,
 * changed, soft- or hard-deleted), then the users whose sign-in activity moved.
 *
 * signInActivity is not available on delta queries, and it moves for most active users every day, so it
 * cannot ride on the delta. The cheapest exact read is the two documented filters (the property "supports
 * $filter (eq, ne, not, ge, le) but not with any other filterable properties"):
 *   /users?$filter=signInActivity/lastSignInDateTime ge <since>&$select=id,signInActivity
 *   /users?$filter=signInActivity/lastNonInteractiveSignInDateTime ge <since>&$select=id,signInActivity
 * Each returns both dates of every user it lists, so a user in either list gets its exact lastSignInAt (the
 * later of the two); a user in neither kept both dates since `since`, so its stored value still holds.
 * `since` is the previous run's start minus a day: Microsoft documents that the last sign-in "might take up
 * to 24 hours to update", with the sign-in's own time, so a sign-in not yet reported when the previous run
 * read is dated at most a day before that run. Only users who signed in during that window are read
 * (500 per page, the signInActivity maximum), instead of every user.
 */
import { TwinError } from '../../errors.js';
import type { FetchContext } from '../resource.js';
import { BUCKET } from './buckets.js';
import { deltaRound, isDeltaStateLost } from './delta.js';
import { providerCodeOf, statusOf } from './errors.js';
import type { GraphDeltaUser, GraphUser } from './graph-types.js';
import type { EntraSession } from './session.js';

/** How late Graph may report a sign-in in signInActivity (documented: up to 24 hours). */
export const SIGN_IN_REPORTING_DELAY_MS = 24 * 3600_000;

/** What the users data set stores between runs. */
export interface UsersCursor {
  /** Where the next `/users/delta` round starts. */
  delta: string;
  /** Sign-ins reported from this time on are read next (minus the reporting delay); null: read every user's. */
  signInsFrom: string | null;
}

export function encodeUsersCursor(cursor: UsersCursor): string {
  return JSON.stringify({ delta: cursor.delta, signInsFrom: cursor.signInsFrom });
}

/** Undefined for a cursor this version cannot read (the data set is then read whole). */
export function decodeUsersCursor(text: string): UsersCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const raw: { delta?: unknown; signInsFrom?: unknown } = parsed;
    if (typeof raw.delta !== 'string' || raw.delta === '') return undefined;
    if (raw.signInsFrom !== null && (typeof raw.signInsFrom !== 'string' || Number.isNaN(Date.parse(raw.signInsFrom)))) return undefined;
    return { delta: raw.delta, signInsFrom: raw.signInsFrom };
  } catch {
    return undefined;
  }
}

const SIGN_IN_SELECT = '$select=id,signInActivity&$top=500';

/** The reads that find every user whose last sign-in may have moved since `since`; all users when null. */
export function signInReads(since: string | null): string[] {
  if (since === null) return [`/users?${SIGN_IN_SELECT}`];
  return ['lastSignInDateTime', 'lastNonInteractiveSignInDateTime'].map(
    (prop) => `/users?$filter=${encodeURIComponent(`signInActivity/${prop} ge ${since}`)}&${SIGN_IN_SELECT}`,
  );
}

/** The `since` of the sign-in reads: the previous run's start, a reporting delay back. */
export function signInsSince(from: string): string {
  return new Date(Date.parse(from) - SIGN_IN_REPORTING_DELAY_MS).toISOString();
}

export type UserChangesPage =
  | { readonly kind: 'delta'; readonly users: GraphDeltaUser[] }
  | { readonly kind: 'signIns'; readonly users: GraphUser[] };

export interface UserChangesOptions {
  /** Provider codes refusing signInActivity (permission, licence). */
  refusals: readonly string[];
  /** Warns about a refusal: the stored dates are kept. */
  onRefused(code: string): void;
  /** Told the ids of the users each delta page upserts (not the removed ones). */
  onUpserted(ids: readonly string[]): void;
  /** The error that makes the runner read the data set whole (syncStateExpired). */
  lost(message: string, providerCode: string | null): Error;
}

/**
 * Yields the delta round's pages, then the sign-in reads' pages (each user once), and returns the cursor
 * for the next run. Throws `lost` (the caller's syncStateExpired) when Graph no longer knows the deltaLink.
 */
export async function* readUserChanges(
  session: EntraSession,
  ctx: FetchContext,
  cursor: UsersCursor,
  opts: UserChangesOptions,
): AsyncGenerator<UserChangesPage, UsersCursor, undefined> {
  const { refusals, lost } = opts;
  const listing = ctx.listing();
  const round = deltaRound<GraphDeltaUser>(session.client, cursor.delta, {
    bucket: BUCKET.directory,
    signal: ctx.signal,
    onRestart: () => listing.restart(),
  });
  try {
    for await (const users of round.pages) {
      opts.onUpserted(users.filter((u) => typeof u.id === 'string' && !u['@removed']).map((u) => u.id));
      yield { kind: 'delta', users };
    }
  } catch (err) {
    if (isDeltaStateLost(err)) throw lost(err instanceof Error ? err.message : String(err), providerCodeOf(err) ?? null);
    throw err;
  }
  const delta = round.deltaLink();

  // Taken before the reads: a sign-in reported after them is dated after this, less the reporting delay.
  const readFrom = ctx.startedAt;
  const seen = new Set<string>();
  async function* read(urls: readonly string[]): AsyncGenerator<UserChangesPage, void, undefined> {
    for (const url of urls) {
      const pages = session.client.pages<GraphUser>(url, { bucket: BUCKET.reports, signal: ctx.signal, retryOnceOn: refusals });
      for await (const users of pages) {
        // The interactive and non-interactive lists overlap: each user's facet is written once.
        const fresh = users.filter((u) => typeof u.id === 'string' && !seen.has(u.id));
        for (const u of fresh) seen.add(u.id);
        if (fresh.length > 0) yield { kind: 'signIns', users: fresh };
      }
    }
  }
  try {
    const since = cursor.signInsFrom === null ? null : signInsSince(cursor.signInsFrom);
    try {
      yield* read(signInReads(since));
    } catch (err) {
      // A Graph (or a proxy in front of it) that does not take the documented filter: every user's dates,
      // read whole, are as exact; only dearer.
      if (since === null || statusOf(err) !== 400) throw err;
      ctx.warn(providerCodeOf(err) ?? null, `the signInActivity filter was not accepted (${err instanceof Error ? err.message : String(err)}): read every user's last sign-in instead`);
      yield* read(signInReads(null));
    }
  } catch (err) {
    const code = providerCodeOf(err);
    if (!(err instanceof TwinError) || !code || !refusals.includes(code)) throw err;
    // Refused: the stored dates stay; with no baseline the next run that may read them reads everyone's.
    opts.onRefused(code);
    return { delta, signInsFrom: null };
  }
  return { delta, signInsFrom: readFrom };
}
