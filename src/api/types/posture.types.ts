/** The merged posture: the contract's IdentityPosture and its parts. Descriptions are the definitions. */
import { ArgsType, Extensions, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars.js';
import { ConfidenceEnum, IdentitySourceEnum, MfaGapKindEnum, MfaMethodEnum, PolicyStateEnum, RoleConflictKindEnum, SeverityEnum } from './enums.js';
import {
  MFA_GAP_KINDS, MFA_METHODS, ROLE_CONFLICT_KINDS, SEVERITIES, SOURCES,
  type Confidence, type MfaGapKind, type MfaMethod, type PolicyState, type RoleConflictKind, type Severity, type Source,
} from '../../model/vocabulary.js';
import { MAX_POSTURE_POLICIES, MAX_POSTURE_ROLES } from '../../twin/posture.js';
import { MAX_GAP_ACCOUNTS } from '../../twin/cross-idp.js';
import { maxItems } from '../list-bounds.js';
import { Account, Application, Person } from './identity.types.js';

// Lists keyed by the vocabulary (one entry per identity provider, MFA method, severity, kind) are as long as it.

@ObjectType()
export class AccountTotals {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => Int) total!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int, { description: 'Entra userType Guest. 0 for Okta.' }) guests!: number;
}

@ObjectType()
export class MfaMethodCount {
  @Field(() => MfaMethodEnum) method!: MfaMethod;
  @Field(() => Int) accounts!: number;
}

@ObjectType()
export class MfaCoverage {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => Int, { description: 'Active accounts.' }) accounts!: number;
  @Field(() => Int, { description: 'Active accounts with MFA registered. Entra: userRegistrationDetails.isMfaRegistered. Okta: at least one ACTIVE factor other than a security question.' })
  registered!: number;
  @Field(() => Float, { description: 'registered / accounts; 0 when there are no accounts.' }) ratio!: number;
  @Field(() => [MfaMethodCount], { description: 'Active accounts per registered method; an account counts once per method.' })
  @Extensions(maxItems(MFA_METHODS.length))
  byMethod!: MfaMethodCount[];
  @Field(() => ConfidenceEnum) confidence!: Confidence;
}

@ObjectType()
export class RoleHolders {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => String, { description: 'As the provider names it: Global Administrator; SUPER_ADMIN.' }) role!: string;
  @Field(() => String, { description: 'Entra: role template id. Okta: role type, or the custom role id.' }) roleKey!: string;
  @Field(() => Boolean, { description: 'Tier 0: Global Administrator, Privileged Role Administrator, Privileged Authentication Administrator, Okta SUPER_ADMIN and ORG_ADMIN.' })
  tier0!: boolean;
  @Field(() => Boolean, { description: 'Read-only roles (Global Reader, Security Reader, Reports Reader, Directory Readers, Okta READ_ONLY_ADMIN and REPORT_ADMIN) are not privileged; every other admin role is.' })
  privileged!: boolean;
  @Field(() => Int, { description: 'Distinct accounts holding the role actively.' }) activeHolders!: number;
  @Field(() => Int, { description: 'Distinct accounts eligible through PIM and not holding it actively. Always 0 for Okta.' })
  eligibleHolders!: number;
  /** The role's node key, for RoleHolders.holders (posture.resolver.ts); not in the schema. */
  roleId!: string;
}

@ObjectType()
export class ConditionalAccessPolicy {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => PolicyStateEnum) state!: PolicyState;
  @Field(() => [String], { description: 'builtInControls as Graph gives them (mfa, block, compliantDevice, ...), plus authenticationStrength when one is set.' })
  grantControls!: string[];
  @Field(() => Boolean) requiresMfa!: boolean;
  @Field(() => Boolean) blocks!: boolean;
}

