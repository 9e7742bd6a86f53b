/**
 * System Log events for changes made to the org (by an admin, the user, or Okta itself), in the shape
 * and with the event types and targets Okta writes: `user.lifecycle.*`, `user.account.update_profile`,
 * `user.mfa.factor.*`, `group.user_membership.*`, `group.lifecycle.*`, `group.profile.update`,
 * `application.user_membership.*` and `user.session.start`. A change feed (an incremental connector) reads
 * who and what changed from `target`, so every event names the objects it is about there.
 */
import { randomUUID } from 'node:crypto';
import type { LogActor, LogEvent, OktaApp, OktaGroup, OktaUser } from './fixture.js';
import { randomId } from './ids.js';

type Target = NonNullable<LogEvent['target']>[number];

/** Who made a change when the caller does not say: an admin of the org. */
export const ADMIN_ACTOR: LogActor = {
  id: '00uadminsimulator1d7',
  type: 'User',
  alternateId: 'okta.admin@simulator.invalid',
  displayName: 'Okta Admin',
  detailEntry: null,
};

/** Okta's own jobs (lifecycle completion) act as the system principal. */
export const SYSTEM_ACTOR: LogActor = { id: '0oa1systemprincipal1', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null };

export function userTarget(user: OktaUser): Target {
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: displayNameOf(user), detailEntry: null };
}

export function groupTarget(group: OktaGroup): Target {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name, detailEntry: null };
}

export function appTarget(app: OktaApp): Target {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: { signOnModeType: app.signOnMode } };
}

export function actorOf(user: OktaUser): LogActor {
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: displayNameOf(user), detailEntry: null };
}

function displayNameOf(user: OktaUser): string {
  const explicit = typeof user.profile.displayName === 'string' ? user.profile.displayName : '';
  return explicit || [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || user.profile.login;
}

const MESSAGES: Readonly<Record<string, { displayMessage: string; legacyEventType: string | null }>> = {
  'user.lifecycle.create': { displayMessage: 'Create Okta user', legacyEventType: 'core.user.config.user_creation.success' },
  'user.lifecycle.activate': { displayMessage: 'Activate Okta user', legacyEventType: 'core.user.config.user_activated' },
  'user.lifecycle.reactivate': { displayMessage: 'Reactivate Okta user', legacyEventType: 'core.user.config.user_reactivated' },
  'user.lifecycle.deactivate': { displayMessage: 'Deactivate Okta user', legacyEventType: 'core.user.config.user_deactivated' },
  'user.lifecycle.suspend': { displayMessage: 'Suspend Okta user', legacyEventType: 'core.user.config.user_suspended' },
  'user.lifecycle.unsuspend': { displayMessage: 'Unsuspend Okta user', legacyEventType: 'core.user.config.user_unsuspended' },
  'user.lifecycle.delete.initiated': { displayMessage: 'Delete Okta user', legacyEventType: null },
  'user.lifecycle.delete.completed': { displayMessage: 'Delete Okta user completed', legacyEventType: null },
  'user.account.update_profile': { displayMessage: 'Update user profile for Okta', legacyEventType: 'core.user.config.profile_update.success' },
  'user.mfa.factor.activate': { displayMessage: 'User set up factor', legacyEventType: 'core.user.factor.activate' },
  'user.mfa.factor.deactivate': { displayMessage: 'Reset factor for user', legacyEventType: 'core.user.factor.deactivate' },
  'user.mfa.factor.reset_all': { displayMessage: 'Reset all factors for user', legacyEventType: 'core.user.factor.reset_all' },
  'user.mfa.factor.update': { displayMessage: 'Update factor for user', legacyEventType: 'core.user.factor.update' },
  'group.user_membership.add': { displayMessage: 'Add user to group membership', legacyEventType: 'core.user_group_member.user_add' },
  'group.user_membership.remove': { displayMessage: 'Remove user from group membership', legacyEventType: 'core.user_group_member.user_remove' },
  'group.lifecycle.create': { displayMessage: 'Create Okta group', legacyEventType: 'core.user_group.created' },
  'group.lifecycle.delete': { displayMessage: 'Delete Okta group', legacyEventType: 'core.user_group.deleted' },
  'group.profile.update': { displayMessage: 'Update group profile', legacyEventType: null },
  'application.user_membership.add': { displayMessage: 'Add user to application membership', legacyEventType: 'app.generic.provision.assign_user_to_app' },
  'application.user_membership.remove': { displayMessage: 'Remove user from application membership', legacyEventType: 'app.generic.unauth_app_access_attempt' },
  'user.session.start': { displayMessage: 'User login to Okta', legacyEventType: 'core.user_auth.login_success' },
};

/** One System Log event, published at `at` (epoch ms). */
export function changeEvent(eventType: string, at: number, actor: LogActor, target: Target[], extra: { changeDetails?: Record<string, unknown> } = {}): LogEvent {
  const kind = MESSAGES[eventType] ?? { displayMessage: eventType, legacyEventType: null };
  const requestId = randomId(27);
  const debugData: Record<string, string> = { requestId, requestUri: eventType === 'user.session.start' ? '/idp/idx/identify' : '/api/v1' };
  if (extra.changeDetails) debugData.changedAttributes = Object.keys(extra.changeDetails).join(',');
  return {
    uuid: randomUUID(),
    published: new Date(at).toISOString(),
    eventType,
    version: '0',
    severity: 'INFO',
    legacyEventType: kind.legacyEventType,
    displayMessage: kind.displayMessage,
    actor,
    client: { userAgent: null, zone: 'null', device: 'Unknown', id: null, ipAddress: '198.51.100.10', geographicalContext: null },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'unknown',
    },
    outcome: { result: 'SUCCESS', reason: null },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    debugContext: { debugData },
    transaction: { type: eventType.startsWith('user.lifecycle.delete') ? 'JOB' : 'WEB', id: requestId, detail: {} },
    request: { ipChain: [] },
    target,
  };
}
