/**
 * The Okta System Log over the last seven days from the activity plan: sessions, SSO, sign-on
 * policy evaluations and MFA events, a few percent risky in each of the encodings a reader must
 * handle (the legacy debugData string, the structured securityContext.risk, both), and
 * security.threat.detected events with no level. Per-person and per-place pieces are shared.
 */
import type { LogActor, LogEvent, LogGeographicalContext, LogSecurityContext } from '../../okta/fixture.js';
import type { OktaEventPlan } from '../activity.js';
import { OKTA_EVENT_TYPE_NAMES } from '../activity.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { RISKY_OKTA_EVENTS, THREAT_EVENTS, TRAVEL } from '../distributions.js';
import { guid, token } from '../ids.js';
import type { Network } from '../network.js';
import type { People, SyntheticPerson } from '../people.js';
import type { City } from '../pools.js';
import { CITIES, DEVICES } from '../pools.js';
import type { Rng } from '../random.js';
import { DistinctSampler } from '../random.js';
import { millisTime } from '../time.js';
import type { SsoTarget } from './apps.js';

export interface OktaSystemLog {
  logs: LogEvent[];
  riskyLegacy: number;
  riskyStructured: number;
  riskyBoth: number;
  threats: number;
}

type Client = NonNullable<LogEvent['client']>;
type Request = NonNullable<LogEvent['request']>;
type Target = NonNullable<LogEvent['target']>;
type Level = 'LOW' | 'MEDIUM' | 'HIGH';

interface EventKind {
  displayMessage: string;
  legacyEventType: string | null;
  requestUri: string;
}

