/**
 * The people behind both directories, decided once so that the Entra tenant and the Okta org
 * agree on who exists where: which kind of account each person has, their names and
 * identifiers, and how recently each account was used. Entra and Okta objects are built from this.
 */
import type { OktaUserStatus } from '../okta/fixture.js';
import type { ScenarioContext } from './context.js';
import { streamOf } from './context.js';
import type { Activity } from './distributions.js';
import {
  ACTIVITY,
  BREAK_GLASS_ACCOUNTS,
  ENTRA_ONLY_MIX,
  GUEST_PENDING_ACCEPTANCE,
  HYBRID,
  MAIL_ALIAS,
  NEVER_FORMS,
  NULL_CREATED,
  OKTA_ACTIVITY_INDEPENDENT,
  OKTA_MASTERED_IMMUTABLE_ID,
  OKTA_STATUS_BOTH,
  OKTA_STATUS_CONTRACTOR,
  PEOPLE_MIX,
  UPN_CASE_DIFFERENCE,
} from './distributions.js';
import { base64Guid, guid, oktaId, token } from './ids.js';
import { CITIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, PARTNER_DOMAINS } from './pools.js';
import type { Rng } from './random.js';
import { WeightedTable } from './random.js';
import { DAY_MS } from './time.js';

export type PersonKind = 'both' | 'leaver' | 'entraDisabled' | 'entraOnly' | 'oktaOnly';
export type EntraOnlyKind = 'cloudAdmin' | 'breakGlass' | 'service' | 'room' | 'guest';
export type NeverForm = 'null' | 'zeroDate' | 'empty';

export interface EntraAccount {
  id: string;
  upn: string;
  mail: string | null;
  enabled: boolean;
  guest: boolean;
  /** onPremisesImmutableId: base64 objectGUID (hybrid), the Okta user id (Okta-mastered), or null. */
  immutableId: string | null;
  /** Synced from on-premises AD. */
  hybrid: boolean;
  samAccountName: string | null;
  rid: number;
  /** Null: createdDateTime null (very old object). */
  createdMs: number | null;
  activity: Activity;
  neverForm: NeverForm;
  pendingAcceptance: boolean;
}

export interface OktaAccount {
  id: string;
  login: string;
  email: string;
  status: OktaUserStatus;
  activity: Activity;
  createdMs: number;
  provider: 'OKTA' | 'ACTIVE_DIRECTORY';
  /** What the Office 365 app sends as ImmutableID, when the person is assigned to it. */
  o365ImmutableId: string | null;
}

export interface SyntheticPerson {
  index: number;
  kind: PersonKind;
  entraOnlyKind: EntraOnlyKind | null;
  /** False for break-glass, service and room accounts. */
  human: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  /** Index into DEPARTMENTS. */
  department: number;
  title: string | null;
  /** Index into CITIES: the office (or home) most sign-ins come from. */
  city: number;
  employeeNumber: string | null;
  entra: EntraAccount | null;
  okta: OktaAccount | null;
}

export interface People {
  all: SyntheticPerson[];
  /** Counts by construction, for the summary. */
  counts: {
    both: number;
    leavers: number;
    entraDisabled: number;
    entraOnly: number;
    oktaOnly: number;
    byEntraOnlyKind: Record<EntraOnlyKind, number>;
  };
}

const activityTable = new WeightedTable(ACTIVITY);
const neverFormTable = new WeightedTable(NEVER_FORMS);
const statusBothTable = new WeightedTable(OKTA_STATUS_BOTH);
const statusContractorTable = new WeightedTable(OKTA_STATUS_CONTRACTOR);
const departmentTable = new WeightedTable(DEPARTMENTS.map((d, i) => [i, d.weight] as const));
const officeCities = CITIES.map((c, i) => [i, c.office ? 1 : 0.15] as const);
const cityTable = new WeightedTable(officeCities);

