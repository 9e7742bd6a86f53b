/**
 * Entra interactive sign-ins (v1.0 /auditLogs/signIns) for the planned (person, time) pairs,
 * newest first. Objects that repeat (locations, devices of unmanaged clients, statuses, applied
 * policy lists) are shared between sign-ins: a large tenant has hundreds of thousands of these.
 */
import type { GraphAppliedConditionalAccessPolicy, GraphRiskLevel, GraphSignInFixture } from '../../entra/fixture.js';
import type { EventPlan } from '../activity.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { BROWSER_SHARE, LEGACY_CLIENTS, RISK_LEVELS, RISKY_SIGN_INS, SIGN_IN_FAILURES, TRAVEL } from '../distributions.js';
import { guid } from '../ids.js';
import type { Network } from '../network.js';
import type { People } from '../people.js';
import type { City } from '../pools.js';
import { CITIES, LEGACY_USER_AGENT, MOBILE_APP_BROWSER } from '../pools.js';
import { DistinctSampler, WeightedTable } from '../random.js';
import { graphPreciseTime } from '../time.js';
import type { SignInApp } from './apps.js';
import type { CaPolicies } from './conditional-access.js';

export interface EntraSignIns {
  signIns: GraphSignInFixture[];
  /** Per person index: the id of their newest sign-in (lastSignInRequestId). */
  newestIdByPerson: Map<number, string>;
  risky: number;
  legacy: number;
}

type Status = GraphSignInFixture['status'];
type Location = NonNullable<GraphSignInFixture['location']>;
type Device = NonNullable<GraphSignInFixture['deviceDetail']>;

const EMPTY: never[] = [];
const FAILURE_REASONS: Record<number, string> = {
  50126: 'Error validating credentials due to invalid username or password.',
  50074: 'Strong Authentication is required.',
  50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
  500121: 'Authentication failed during strong authentication request.',
  50053: 'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
  53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
};
const RISK_EVENTS: Record<'low' | 'medium' | 'high', ReadonlyArray<readonly string[]>> = {
  low: [['unfamiliarFeatures']],
  medium: [['anonymizedIPAddress'], ['unlikelyTravel'], ['unfamiliarFeatures', 'anonymizedIPAddress']],
  high: [['maliciousIPAddress'], ['leakedCredentials'], ['unlikelyTravel', 'maliciousIPAddress']],
};

const failureTable = new WeightedTable<number>([...SIGN_IN_FAILURES, [0, 1 - SIGN_IN_FAILURES.reduce((sum, [, w]) => sum + w, 0)]]);
const legacyTable = new WeightedTable(LEGACY_CLIENTS);
const riskTable = new WeightedTable(RISK_LEVELS);

function statusOf(code: number): Status {
  return { errorCode: code, failureReason: FAILURE_REASONS[code] ?? null, additionalDetails: null };
}

function locationOf(city: City): Location {
  return { city: city.city, state: city.state, countryOrRegion: city.country, geoCoordinates: { altitude: null, latitude: city.lat, longitude: city.lon } };
}

