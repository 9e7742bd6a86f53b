/**
 * userRegistrationDetails: the authentication methods report. Like the real report it covers
 * enabled users only. Admins the admin plan singles out get phishing-resistant methods, or
 * deliberately only push, so PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA has someone to find.
 */
import type { GraphUserRegistrationDetails } from '../../entra/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { ADMIN_PHISHING_RESISTANT, ENTRA_METHODS, ENTRA_MFA_REGISTERED, ENTRA_SSPR_ONLY_METHODS } from '../distributions.js';
import type { People, SyntheticPerson } from '../people.js';
import type { Rng } from '../random.js';
import { HOUR_MS, millisTime } from '../time.js';

export interface EntraRegistration {
  details: GraphUserRegistrationDetails[];
  registered: number;
}

const NOT_MFA = new Set(['email', 'securityQuestion', 'temporaryAccessPass', 'appPassword']);
const PASSWORDLESS = new Set(['fido2', 'passKeyDeviceBound', 'passKeyDeviceBoundAuthenticator', 'windowsHelloForBusiness', 'microsoftAuthenticatorPasswordless']);
const METHOD_ORDER = [...ENTRA_METHODS.map(([m]) => m), ...ENTRA_SSPR_ONLY_METHODS.map(([m]) => m)];

function preferred(methods: readonly string[]): { system: string[]; user: string } {
  if (methods.includes('fido2') || methods.includes('passKeyDeviceBound')) return { system: ['Fido2'], user: methods.includes('microsoftAuthenticatorPush') ? 'push' : 'none' };
  if (methods.includes('microsoftAuthenticatorPush')) return { system: ['push'], user: 'push' };
  if (methods.includes('softwareOneTimePasscode') || methods.includes('hardwareOneTimePasscode')) return { system: ['oath'], user: 'oath' };
  if (methods.includes('mobilePhone')) return { system: ['sms'], user: 'sms' };
  if (methods.includes('alternateMobilePhone')) return { system: ['voiceAlternateMobile'], user: 'voiceAlternateMobile' };
  if (methods.includes('officePhone')) return { system: ['voiceOffice'], user: 'voiceOffice' };
  return { system: [], user: 'none' };
}

export function buildRegistrationDetails(context: ScenarioContext, people: People, plan: AdminPlan): EntraRegistration {
  const rng = streamOf(context, 'entra-mfa');
  const admins = new Set<number>([...plan.entraActive.map((g) => g.person), ...plan.tier0GroupMembers]);
  const pooled = new Map<string, string[]>();
  const pool = (methods: string[]): string[] => {
    const sorted = METHOD_ORDER.filter((m) => methods.includes(m));
    const key = sorted.join(',');
    let shared = pooled.get(key);
    if (!shared) {
      shared = sorted;
      pooled.set(key, shared);
    }
    return shared;
  };
  const systemPools = new Map<string, string[]>();
  const reportTimes = Array.from({ length: 24 }, (_, h) => millisTime(context.now - h * HOUR_MS - rng.float() * HOUR_MS));

  const draw = (r: Rng, person: SyntheticPerson): string[] => {
    const methods: string[] = [];
    const isAdmin = admins.has(person.index);
    if (plan.weakAdmins.has(person.index)) return ['microsoftAuthenticatorPush', 'mobilePhone'];
    if (plan.phishingResistantAdmins.has(person.index)) return ['fido2', 'microsoftAuthenticatorPush', 'windowsHelloForBusiness'];
    if (person.entraOnlyKind === 'breakGlass') return person.lastName.endsWith('01') ? ['fido2'] : [];
    const guest = person.entra?.guest ?? false;
    const registeredShare = person.entraOnlyKind === 'service' ? 0.15 : guest ? 0.4 : ENTRA_MFA_REGISTERED;
    const registered = isAdmin || r.chance(registeredShare);
    if (registered) {
      for (const [method, share] of ENTRA_METHODS) if (r.chance(share / ENTRA_MFA_REGISTERED)) methods.push(method);
      if (methods.length === 0) methods.push(r.chance(0.7) ? 'microsoftAuthenticatorPush' : 'mobilePhone');
      if (isAdmin && r.chance(ADMIN_PHISHING_RESISTANT)) methods.push(r.chance(0.5) ? 'fido2' : 'windowsHelloForBusiness');
    }
    for (const [method, share] of ENTRA_SSPR_ONLY_METHODS) if (r.chance(share)) methods.push(method);
    return methods;
  };

  const details: GraphUserRegistrationDetails[] = [];
  let registeredCount = 0;
  for (const person of people.all) {
    const entra = person.entra;
    // The report "doesn't work for disabled users": they are simply absent.
    if (!entra || !entra.enabled) continue;
    const methods = pool(draw(rng, person));
    const isMfaRegistered = methods.some((m) => !NOT_MFA.has(m));
    if (isMfaRegistered) registeredCount++;
    const prefs = preferred(methods);
    const systemKey = prefs.system.join(',');
    let system = systemPools.get(systemKey);
    if (!system) {
      system = prefs.system;
      systemPools.set(systemKey, system);
    }
    const ssprEnabled = !entra.guest;
    const ssprRegistered = methods.length > 0 && !(methods.length === 1 && methods[0] === 'temporaryAccessPass');
    details.push({
      id: entra.id,
      userPrincipalName: entra.upn,
      userDisplayName: person.displayName,
      userType: entra.guest ? 'guest' : 'member',
      isAdmin: admins.has(person.index),
      isMfaRegistered,
      isMfaCapable: isMfaRegistered && !rng.chance(0.02),
      isPasswordlessCapable: methods.some((m) => PASSWORDLESS.has(m)),
      isSsprRegistered: ssprRegistered,
      isSsprEnabled: ssprEnabled,
      isSsprCapable: ssprEnabled && ssprRegistered,
      isSystemPreferredAuthenticationMethodEnabled: true,
      methodsRegistered: methods,
      systemPreferredAuthenticationMethods: system,
      // The docs allow "" as well as the enum: a few users show it.
      userPreferredMethodForSecondaryAuthentication: isMfaRegistered && rng.chance(0.04) ? '' : prefs.user,
      lastUpdatedDateTime: reportTimes[rng.int(reportTimes.length)] ?? null,
    });
  }
  return { details, registered: registeredCount };
}