const KINDS: Record<string, EventKind> = {
  'user.session.start': { displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success', requestUri: '/idp/idx/identify' },
  'user.authentication.sso': { displayMessage: 'User single sign on to app', legacyEventType: 'app.auth.sso', requestUri: '/app/sso/saml' },
  'policy.evaluate_sign_on': { displayMessage: 'Evaluation of sign-on policy', legacyEventType: null, requestUri: '/idp/idx/introspect' },
  'user.authentication.auth_via_mfa': { displayMessage: 'Authentication of user via MFA', legacyEventType: 'core.user.factor.attempt_success', requestUri: '/idp/idx/challenge/answer' },
  'user.session.end': { displayMessage: 'User logout from Okta', legacyEventType: 'core.user_auth.logout_success', requestUri: '/login/signout' },
  'user.mfa.factor.activate': { displayMessage: 'User set up factor', legacyEventType: 'core.user.factor.activate', requestUri: '/idp/idx/credential/enroll' },
  'user.mfa.factor.update': { displayMessage: 'Update factor for user', legacyEventType: 'core.user.factor.update', requestUri: '/api/v1/users/factors' },
  'user.account.lock': { displayMessage: 'Max sign in attempts exceeded', legacyEventType: 'core.user_auth.account_locked', requestUri: '/idp/idx/identify' },
  'security.threat.detected': { displayMessage: 'Request from suspicious actor', legacyEventType: 'security.threat.detected', requestUri: '/idp/idx/identify' },
};
const REASONS = ['Anomalous Location', 'Anomalous Device', 'Anomalous Geo-Distance', 'Suspicious IP'];
const CALM_BEHAVIORS = '{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}';
const ALARMED_BEHAVIORS = '{New Geo-Location=POSITIVE, New Device=POSITIVE, New IP=POSITIVE, New State=BAD_REQUEST, New Country=POSITIVE, Velocity=POSITIVE, New City=POSITIVE}';
const ISPS: ReadonlyArray<readonly [number, string, string]> = [
  [7922, 'comcast cable communications', 'comcast.net'],
  [701, 'verizon business', 'verizon.com'],
  [2856, 'british telecommunications plc', 'bt.com'],
  [3320, 'deutsche telekom ag', 'telekom.de'],
  [55836, 'reliance jio infocomm limited', 'jio.com'],
];
const OFFICE_ISP: readonly [number, string, string] = [6461, 'zayo bandwidth', 'zayo.com'];
const PROXY_ISP: readonly [number, string, string] = [9009, 'm247 europe srl', 'm247.com'];
const EMPTY_TARGET: Target = [];
const EMPTY_DETAIL: Record<string, unknown> = {};

function securityContext(isp: readonly [number, string, string], isProxy: boolean): LogSecurityContext {
  return { asNumber: isp[0], asOrg: isp[1], isp: isp[1], domain: isp[2], isProxy };
}

function geo(city: City): LogGeographicalContext {
  return { city: city.city, state: city.state, country: city.countryName, postalCode: city.postalCode, geolocation: { lat: city.lat, lon: city.lon } };
}

export function buildSystemLog(
  context: ScenarioContext,
  people: People,
  plan: OktaEventPlan,
  network: Network,
  targets: readonly SsoTarget[],
  policy: { id: string; name: string },
): OktaSystemLog {
  const rng = streamOf(context, 'okta-log');
  const count = plan.count;
  const geos = CITIES.map(geo);
  const userAgents = DEVICES.map((d) => ({ rawUserAgent: d.userAgent, os: d.oktaOs, browser: d.oktaBrowser }));
  const homeContexts = ISPS.map((isp) => securityContext(isp, false));
  const officeContext = securityContext(OFFICE_ISP, false);
  const proxyContext = securityContext(PROXY_ISP, true);
  const appTargets: Target[] = targets.map((t) => [{ id: t.id, type: 'AppInstance', alternateId: t.label, displayName: t.label, detailEntry: { signOnModeType: t.signOnMode } }]);
  const policyTarget: Target = [{ id: policy.id, type: 'Policy', alternateId: 'unknown', displayName: policy.name, detailEntry: { policyType: 'ACCESS_POLICY' } }];
  const outcomes = {
    success: { result: 'SUCCESS', reason: null },
    badPassword: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
    verification: { result: 'FAILURE', reason: 'VERIFICATION_ERROR' },
    allow: { result: 'ALLOW', reason: null },
    challenge: { result: 'CHALLENGE', reason: 'Sign-on policy evaluation resulted in CHALLENGE' },
    locked: { result: 'FAILURE', reason: 'LOCKED_OUT' },
    deny: { result: 'DENY', reason: null },
  } as const;

  const actors: Array<LogActor | undefined> = new Array<LogActor | undefined>(people.all.length);
  const actorOf = (person: SyntheticPerson): LogActor => {
    let actor = actors[person.index];
    if (!actor) {
      actor = { id: person.okta?.id ?? '', type: 'User', alternateId: person.okta?.login ?? null, displayName: person.displayName, detailEntry: null };
      actors[person.index] = actor;
    }
    return actor;
  };
  type AuthContext = NonNullable<LogEvent['authenticationContext']>;
  const authContexts: Array<AuthContext | undefined> = new Array<AuthContext | undefined>(people.all.length);
  const authOf = (person: SyntheticPerson): AuthContext => {
    let auth = authContexts[person.index];
    if (!auth) {
      const ad = person.okta?.provider === 'ACTIVE_DIRECTORY';
      auth = {
        authenticationProvider: ad ? 'ACTIVE_DIRECTORY' : 'OKTA_AUTHENTICATION_PROVIDER',
        credentialProvider: ad ? 'ACTIVE_DIRECTORY' : 'OKTA_CREDENTIAL_PROVIDER',
        credentialType: 'PASSWORD',
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: `102${token(rng, 22)}`,
      };
      authContexts[person.index] = auth;
    }
    return auth;
  };
  const place = (ip: string, cityGeo: LogGeographicalContext, device: number): { client: Client; request: Request } => {
    const profile = DEVICES[device] ?? DEVICES[0];
    return {
      client: { userAgent: userAgents[device] ?? null, zone: 'null', device: profile?.oktaDevice ?? 'Computer', id: null, ipAddress: ip, geographicalContext: cityGeo },
      request: { ipChain: [{ ip, geographicalContext: cityGeo, version: 'V4', source: null }] },
    };
  };
  type Place = { client: Client; request: Request; security: LogSecurityContext };
  const usual: Array<Place[] | undefined> = new Array<Place[] | undefined>(people.all.length);
  const usualPlaces = (person: SyntheticPerson): Place[] => {
    let places = usual[person.index];
    if (!places) {
      const device = network.deviceIndex(person.index);
      const cityGeo = geos[person.city] ?? (geos[0] as LogGeographicalContext);
      places = [
        { ...place(network.officeIp(person.city, rng), cityGeo, device), security: officeContext },
        { ...place(network.homeIp(person.index), cityGeo, device), security: homeContexts[person.index % homeContexts.length] ?? officeContext },
      ];
      usual[person.index] = places;
    }
    return places;
  };

  // Risky events (three encodings, rotating) and threat detections: fixed counts, so small orgs have each.
  const flags = new Uint8Array(count);
  const risky = count >= 4 ? Math.max(3, Math.round(count * RISKY_OKTA_EVENTS)) : 0;
  const threats = count >= 4 ? Math.max(1, Math.round(count * THREAT_EVENTS)) : 0;
  const sessionStart = OKTA_EVENT_TYPE_NAMES.indexOf('user.session.start');
  const positions = new DistinctSampler(count).sample(rng, risky + threats * 4);
  let placedRisky = 0;
  let placedThreats = 0;
  for (const at of positions) {
    if (placedRisky < risky) flags[at] = 1 + (placedRisky++ % 3);
    // Threats replace events that do not feed lastLogin (session starts do).
    else if (placedThreats < threats && plan.type[at] !== sessionStart) {
      flags[at] = 4;
      placedThreats++;
    }
  }
  for (let at = 0; at < count && placedThreats < threats; at++) {
    if (flags[at] === 0 && plan.type[at] !== sessionStart) {
      flags[at] = 4;
      placedThreats++;
    }
  }
  const counts = { riskyLegacy: 0, riskyStructured: 0, riskyBoth: 0, threats: placedThreats };

  const logs: LogEvent[] = new Array<LogEvent>(count);
  for (let i = 0; i < count; i++) {
    const person = people.all[plan.person[i] ?? 0];
    if (!person?.okta) throw new Error('log event planned for a person without an Okta account');
    const flag = flags[i] ?? 0;
    let eventType = OKTA_EVENT_TYPE_NAMES[plan.type[i] ?? 0] ?? 'user.session.start';
    if (flag === 4) eventType = 'security.threat.detected';
    else if (flag >= 1 && eventType !== 'user.session.start') eventType = 'policy.evaluate_sign_on';
    const failed = plan.failed[i] === 1;
    const kind = KINDS[eventType] ?? (KINDS['user.session.start'] as EventKind);
    const requestId = token(rng, 27);

    const places = usualPlaces(person);
    let where = places[rng.chance(0.65) ? 0 : 1] ?? places[0];
    let security: LogSecurityContext = where?.security ?? officeContext;
    const debugData: Record<string, string> = { requestId, requestUri: kind.requestUri, threatSuspected: 'false' };
    if (flag >= 1 && flag <= 3) {
      const level: Level = placedLevel(rng, counts.riskyLegacy + counts.riskyStructured + counts.riskyBoth);
      const reasons = [rng.pick(REASONS), ...(rng.chance(0.5) ? [rng.pick(REASONS)] : [])].filter((r, k, all) => all.indexOf(r) === k);
      const city = network.riskyCity(rng);
      const cityGeo = geo(city);
      const ip = network.riskyIp(rng);
      where = { ...place(ip, cityGeo, network.deviceIndex(person.index + 1)), security: proxyContext };
      debugData.behaviors = ALARMED_BEHAVIORS;
      if (flag === 1 || flag === 3) debugData.risk = `{reasons=${reasons.join(', ')}, level=${level}}`;
      if (flag === 2 || flag === 3) security = { ...proxyContext, risk: { level, reasons } };
      else security = proxyContext;
      if (flag === 3) debugData.logOnlySecurityData = JSON.stringify({ risk: { reasons: reasons.join(', '), level }, behaviors: { 'New Geo-Location': 'POSITIVE', 'New Device': 'POSITIVE', 'New IP': 'POSITIVE' } });
      if (flag === 1) counts.riskyLegacy++;
      else if (flag === 2) counts.riskyStructured++;
      else counts.riskyBoth++;
    } else if (flag === 4) {
      debugData.threatSuspected = 'true';
      security = proxyContext;
      where = { ...place(network.riskyIp(rng), geo(network.riskyCity(rng)), 0), security: proxyContext };
    } else {
      if (eventType === 'user.session.start' && rng.chance(0.3)) debugData.behaviors = CALM_BEHAVIORS;
      if (rng.chance(TRAVEL)) {
        const city = network.travelCity(rng, person.city);
        where = { ...place(network.officeIp(city, rng), geos[city] ?? (geos[0] as LogGeographicalContext), network.deviceIndex(person.index)), security: officeContext };
        security = officeContext;
      }
    }

    let target: Target = EMPTY_TARGET;
    let outcome: NonNullable<LogEvent['outcome']> = outcomes.success;
    let severity: LogEvent['severity'] = 'INFO';
    let legacyEventType = kind.legacyEventType;
    switch (eventType) {
      case 'user.session.start':
        if (failed) {
          outcome = rng.chance(0.7) ? outcomes.badPassword : outcomes.verification;
          severity = 'WARN';
          legacyEventType = 'core.user_auth.login_failed';
        }
        break;
      case 'user.authentication.sso':
        target = appTargets[rng.int(appTargets.length)] ?? EMPTY_TARGET;
        break;
      case 'policy.evaluate_sign_on':
        target = policyTarget;
        outcome = flag >= 1 || rng.chance(0.3) ? outcomes.challenge : outcomes.allow;
        break;
      case 'user.account.lock':
        outcome = outcomes.locked;
        severity = 'WARN';
        break;
      case 'security.threat.detected':
        outcome = outcomes.deny;
        severity = 'WARN';
        break;
    }
    if (flag >= 1 && flag <= 3) severity = 'WARN';

    logs[i] = {
      uuid: guid(rng),
      published: millisTime(plan.time[i] ?? 0),
      eventType,
      version: '0',
      severity,
      legacyEventType,
      displayMessage: kind.displayMessage,
      actor: actorOf(person),
      client: where?.client ?? null,
      authenticationContext: authOf(person),
      outcome,
      securityContext: security,
      debugContext: { debugData },
      transaction: { type: 'WEB', id: requestId, detail: EMPTY_DETAIL },
      request: where?.request ?? null,
      target,
    };
  }
  return { logs, ...counts };
}

/** The first three risky events cover LOW, MEDIUM and HIGH; then mostly MEDIUM. */
function placedLevel(rng: Rng, ordinal: number): Level {
  if (ordinal < 3) return (['LOW', 'MEDIUM', 'HIGH'] as const)[ordinal] ?? 'MEDIUM';
  const x = rng.float();
  return x < 0.35 ? 'LOW' : x < 0.8 ? 'MEDIUM' : 'HIGH';
}