export function buildSignIns(context: ScenarioContext, people: People, plan: EventPlan, apps: readonly SignInApp[], ca: CaPolicies, network: Network): EntraSignIns {
  const rng = streamOf(context, 'entra-sign-ins');
  const count = plan.count;
  const appTable = new WeightedTable(apps.map((a, i) => [i, a.weight] as const));

  // Shared pieces.
  const statuses = new Map<number, Status>();
  const status = (code: number): Status => {
    let s = statuses.get(code);
    if (!s) {
      s = statusOf(code);
      statuses.set(code, s);
    }
    return s;
  };
  const mfaSatisfied: Status = { errorCode: 0, failureReason: 'Other.', additionalDetails: 'MFA requirement satisfied by claim in the token' };
  const mfaCompleted: Status = { errorCode: 0, failureReason: 'Other.', additionalDetails: 'MFA completed in Azure AD' };
  const locations = CITIES.map(locationOf);
  const riskyLocations = new Map<string, Location>();
  const applied = (overrides: Record<string, [string, string[]]>): GraphAppliedConditionalAccessPolicy[] =>
    ca.policies.map((p) => {
      const [result, grants] = overrides[p.id] ?? [p.state === 'enabled' ? 'notApplied' : p.state === 'disabled' ? 'notEnabled' : 'reportOnlyNotApplied', []];
      return { id: p.id, displayName: p.displayName, enforcedGrantControls: grants, enforcedSessionControls: [], result };
    });
  const appliedSuccess = applied({ [ca.ids.mfaAll]: ['success', ['Mfa']], [ca.ids.compliantDevice]: ['reportOnlySuccess', ['RequireCompliantDevice']] });
  const appliedLegacy = applied({ [ca.ids.legacyBlock]: ['failure', ['Block']] });
  const appliedRisk = applied({ [ca.ids.mfaAll]: ['success', ['Mfa']], [ca.ids.signInRisk]: ['success', ['Mfa']] });
  const unmanagedDevices: Array<Device | undefined> = [];
  const legacyDevice: Device = { deviceId: '', displayName: '', operatingSystem: '', browser: '', isCompliant: false, isManaged: false, trustType: '' };
  const managedDevices: Array<Device | undefined> = new Array<Device | undefined>(people.all.length);
  const deviceOf = (p: number, mobileApp: boolean): Device => {
    const profile = network.device(p);
    const browser = mobileApp ? MOBILE_APP_BROWSER : profile.browser;
    if (network.managed(p) && !profile.mobile) {
      let d = managedDevices[p];
      if (!d) {
        d = { deviceId: guid(rng), displayName: `LT-${(p * 7919).toString(36).toUpperCase().padStart(6, '0')}`, operatingSystem: profile.os, browser, isCompliant: true, isManaged: true, trustType: rng.chance(0.5) ? 'Azure AD joined' : 'Hybrid Azure AD joined' };
        managedDevices[p] = d;
      }
      return d;
    }
    const key = network.deviceIndex(p) * 2 + (mobileApp ? 1 : 0);
    let d = unmanagedDevices[key];
    if (!d) {
      d = { deviceId: '', displayName: '', operatingSystem: profile.os, browser, isCompliant: false, isManaged: false, trustType: profile.mobile ? 'Azure AD registered' : '' };
      unmanagedDevices[key] = d;
    }
    return d;
  };

  // Which sign-ins are risky or legacy: fixed counts, so small tenants have some of each.
  const flags = new Uint8Array(count);
  const risky = count >= 3 ? Math.max(3, Math.round(count * RISKY_SIGN_INS)) : 0;
  const legacyTotal = LEGACY_CLIENTS.reduce((sum, [, w]) => sum + w, 0);
  const legacy = count >= 6 ? Math.max(2, Math.round(count * legacyTotal)) : 0;
  const positions = new DistinctSampler(count).sample(rng, risky + legacy);
  positions.forEach((at, i) => {
    // 1-3: risky in each form; 4: Exchange ActiveSync, 5: IMAP4, 6: any legacy client.
    flags[at] = i < risky ? 1 + (i % 3) : 4 + Math.min(2, i - risky);
  });
  let riskyOrdinal = 0;

  const signIns: GraphSignInFixture[] = new Array<GraphSignInFixture>(count);
  const newestIdByPerson = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const p = plan.person[i] ?? 0;
    const person = people.all[p];
    const entra = person?.entra;
    if (!person || !entra) throw new Error(`sign-in planned for person ${p} without an Entra account`);
    const id = guid(rng);
    if (!newestIdByPerson.has(p)) newestIdByPerson.set(p, id);
    const app = apps[appTable.draw(rng)] ?? (apps[0] as SignInApp);
    const flag = flags[i] ?? 0;
    const isRisky = flag >= 1 && flag <= 3;
    const isLegacy = flag >= 4;
    const mobileApp = !isLegacy && !rng.chance(BROWSER_SHARE);
    const profile = network.device(p);

    let location: Location = locations[person.city] ?? (locations[0] as Location);
    let ip: string = rng.chance(0.7) ? network.officeIp(person.city, rng) : network.homeIp(p);
    let statusValue: Status = mfaSatisfied;
    let caStatus: GraphSignInFixture['conditionalAccessStatus'] = 'success';
    let appliedPolicies = appliedSuccess;
    const clientAppUsed = isLegacy ? (flag === 4 ? 'Exchange ActiveSync' : flag === 5 ? 'IMAP4' : legacyTable.draw(rng)) : mobileApp ? 'Mobile Apps and Desktop clients' : 'Browser';
    let riskDuring: GraphRiskLevel = 'none';
    let riskAggregated: GraphRiskLevel = 'none';
    let riskState: GraphSignInFixture['riskState'] = 'none';
    let riskDetail = 'none';
    let riskEvents: string[] = EMPTY;

    if (isRisky) {
      // The first three risky sign-ins cover low, medium and high; forms rotate between
      // during-sign-in only, aggregated only, and both.
      const level = riskyOrdinal < 3 ? (['low', 'medium', 'high'] as const)[riskyOrdinal] ?? 'low' : riskTable.draw(rng);
      riskyOrdinal++;
      const form = flag;
      if (form === 1 || form === 3) riskDuring = level;
      if (form === 2 || form === 3) riskAggregated = level;
      riskEvents = [...rng.pick(RISK_EVENTS[level])];
      const city = network.riskyCity(rng);
      let loc = riskyLocations.get(city.city);
      if (!loc) {
        loc = locationOf(city);
        riskyLocations.set(city.city, loc);
      }
      location = loc;
      ip = network.riskyIp(rng);
      const remediated = riskDuring !== 'none' && rng.chance(0.5);
      riskState = remediated ? 'remediated' : rng.pick(['atRisk', 'atRisk', 'dismissed', 'confirmedSafe'] as const);
      riskDetail = remediated ? 'userPassedMFADrivenByRiskBasedPolicy' : riskState === 'dismissed' ? 'adminDismissedAllRiskForUser' : riskState === 'confirmedSafe' ? 'adminConfirmedSigninSafe' : 'none';
      statusValue = remediated ? mfaCompleted : rng.chance(0.4) ? status(500121) : mfaCompleted;
      appliedPolicies = appliedRisk;
      caStatus = statusValue.errorCode === 0 ? 'success' : 'failure';
    } else if (isLegacy) {
      statusValue = status(53003);
      caStatus = 'failure';
      appliedPolicies = appliedLegacy;
    } else {
      const code = failureTable.draw(rng);
      if (code !== 0) {
        statusValue = status(code);
        caStatus = 'notApplied';
        appliedPolicies = EMPTY;
      } else if (rng.chance(0.5)) statusValue = status(0);
      if (rng.chance(TRAVEL)) {
        const city = network.travelCity(rng, person.city);
        location = locations[city] ?? location;
        ip = network.officeIp(city, rng);
      }
    }

    signIns[i] = {
      id,
      createdDateTime: graphPreciseTime(plan.time[i] ?? 0, rng.int(10000)),
      userId: entra.id,
      userPrincipalName: entra.upn,
      userDisplayName: person.displayName,
      appId: app.appId,
      appDisplayName: app.displayName,
      resourceId: app.resource?.appId ?? app.appId,
      resourceDisplayName: app.resource?.displayName ?? app.displayName,
      ipAddress: ip,
      clientAppUsed,
      correlationId: guid(rng),
      isInteractive: true,
      conditionalAccessStatus: caStatus,
      appliedConditionalAccessPolicies: appliedPolicies,
      status: statusValue,
      location,
      deviceDetail: isLegacy ? legacyDevice : deviceOf(p, mobileApp),
      riskDetail,
      riskLevelAggregated: riskAggregated,
      riskLevelDuringSignIn: riskDuring,
      riskState,
      riskEventTypes_v2: riskEvents,
      userAgent: isLegacy ? LEGACY_USER_AGENT : profile.userAgent,
      homeTenantId: context.tenantId,
      resourceTenantId: context.tenantId,
    };
  }
  return { signIns, newestIdByPerson, risky, legacy };
}
