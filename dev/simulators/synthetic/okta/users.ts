/**
 * Okta users in the Management API's shape: employees (AD-sourced or Okta-mastered), contractors
 * managed only in Okta, leavers DEPROVISIONED, and the odd SUSPENDED, LOCKED_OUT,
 * PASSWORD_EXPIRED, STAGED, PROVISIONED and RECOVERY user, with lastLogin from the activity plan.
 */
import type { OktaUser, OktaUserCredentials } from '../../okta/fixture.js';
import type { ActivityPlan } from '../activity.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { oktaId } from '../ids.js';
import type { People } from '../people.js';
import { CITIES, DEPARTMENTS } from '../pools.js';
import { DAY_MS, HOUR_MS, millisTime } from '../time.js';

export function buildOktaUsers(context: ScenarioContext, people: People, activity: ActivityPlan): OktaUser[] {
  const rng = streamOf(context, 'okta-users');
  const type = { id: oktaId(rng, 'oty', context.oktaSuffix) };
  const okta: OktaUserCredentials = { password: {}, provider: { type: 'OKTA', name: 'OKTA' } };
  const ad: OktaUserCredentials = { password: {}, provider: { type: 'ACTIVE_DIRECTORY', name: context.adDomain } };
  const recoveryQuestion: OktaUserCredentials = { password: {}, recovery_question: { question: 'What was the name of your first pet?' }, provider: { type: 'OKTA', name: 'OKTA' } };
  const users: OktaUser[] = [];

  for (const person of people.all) {
    const account = person.okta;
    if (!account) continue;
    const { now } = context;
    const created = account.createdMs;
    const lastLoginMs = activity.oktaLastLogin[person.index] ?? Number.NaN;
    const lastLogin = Number.isNaN(lastLoginMs) ? null : lastLoginMs;
    const neverActivated = account.status === 'STAGED';
    const activated = neverActivated ? null : created + rng.float() * HOUR_MS;
    // A status change away from ACTIVE happened after the last login.
    let statusChanged: number | null = activated;
    if (account.status !== 'ACTIVE' && account.status !== 'STAGED' && account.status !== 'PROVISIONED') {
      const after = Math.max(lastLogin ?? created, created);
      statusChanged = Math.min(now - HOUR_MS, after + (0.1 + rng.float() * 10) * DAY_MS);
    }
    const lastUpdated = Math.max(statusChanged ?? created, Math.min(now - HOUR_MS, now - rng.float() * 60 * DAY_MS));
    const passwordChanged = neverActivated || account.status === 'PROVISIONED' || account.provider === 'ACTIVE_DIRECTORY' ? null : (activated ?? created) + rng.float() * (now - (activated ?? created));
    const dept = DEPARTMENTS[person.department];
    const city = CITIES[person.city];
    const contractor = person.kind === 'oktaOnly';
    users.push({
      id: account.id,
      status: account.status,
      created: millisTime(created),
      activated: activated === null ? null : millisTime(activated),
      statusChanged: statusChanged === null ? null : millisTime(statusChanged),
      lastLogin: lastLogin === null ? null : millisTime(lastLogin),
      lastUpdated: millisTime(lastUpdated),
      passwordChanged: passwordChanged === null ? null : millisTime(passwordChanged),
      type,
      profile: {
        login: account.login,
        email: account.email,
        firstName: person.firstName,
        lastName: person.lastName,
        displayName: person.displayName,
        secondEmail: null,
        mobilePhone: null,
        title: person.title,
        department: dept ? dept.name : null,
        employeeNumber: person.employeeNumber,
        userType: contractor ? 'Contractor' : 'Employee',
        city: city ? city.city : null,
        countryCode: city ? city.country : null,
      },
      credentials: account.provider === 'ACTIVE_DIRECTORY' ? ad : rng.chance(0.3) ? recoveryQuestion : okta,
    });
  }
  return users;
}
