/**
 * People, accounts, applications and security events: the nodes analysts walk.
 *
 * Resolvers return the twin's views (src/twin/views.ts), and a view must be assignable to its class: the
 * compiler checks that every field a view carries has the type GraphQL declares. Fields resolved by a
 * field resolver from the parent (relations.resolver.ts) are optional here, since no view carries them.
 */
import { Extensions, Field, ID, Int, ObjectType } from 'type-graphql';
import { itemsOfPage } from '../list-bounds.js';
import { DateTimeScalar } from './scalars.js';
import { ConfidenceEnum, IdentitySourceEnum, MfaMethodEnum, RoleAssignmentKindEnum, SeverityEnum } from './enums.js';
import type { Confidence, MfaMethod, RoleAssignmentKind, Severity, Source } from '../../model/vocabulary.js';

@ObjectType({
  description: `A resolved identity. Accounts belong to the same person when a normalized identifier (trimmed,
lower-cased) is shared: Entra userPrincipalName (unless it contains #EXT#) and mail; Okta login and
email. Joining is transitive.`,
})
export class Person {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [String]) emails!: string[];
  /** Person.accounts: a paged field resolver (relations.resolver.ts). */
  accounts?: Account[];
  @Field(() => ConfidenceEnum) confidence!: Confidence;
  @Field(() => DateTimeScalar, { nullable: true, description: "The latest sign-in of any of the person's accounts, across both identity providers." })
  lastActivityAt!: string | null;
}

@ObjectType()
export class Account {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => String, { description: 'Entra object id or Okta user id.' }) externalId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { description: 'Entra userPrincipalName; Okta login.' }) login!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String, { description: 'Entra: Enabled or Disabled. Okta: the user status.' }) status!: string;
  @Field(() => String, { description: 'Entra: Member or Guest. Okta: Member.' }) userType!: string;
  @Field(() => DateTimeScalar, { nullable: true }) createdAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastSignInAt!: string | null;
  @Field(() => Boolean) mfaRegistered!: boolean;
  @Field(() => [MfaMethodEnum]) mfaMethods!: MfaMethod[];
  @Field(() => Person, { nullable: true }) person?: Person | null;
  // groups, roles, applications and securityEvents: paged field resolvers (relations.resolver.ts).
}

@ObjectType()
export class Group {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => String) externalId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true, description: 'Entra: Microsoft365, Security, MailEnabledSecurity or Distribution. Okta: OKTA_GROUP, APP_GROUP or BUILT_IN.' })
  groupType!: string | null;
  @Field(() => Int, { nullable: true }) memberCount!: number | null;
  // members and memberGroups: paged field resolvers (relations.resolver.ts).
}

@ObjectType()
export class Role {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => String) name!: string;
  @Field(() => String) roleKey!: string;
  @Field(() => Boolean) tier0!: boolean;
  @Field(() => Boolean) privileged!: boolean;
  // holders: a paged field resolver (relations.resolver.ts).
}

@ObjectType({ description: 'One way an account holds a role.' })
export class RoleGrant {
  @Field(() => Role) role?: Role;
  @Field(() => Account) account?: Account;
  @Field(() => RoleAssignmentKindEnum) assignment!: RoleAssignmentKind;
  @Field(() => String, { nullable: true, description: 'Directory scope: / for the whole tenant, or an administrative unit.' })
  scope!: string | null;
  // via: a field resolver (relations.resolver.ts), at most MAX_NESTING groups.
}

@ObjectType()
export class Application {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => String, { description: 'Entra appId or Okta app id.' }) externalId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [String], { description: 'Granted permission values, e.g. Directory.ReadWrite.All (application) or User.Read (delegated).' })
  permissions!: string[];
}

@ObjectType()
export class SecurityEvent {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => DateTimeScalar) occurredAt!: string;
  @Field(() => String, { description: 'Entra risk event types or the Okta eventType.' }) kind!: string;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true, description: 'City, region, country as given.' }) location!: string | null;
  @Field(() => String, { nullable: true, description: 'Operating system and browser, or the user agent.' }) device!: string | null;
  @Field(() => Account, { nullable: true }) account?: Account | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class PersonEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Person) node!: Person;
}

@ObjectType()
export class PersonConnection {
  @Field(() => [PersonEdge]) @Extensions(itemsOfPage) edges!: PersonEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class SecurityEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => SecurityEvent) node!: SecurityEvent;
}

@ObjectType()
export class SecurityEventConnection {
  @Field(() => [SecurityEventEdge]) @Extensions(itemsOfPage) edges!: SecurityEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