@ObjectType()
export class ConditionalAccessPosture {
  @Field(() => Int) enabled!: number;
  @Field(() => Int) reportOnly!: number;
  @Field(() => Int) disabled!: number;
  @Field(() => [ConditionalAccessPolicy], { description: `At most ${MAX_POSTURE_POLICIES} (Entra allows 195), by displayName then id; the counts above are over all of them.` })
  @Extensions(maxItems(MAX_POSTURE_POLICIES))
  policies!: ConditionalAccessPolicy[];
  @Field(() => Boolean, { description: 'Some enabled policy requires MFA for includeUsers All and includeApplications All, with no risk condition.' })
  mfaRequiredForAllUsers!: boolean;
  @Field(() => Boolean, { description: 'Some enabled policy blocks the legacy client app types exchangeActiveSync and other.' })
  legacyAuthBlocked!: boolean;
  @Field(() => Int, {
    description: `Active Entra accounts that no MFA-enforcing policy covers. A policy enforces MFA when it is enabled,
its grant controls contain mfa or an authentication strength, it includes application All, and it
has no sign-in or user risk condition. It covers an account that it includes (All, the account, a
group the account is in transitively, a role the account holds actively) and does not exclude
(same rules for excludeUsers, excludeGroups, excludeRoles).`,
  })
  accountsWithoutMfaEnforcement!: number;
}

@ObjectType()
export class StaleAccounts {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => Int, {
    description: `Active accounts whose last sign-in (Entra: the latest of signInActivity.lastSignInDateTime and
lastNonInteractiveSignInDateTime; Okta: lastLogin) is older than staleAfterDays, or that never
signed in and were created more than staleAfterDays ago or have no creation date. Graph's
null, "" and 0001-01-01T00:00:00Z mean never.`,
  })
  count!: number;
  /** The staleness cutoff of this request, for StaleAccounts.accounts (posture.resolver.ts); not in the schema. */
  cutoff!: string;
}

