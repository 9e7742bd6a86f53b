/**
 * When each account signed in: the Entra sign-ins and Okta System Log events of the last seven
 * days are planned here as compact (person, time) arrays, and every account's last sign-in is
 * derived from them, so signInActivity and lastLogin agree with the logs a connector reads.
 */
import type { ScenarioContext } from './context.js';
import { streamOf } from './context.js';
import {
  EVENTS_PER_ACTIVE_ACCOUNT_PER_DAY,
  LOG_WINDOW_DAYS,
  MAX_LOG_EVENTS,
  MAX_SIGN_INS,
  OKTA_EVENT_TYPES,
  OKTA_LOGIN_FAILURES,
} from './distributions.js';
import type { Activity } from './distributions.js';
import type { People } from './people.js';
import { entraActive, oktaActive } from './people.js';
import type { Rng } from './random.js';
import { WeightedTable } from './random.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.js';

export interface EventPlan {
  count: number;
  person: Int32Array;
  time: Float64Array;
}

export interface OktaEventPlan extends EventPlan {
  /** Index into OKTA_EVENT_TYPES. */
  type: Uint8Array;
  /** 1 when the event failed (bad password or factor). */
  failed: Uint8Array;
}

export interface ActivityPlan {
  /** Newest first, as Graph serves them. */
  signIns: EventPlan;
  /** Oldest first, as the System Log's polling mode serves them. */
  oktaEvents: OktaEventPlan;
  /** Per person, epoch ms; NaN = never (or no such account). */
  entraLastInteractive: Float64Array;
  entraLastNonInteractive: Float64Array;
  oktaLastLogin: Float64Array;
  activeEntraAccounts: number;
  activeOktaAccounts: number;
}

export const OKTA_EVENT_TYPE_NAMES: readonly string[] = OKTA_EVENT_TYPES.map(([type]) => type);
const SESSION_START = OKTA_EVENT_TYPE_NAMES.indexOf('user.session.start');
const eventTypeTable = new WeightedTable(OKTA_EVENT_TYPES.map(([, weight], i) => [i, weight] as const));

function orderBy(times: Float64Array, count: number, descending: boolean): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => (descending ? (times[b] ?? 0) - (times[a] ?? 0) : (times[a] ?? 0) - (times[b] ?? 0)));
  return order;
}

function windowTime(rng: Rng, now: number): number {
  // Never in the future, never older than the window.
  return now - MINUTE_MS - rng.float() * (LOG_WINDOW_DAYS * DAY_MS - 2 * MINUTE_MS);
}

/** A past instant for an activity class that has no event in the window. */
function lastFor(rng: Rng, activity: Activity, now: number, createdMs: number | null): number {
  const created = createdMs ?? now - 3 * 365 * DAY_MS;
  let t: number;
  switch (activity) {
    case 'recent':
      t = now - (LOG_WINDOW_DAYS + rng.float() * 7) * DAY_MS;
      break;
    case 'month':
      t = now - (14 + rng.float() * 75) * DAY_MS;
      break;
    case 'stale':
      t = now - (91 + rng.float() * 100) * DAY_MS;
      break;
    case 'never':
      return Number.NaN;
  }
  // Nobody signs in before their account exists.
  return Math.max(t, created + HOUR_MS);
}

/** `createdAt[p]`: events of accounts created inside the window fall after their creation. */
function planEvents(rng: Rng, candidates: readonly number[], target: number, now: number, createdAt: Float64Array): EventPlan {
  const count = candidates.length === 0 ? 0 : target;
  const person = new Int32Array(count);
  const time = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const p = candidates[rng.int(candidates.length)] ?? 0;
    const created = createdAt[p] ?? 0;
    person[i] = p;
    time[i] = created > now - LOG_WINDOW_DAYS * DAY_MS ? created + rng.float() * (now - created - MINUTE_MS) : windowTime(rng, now);
  }
  return { count, person, time };
}

function reorder(plan: EventPlan, order: Uint32Array): EventPlan {
  const person = new Int32Array(plan.count);
  const time = new Float64Array(plan.count);
  for (let i = 0; i < plan.count; i++) {
    const from = order[i] ?? 0;
    person[i] = plan.person[from] ?? 0;
    time[i] = plan.time[from] ?? 0;
  }
  return { count: plan.count, person, time };
}