/** Handles (local parts) are unique across everyone, so no two people share an identifier. */
class HandleRegistry {
  private readonly used = new Map<string, number>();

  claim(base: string): string {
    const seen = this.used.get(base);
    if (seen === undefined) {
      this.used.set(base, 1);
      return base;
    }
    let n = seen + 1;
    while (this.used.has(`${base}${n}`)) n++;
    this.used.set(base, n);
    const handle = `${base}${n}`;
    this.used.set(handle, 1);
    return handle;
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function capitalizeHandle(handle: string): string {
  return handle
    .split('.')
    .map((part) => (part.length > 0 ? part[0]?.toUpperCase() + part.slice(1) : part))
    .join('.');
}

/** At least `min` of each kind, then shares of what is left. */
function kindCounts(n: number): Record<PersonKind, number> {
  const leaver = Math.max(1, Math.round(n * PEOPLE_MIX.leaver));
  const entraDisabled = Math.max(1, Math.round(n * PEOPLE_MIX.entraDisabled));
  const oktaOnly = Math.max(1, Math.round(n * PEOPLE_MIX.oktaOnly));
  const entraOnly = Math.max(BREAK_GLASS_ACCOUNTS + 4, Math.round(n * PEOPLE_MIX.entraOnly));
  return { both: n - leaver - entraDisabled - oktaOnly - entraOnly, leaver, entraDisabled, oktaOnly, entraOnly };
}

function entraOnlyKinds(total: number): EntraOnlyKind[] {
  const rest = total - BREAK_GLASS_ACCOUNTS;
  const cloudAdmin = Math.max(1, Math.round(rest * ENTRA_ONLY_MIX.cloudAdmin));
  const service = Math.max(1, Math.round(rest * ENTRA_ONLY_MIX.service));
  const room = Math.max(1, Math.round(rest * ENTRA_ONLY_MIX.room));
  const guest = Math.max(1, rest - cloudAdmin - service - room);
  const kinds: EntraOnlyKind[] = [];
  for (let i = 0; i < BREAK_GLASS_ACCOUNTS; i++) kinds.push('breakGlass');
  for (let i = 0; i < cloudAdmin; i++) kinds.push('cloudAdmin');
  for (let i = 0; i < service; i++) kinds.push('service');
  for (let i = 0; i < room; i++) kinds.push('room');
  for (let i = 0; i < guest; i++) kinds.push('guest');
  return kinds.slice(0, total);
}

interface Builder {
  context: ScenarioContext;
  rng: Rng;
  handles: HandleRegistry;
  aliases: HandleRegistry;
  counters: Record<'service' | 'room' | 'breakGlass', number>;
}

function employeeCreated(b: Builder): number {
  const { rng, context } = b;
  // A few recent joiners; otherwise hired up to six years ago.
  if (rng.chance(0.03)) return context.now - rng.float() * 14 * DAY_MS;
  return context.now - (30 + rng.float() * 6 * 365) * DAY_MS;
}

function humanName(b: Builder): { firstName: string; lastName: string; handle: string } {
  const firstName = b.rng.pick(FIRST_NAMES);
  const lastName = b.rng.pick(LAST_NAMES);
  return { firstName, lastName, handle: b.handles.claim(`${slug(firstName)}.${slug(lastName)}`) };
}

function newEntra(b: Builder, upn: string, mail: string | null, createdMs: number): EntraAccount {
  return {
    id: guid(b.rng),
    upn,
    mail,
    enabled: true,
    guest: false,
    immutableId: null,
    hybrid: false,
    samAccountName: null,
    rid: 0,
    createdMs,
    activity: 'recent',
    neverForm: 'null',
    pendingAcceptance: false,
  };
}

function newOkta(b: Builder, login: string, email: string, status: OktaUserStatus, createdMs: number): OktaAccount {
  return {
    id: oktaId(b.rng, '00u', b.context.oktaSuffix),
    login,
    email,
    status,
    activity: 'recent',
    createdMs,
    provider: 'OKTA',
    o365ImmutableId: null,
  };
}

function makeHybrid(b: Builder, entra: EntraAccount, handle: string, index: number): void {
  entra.hybrid = true;
  entra.immutableId = base64Guid(b.rng);
  entra.samAccountName = handle.replace(/\./g, '').slice(0, 20);
  entra.rid = 1100 + index;
}

function buildPerson(b: Builder, index: number, kind: PersonKind, entraOnlyKind: EntraOnlyKind | null): SyntheticPerson {
  const { rng, context } = b;
  const department = departmentTable.draw(rng);
  const dept = DEPARTMENTS[department] ?? DEPARTMENTS[0];
  const city = cityTable.draw(rng);
  const person: SyntheticPerson = {
    index,
    kind,
    entraOnlyKind,
    human: true,
    firstName: '',
    lastName: '',
    displayName: '',
    department,
    title: dept ? rng.pick(dept.titles) : null,
    city,
    employeeNumber: null,
    entra: null,
    okta: null,
  };
  const created = employeeCreated(b);

  if (kind === 'entraOnly') {
    buildEntraOnly(b, person, entraOnlyKind ?? 'guest', created);
    return person;
  }

  const { firstName, lastName, handle } = humanName(b);
  person.firstName = firstName;
  person.lastName = lastName;
  person.displayName = `${firstName} ${lastName}`;
  const address = `${handle}@${context.domain}`;

  if (kind === 'oktaOnly') {
    person.title = rng.chance(0.5) ? 'Contractor' : person.title;
    person.okta = newOkta(b, address, address, statusContractorTable.draw(rng), created);
    return person;
  }

  person.employeeNumber = `E${String(10000 + index).padStart(6, '0')}`;
  const caseDiffers = rng.chance(UPN_CASE_DIFFERENCE);
  const upn = caseDiffers ? `${capitalizeHandle(handle)}@${context.domain}` : address;
  let mail: string = upn;
  if (rng.chance(MAIL_ALIAS)) mail = `${b.aliases.claim(`${slug(firstName).slice(0, 1)}${slug(lastName)}`)}@${context.domain}`;
  const entra = newEntra(b, upn, mail, created);
  const oktaStatus: OktaUserStatus = kind === 'leaver' ? 'DEPROVISIONED' : kind === 'entraDisabled' ? 'ACTIVE' : statusBothTable.draw(rng);
  const okta = newOkta(b, address, address, oktaStatus, created + rng.float() * 2 * DAY_MS);
  if (kind === 'entraDisabled') entra.enabled = false;

  if (rng.chance(HYBRID)) {
    makeHybrid(b, entra, handle, index);
    okta.provider = 'ACTIVE_DIRECTORY';
    okta.o365ImmutableId = entra.immutableId;
  } else if (rng.chance(OKTA_MASTERED_IMMUTABLE_ID)) {
    // Okta's recommended mapping for Okta-mastered users: ImmutableID = the Okta user id.
    entra.immutableId = okta.id;
    okta.o365ImmutableId = okta.id;
  }
  person.entra = entra;
  person.okta = okta;
  return person;
}

function buildEntraOnly(b: Builder, person: SyntheticPerson, kind: EntraOnlyKind, created: number): void {
  const { rng, context } = b;
  switch (kind) {
    case 'breakGlass': {
      const n = ++b.counters.breakGlass;
      person.human = false;
      person.firstName = 'Break';
      person.lastName = `Glass ${String(n).padStart(2, '0')}`;
      person.displayName = `Break Glass Account ${String(n).padStart(2, '0')}`;
      person.title = null;
      person.entra = newEntra(b, `breakglass${String(n).padStart(2, '0')}@${context.initialDomain}`, null, context.now - (400 + rng.float() * 900) * DAY_MS);
      return;
    }
    case 'cloudAdmin': {
      const { firstName, lastName, handle } = humanName(b);
      person.firstName = firstName;
      person.lastName = lastName;
      person.displayName = `${firstName} ${lastName} (Admin)`;
      person.title = 'Cloud Administrator';
      person.entra = newEntra(b, `adm-${handle}@${context.initialDomain}`, null, created);
      return;
    }
    case 'service': {
      const n = ++b.counters.service;
      person.human = false;
      person.title = null;
      if (n === 1) {
        // Entra Connect's own sync account: named after its server, holds Directory Synchronization Accounts.
        const server = `DC0${rng.between(1, 4)}`;
        person.firstName = 'On-Premises';
        person.lastName = 'Directory Synchronization Service Account';
        person.displayName = 'On-Premises Directory Synchronization Service Account';
        person.entra = newEntra(b, `Sync_${server}_${token(rng, 12).toLowerCase()}@${context.initialDomain}`, null, created);
        return;
      }
      const purpose = rng.pick(['backup', 'scan', 'print', 'sql', 'crm', 'etl', 'monitor', 'deploy', 'ftp', 'mail']);
      const handle = b.handles.claim(`svc-${purpose}${String(n).padStart(2, '0')}`);
      person.firstName = 'svc';
      person.lastName = purpose;
      person.displayName = `SVC ${purpose.toUpperCase()} ${String(n).padStart(2, '0')}`;
      person.entra = newEntra(b, `${handle}@${context.domain}`, null, created);
      // Service accounts created in AD are synced like users.
      if (rng.chance(0.5)) makeHybrid(b, person.entra, handle, person.index);
      return;
    }
    case 'room': {
      const n = ++b.counters.room;
      const city = CITIES[person.city] ?? CITIES[0];
      const cityName = city ? city.city : 'HQ';
      const handle = b.handles.claim(`room-${slug(cityName)}-${String(n).padStart(2, '0')}`);
      person.human = false;
      person.title = null;
      person.firstName = 'Room';
      person.lastName = `${cityName} ${n}`;
      person.displayName = `Room ${cityName} ${Math.floor(n / 10) + 1}.${String(n % 10).padStart(2, '0')}`;
      const address = `${handle}@${context.domain}`;
      person.entra = newEntra(b, address, address, created);
      // Resource mailboxes' accounts are disabled: nobody signs in as a room.
      person.entra.enabled = false;
      return;
    }
    case 'guest': {
      const { firstName, lastName, handle } = humanName(b);
      const partner = rng.pick(PARTNER_DOMAINS);
      const mail = `${handle}@${partner}`;
      person.firstName = firstName;
      person.lastName = lastName;
      person.displayName = `${firstName} ${lastName}`;
      person.title = null;
      const entra = newEntra(b, `${handle}_${partner}#EXT#@${context.initialDomain}`, mail, created);
      entra.guest = true;
      entra.pendingAcceptance = rng.chance(GUEST_PENDING_ACCEPTANCE);
      person.entra = entra;
      return;
    }
  }
}

/** Activity classes per account, with the minimums every scenario needs for its cross-IdP cases. */
function assignActivity(b: Builder, people: SyntheticPerson[]): void {
  const { rng, context } = b;
  for (const person of people) {
    const base = activityTable.draw(rng);
    if (person.entra) {
      const entra = person.entra;
      entra.activity = base;
      if (person.entraOnlyKind === 'room') entra.activity = 'never';
      if (person.entraOnlyKind === 'breakGlass') entra.activity = 'month';
      if (person.kind === 'entraDisabled') entra.activity = rng.chance(0.5) ? 'month' : 'stale';
      if (entra.guest && entra.pendingAcceptance) entra.activity = 'never';
      entra.neverForm = neverFormTable.draw(rng);
    }
    if (person.okta) {
      const okta = person.okta;
      okta.activity = rng.chance(OKTA_ACTIVITY_INDEPENDENT) ? activityTable.draw(rng) : base;
      if (okta.status === 'STAGED' || okta.status === 'PROVISIONED') okta.activity = 'never';
      else if (okta.status === 'DEPROVISIONED' || okta.status === 'SUSPENDED') okta.activity = rng.chance(0.6) ? 'month' : 'stale';
      else if (okta.activity === 'never' && okta.status !== 'ACTIVE') okta.activity = 'month';
    }
  }
  // Every "never" form of Graph's must appear at least once, among enabled members.
  const forms: NeverForm[] = ['null', 'zeroDate', 'empty'];
  const candidates = people.filter((p) => p.kind === 'both' && p.entra?.enabled);
  forms.forEach((form, i) => {
    const existing = people.some((p) => p.entra?.enabled && p.entra.activity === 'never' && p.entra.neverForm === form);
    const target = candidates[(i * 7 + 3) % Math.max(1, candidates.length)];
    if (!existing && target?.entra) {
      target.entra.activity = 'never';
      target.entra.neverForm = form;
    }
  });
  if (!candidates.some((p) => p.entra?.activity === 'stale')) {
    const target = candidates[11 % Math.max(1, candidates.length)];
    if (target?.entra) target.entra.activity = 'stale';
  }
  // Stale accounts were created long before their last sign-in.
  for (const person of people) {
    for (const account of [person.entra, person.okta]) {
      if (account && account.activity === 'stale' && account.createdMs !== null && account.createdMs > context.now - 200 * DAY_MS) {
        account.createdMs = context.now - (200 + rng.float() * 900) * DAY_MS;
      }
    }
  }
  // A few very old objects have no createdDateTime at all.
  const nullCreated = Math.max(1, Math.round(candidates.length * NULL_CREATED));
  for (let i = 0; i < nullCreated && candidates.length > 0; i++) {
    const target = candidates[rng.int(candidates.length)];
    if (target?.entra) target.entra.createdMs = null;
  }
}

export function buildPeople(context: ScenarioContext, n: number): People {
  const rng = streamOf(context, 'people');
  const counts = kindCounts(n);
  const kinds: PersonKind[] = [];
  for (const kind of ['both', 'leaver', 'entraDisabled', 'oktaOnly', 'entraOnly'] as const) {
    for (let i = 0; i < counts[kind]; i++) kinds.push(kind);
  }
  rng.shuffle(kinds);
  const entraOnly = entraOnlyKinds(counts.entraOnly);
  const b: Builder = { context, rng, handles: new HandleRegistry(), aliases: new HandleRegistry(), counters: { service: 0, room: 0, breakGlass: 0 } };
  let nextEntraOnly = 0;
  const all = kinds.map((kind, index) => buildPerson(b, index, kind, kind === 'entraOnly' ? (entraOnly[nextEntraOnly++] ?? 'guest') : null));
  assignActivity(b, all);
  const byEntraOnlyKind: Record<EntraOnlyKind, number> = { cloudAdmin: 0, breakGlass: 0, service: 0, room: 0, guest: 0 };
  for (const kind of entraOnly) byEntraOnlyKind[kind]++;
  return {
    all,
    counts: {
      both: counts.both,
      leavers: counts.leaver,
      entraDisabled: counts.entraDisabled,
      entraOnly: counts.entraOnly,
      oktaOnly: counts.oktaOnly,
      byEntraOnlyKind,
    },
  };
}

/** Contract: an active Entra account is enabled and a Member. */
export function entraActive(person: SyntheticPerson): boolean {
  return person.entra !== null && person.entra.enabled && !person.entra.guest;
}

/** Contract: an active Okta account is ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT or RECOVERY. */
export function oktaActive(person: SyntheticPerson): boolean {
  const status = person.okta?.status;
  return status === 'ACTIVE' || status === 'PASSWORD_EXPIRED' || status === 'LOCKED_OUT' || status === 'RECOVERY';
}