@ObjectType()
export class SeverityCount {
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class SourceCount {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class SecurityEventSummary {
  @Field(() => Int, {
    description: `Entra sign-ins whose riskLevelDuringSignIn or riskLevelAggregated is low, medium or high, and Okta
System Log events whose risk level is LOW, MEDIUM or HIGH or whose eventType is
security.threat.detected (HIGH when no level is given). Severity is the highest level given.`,
  })
  total!: number;
  @Field(() => [SeverityCount]) @Extensions(maxItems(SEVERITIES.length)) bySeverity!: SeverityCount[];
  @Field(() => [SourceCount]) @Extensions(maxItems(SOURCES.length)) bySource!: SourceCount[];
}

@ObjectType()
export class ApplicationInventory {
  @Field(() => Int, { description: 'Entra app registrations.' }) entraApplications!: number;
  @Field(() => Int, { description: 'Entra service principals of type Application.' }) entraServicePrincipals!: number;
  @Field(() => Int) oktaApps!: number;
  @Field(() => Int) highPrivilegeAppCount!: number;
}

@ObjectType()
export class MfaGap {
  @Field(() => MfaGapKindEnum) kind!: MfaGapKind;
  @Field(() => Person) person!: Person;
  @Field(() => [Account], { description: `The accounts behind the gap, at most ${MAX_GAP_ACCOUNTS}.` })
  @Extensions(maxItems(MAX_GAP_ACCOUNTS))
  accounts!: Account[];
  @Field(() => Boolean, { description: 'MFA_ONLY_IN_OKTA where Okta federates the Entra tenant (Office 365 app): Entra sign-ins go through Okta, whose MFA then applies.' })
  federatedThroughOkta!: boolean;
}

@ObjectType()
export class RoleConflict {
  @Field(() => RoleConflictKindEnum) kind!: RoleConflictKind;
  @Field(() => Person) person!: Person;
  @Field(() => [String], { description: 'The roles involved, as source and role name.' }) roles!: string[];
}

@ObjectType()
export class SsoOverlap {
  @Field(() => Application) entra!: Application;
  @Field(() => Application) okta!: Application;
}

@ObjectType()
export class MfaGapCount {
  @Field(() => MfaGapKindEnum) kind!: MfaGapKind;
  @Field(() => Int) people!: number;
}

@ObjectType()
export class RoleConflictCount {
  @Field(() => RoleConflictKindEnum) kind!: RoleConflictKind;
  @Field(() => Int) people!: number;
}

@ObjectType()
export class CrossIdpPosture {
  @Field(() => Int, { description: 'People with an account in each identity provider.' }) inBoth!: number;
  @Field(() => Int, { description: 'People with an active Entra account and no Okta account at all.' }) onlyInEntra!: number;
  @Field(() => Int, { description: 'People with an active Okta account and no Entra account at all.' }) onlyInOkta!: number;
  @Field(() => [MfaGapCount], { description: 'People per gap kind, every kind listed (0 included).' })
  @Extensions(maxItems(MFA_GAP_KINDS.length))
  mfaGapCounts!: MfaGapCount[];
  @Field(() => [RoleConflictCount], { description: 'People per conflict kind, every kind listed (0 included).' })
  @Extensions(maxItems(ROLE_CONFLICT_KINDS.length))
  roleConflictCounts!: RoleConflictCount[];
  @Field(() => Int) ssoOverlapCount!: number;
  @Field(() => Int) ssoGapCount!: number;
}

@ObjectType()
export class IdentityPosture {
  @Field(() => DateTimeScalar) asOf!: string;
  @Field(() => [AccountTotals]) @Extensions(maxItems(SOURCES.length)) accounts!: AccountTotals[];
  @Field(() => [MfaCoverage]) @Extensions(maxItems(SOURCES.length)) mfa!: MfaCoverage[];
  @Field(() => Int) globalAdminCount!: number;
  @Field(() => [RoleHolders], { description: `Every role that has at least one active or eligible holder, by source then name: at most ${MAX_POSTURE_ROLES}.` })
  @Extensions(maxItems(MAX_POSTURE_ROLES))
  roles!: RoleHolders[];
  @Field(() => ConditionalAccessPosture) conditionalAccess!: ConditionalAccessPosture;
  @Field(() => [StaleAccounts]) @Extensions(maxItems(SOURCES.length)) staleAccounts!: StaleAccounts[];
  @Field(() => SecurityEventSummary) securityEvents!: SecurityEventSummary;
  @Field(() => ApplicationInventory) applications!: ApplicationInventory;
  @Field(() => CrossIdpPosture) crossIdp!: CrossIdpPosture;
}

/** The contract's paged list arguments: at most `first` items (up to TWIN_MAX_PAGE_SIZE), skipping `offset`. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 100 }) first!: number;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
}

@ArgsType()
export class MfaGapPageArgs extends PageArgs {
  @Field(() => MfaGapKindEnum, { nullable: true }) kind?: MfaGapKind | null;
}

@ArgsType()
export class RoleConflictPageArgs extends PageArgs {
  @Field(() => RoleConflictKindEnum, { nullable: true }) kind?: RoleConflictKind | null;
}

@ObjectType({ description: 'The headline posture numbers recorded after a sync, for trends.' })
export class PostureSnapshot {
  @Field(() => DateTimeScalar) asOf!: string;
  @Field(() => Int) people!: number;
  @Field(() => Int) accountsEntra!: number;
  @Field(() => Int) accountsOkta!: number;
  @Field(() => Int) activeEntra!: number;
  @Field(() => Int) activeOkta!: number;
  @Field(() => Int) guests!: number;
  @Field(() => Float, { description: 'Entra MfaCoverage.ratio at that time.' }) mfaRatioEntra!: number;
  @Field(() => Float, { description: 'Okta MfaCoverage.ratio at that time.' }) mfaRatioOkta!: number;
  @Field(() => Int) globalAdmins!: number;
  @Field(() => Int, { description: 'Distinct accounts holding some privileged role actively.' }) privilegedAccounts!: number;
  @Field(() => Int) accountsWithoutMfaEnforcement!: number;
  @Field(() => Int, { description: 'Active accounts of both sources stale after 90 days.' }) staleAccounts!: number;
  @Field(() => Int) securityEvents!: number;
  @Field(() => Int) highSeverityEvents!: number;
  @Field(() => Int) inBoth!: number;
  @Field(() => Int) peopleOnlyInEntra!: number;
  @Field(() => Int) peopleOnlyInOkta!: number;
  @Field(() => Int) mfaGaps!: number;
  @Field(() => Int) roleConflicts!: number;
  @Field(() => Int) ssoOverlap!: number;
  @Field(() => Int) ssoGaps!: number;
  @Field(() => Int) highPrivilegeApps!: number;
}