export function planActivity(context: ScenarioContext, people: People): ActivityPlan {
  const rng = streamOf(context, 'activity');
  const { now } = context;
  const n = people.all.length;
  const entraCreated = new Float64Array(n);
  const oktaCreated = new Float64Array(n);
  const entraCandidates: number[] = [];
  const oktaCandidates: number[] = [];
  let activeEntraAccounts = 0;
  let activeOktaAccounts = 0;
  for (const person of people.all) {
    entraCreated[person.index] = person.entra?.createdMs ?? 0;
    oktaCreated[person.index] = person.okta?.createdMs ?? 0;
    if (entraActive(person)) activeEntraAccounts++;
    if (oktaActive(person)) activeOktaAccounts++;
    if (person.entra?.enabled && person.entra.activity === 'recent') entraCandidates.push(person.index);
    if (oktaActive(person) && person.okta?.activity === 'recent') oktaCandidates.push(person.index);
  }

  const perAccount = EVENTS_PER_ACTIVE_ACCOUNT_PER_DAY * LOG_WINDOW_DAYS;
  const rawSignIns = planEvents(rng, entraCandidates, Math.min(MAX_SIGN_INS, Math.round(activeEntraAccounts * perAccount)), now, entraCreated);
  const signIns = reorder(rawSignIns, orderBy(rawSignIns.time, rawSignIns.count, true));

  const rawEvents = planEvents(rng, oktaCandidates, Math.min(MAX_LOG_EVENTS, Math.round(activeOktaAccounts * perAccount)), now, oktaCreated);
  const events = reorder(rawEvents, orderBy(rawEvents.time, rawEvents.count, false));
  const type = new Uint8Array(events.count);
  const failed = new Uint8Array(events.count);
  for (let i = 0; i < events.count; i++) {
    type[i] = eventTypeTable.draw(rng);
    failed[i] = type[i] === SESSION_START && rng.chance(OKTA_LOGIN_FAILURES) ? 1 : 0;
  }

  const entraLastInteractive = new Float64Array(n).fill(Number.NaN);
  const entraLastNonInteractive = new Float64Array(n).fill(Number.NaN);
  const oktaLastLogin = new Float64Array(n).fill(Number.NaN);
  // Newest first: the first sign-in seen per person is their latest.
  for (let i = 0; i < signIns.count; i++) {
    const p = signIns.person[i] ?? 0;
    if (Number.isNaN(entraLastInteractive[p] ?? 0)) entraLastInteractive[p] = signIns.time[i] ?? 0;
  }
  const firstEvent = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < events.count; i++) {
    const p = events.person[i] ?? 0;
    const t = events.time[i] ?? 0;
    if (Number.isNaN(firstEvent[p] ?? 0)) firstEvent[p] = t;
    if (type[i] === SESSION_START && failed[i] === 0) oktaLastLogin[p] = t;
  }

  for (const person of people.all) {
    const p = person.index;
    if (person.entra) {
      const entra = person.entra;
      let last = entraLastInteractive[p] ?? Number.NaN;
      if (Number.isNaN(last)) last = lastFor(rng, entra.activity, now, entra.createdMs);
      entraLastInteractive[p] = last;
      if (!Number.isNaN(last)) {
        // Token refreshes keep non-interactive sign-ins more recent than interactive ones.
        const refresh = entra.activity === 'recent' && entra.enabled ? now - rng.float() * 2 * DAY_MS : last + rng.float() * 3 * DAY_MS;
        entraLastNonInteractive[p] = Math.min(now - MINUTE_MS, Math.max(last, refresh));
      }
    }
    if (person.okta && Number.isNaN(oktaLastLogin[p] ?? 0)) {
      const first = firstEvent[p] ?? Number.NaN;
      // Events without a session start in the window belong to a session started just before.
      oktaLastLogin[p] = Number.isNaN(first)
        ? lastFor(rng, person.okta.activity, now, person.okta.createdMs)
        : Math.max(person.okta.createdMs + HOUR_MS, first - rng.float() * 8 * HOUR_MS);
    }
  }

  return {
    signIns,
    oktaEvents: { ...events, type, failed },
    entraLastInteractive,
    entraLastNonInteractive,
    oktaLastLogin,
    activeEntraAccounts,
    activeOktaAccounts,
  };
}
