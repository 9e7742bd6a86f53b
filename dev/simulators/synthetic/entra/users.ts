/**
 * Entra users in Graph's v1.0 shape: members (hybrid ones with their on-premises attributes),
 * cloud-only admins, break-glass, service and room accounts, and B2B guests, with signInActivity
 * taken from the activity plan (and Graph's three ways of saying "never").
 */
import type { GraphSignInActivity, GraphUserFixture } from '../../entra/fixture.js';
import type { ActivityPlan } from '../activity.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { guid, sid } from '../ids.js';
import type { People, SyntheticPerson } from '../people.js';
import { CITIES, DEPARTMENTS } from '../pools.js';
import { DAY_MS, MINUTE_MS, graphTime } from '../time.js';

const EMPTY: never[] = [];
const ZERO_DATE = '0001-01-01T00:00:00Z';
const NEVER_ZERO: GraphSignInActivity = {
  lastSignInDateTime: ZERO_DATE,
  lastSignInRequestId: null,
  lastNonInteractiveSignInDateTime: ZERO_DATE,
  lastNonInteractiveSignInRequestId: null,
  lastSuccessfulSignInDateTime: ZERO_DATE,
  lastSuccessfulSignInRequestId: null,
};
const NEVER_EMPTY: GraphSignInActivity = {
  lastSignInDateTime: '',
  lastSignInRequestId: null,
  lastNonInteractiveSignInDateTime: '',
  lastNonInteractiveSignInRequestId: null,
  lastSuccessfulSignInDateTime: '',
  lastSuccessfulSignInRequestId: null,
};

export function buildEntraUsers(context: ScenarioContext, people: People, activity: ActivityPlan, newestSignInId: ReadonlyMap<number, string>): GraphUserFixture[] {
  const rng = streamOf(context, 'entra-users');
  const lastSync = graphTime(context.now - (5 + rng.float() * 25) * MINUTE_MS);
  const users: GraphUserFixture[] = [];

  const signInActivity = (person: SyntheticPerson): GraphSignInActivity | null => {
    const p = person.index;
    const interactive = activity.entraLastInteractive[p] ?? Number.NaN;
    if (Number.isNaN(interactive)) {
      const form = person.entra?.neverForm ?? 'null';
      return form === 'null' ? null : form === 'zeroDate' ? NEVER_ZERO : NEVER_EMPTY;
    }
    const nonInteractive = activity.entraLastNonInteractive[p] ?? interactive;
    const interactiveId = newestSignInId.get(p) ?? guid(rng);
    const nonInteractiveId = guid(rng);
    const latest = Math.max(interactive, nonInteractive);
    return {
      lastSignInDateTime: graphTime(interactive),
      lastSignInRequestId: interactiveId,
      lastNonInteractiveSignInDateTime: graphTime(nonInteractive),
      lastNonInteractiveSignInRequestId: nonInteractiveId,
      // Only tracked since December 2023 and never backfilled: very old activity lacks it.
      lastSuccessfulSignInDateTime: graphTime(latest),
      lastSuccessfulSignInRequestId: latest === interactive ? interactiveId : nonInteractiveId,
    };
  };

  for (const person of people.all) {
    const entra = person.entra;
    if (!entra) continue;
    const city = CITIES[person.city] ?? CITIES[0];
    const dept = person.human && !entra.guest && person.entraOnlyKind !== 'cloudAdmin' ? DEPARTMENTS[person.department] : undefined;
    const localPart = entra.upn.slice(0, entra.upn.indexOf('@'));
    // Guests' primary proxy address is their #EXT# UPN, not their home address.
    const proxyAddresses = entra.guest ? [`SMTP:${entra.upn}`] : entra.mail ? [`SMTP:${entra.mail}`, `smtp:${localPart.toLowerCase()}@${context.initialDomain}`] : EMPTY;
    const member = person.kind !== 'entraOnly' || person.entraOnlyKind === 'service';
    users.push({
      id: entra.id,
      userPrincipalName: entra.upn,
      displayName: person.displayName,
      givenName: person.human ? person.firstName : null,
      surname: person.human ? person.lastName : null,
      mail: entra.mail,
      mailNickname: localPart,
      otherMails: entra.guest && entra.mail ? [entra.mail] : EMPTY,
      accountEnabled: entra.enabled,
      userType: entra.guest ? 'Guest' : 'Member',
      createdDateTime: entra.createdMs === null ? null : graphTime(entra.createdMs),
      creationType: entra.guest ? 'Invitation' : null,
      externalUserState: entra.guest ? (entra.pendingAcceptance ? 'PendingAcceptance' : 'Accepted') : null,
      externalUserStateChangeDateTime: entra.guest && entra.createdMs !== null ? graphTime(entra.createdMs + (entra.pendingAcceptance ? 0 : DAY_MS)) : null,
      signInActivity: signInActivity(person),
      onPremisesImmutableId: entra.immutableId,
      onPremisesSyncEnabled: entra.hybrid ? true : null,
      onPremisesSamAccountName: entra.samAccountName,
      onPremisesUserPrincipalName: entra.hybrid ? entra.upn : null,
      onPremisesDomainName: entra.hybrid ? context.adDomain : null,
      onPremisesLastSyncDateTime: entra.hybrid ? lastSync : null,
      onPremisesSecurityIdentifier: entra.hybrid ? sid(context.sidDomain, entra.rid) : null,
      proxyAddresses,
      jobTitle: member ? person.title : null,
      department: dept ? dept.name : null,
      companyName: member && person.human ? context.organizationName : null,
      employeeId: person.employeeNumber,
      employeeType: person.employeeNumber ? 'Employee' : null,
      officeLocation: dept && city ? city.city : null,
      businessPhones: EMPTY,
      mobilePhone: null,
      preferredLanguage: person.human ? 'en-US' : null,
      usageLocation: person.human && city ? city.usageLocation : null,
      city: dept && city ? city.city : null,
      country: dept && city ? city.countryName : null,
      passwordPolicies: person.entraOnlyKind === 'breakGlass' || person.entraOnlyKind === 'service' ? 'DisablePasswordExpiration' : null,
    });
  }
  return users;
}
