/** Connector administration: status, connection tests, sync runs, configuration inputs. */
import { ArgsType, Extensions, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { EntraSyncOptions, OktaSyncOptions } from '../../ingest/connector.js';
import { MAX_WARNINGS } from '../../ingest/runner.js';
import { maxItems } from '../list-bounds.js';
import { DateTimeScalar } from './scalars.js';
import { IdentitySourceEnum, SyncModeEnum, SyncStatusEnum } from './enums.js';
import type { Source, SyncMode, SyncStatus } from '../../model/vocabulary.js';

/**
 * The most entries a run's counts and errors, or a connection test's checks, can hold: one per data set (a
 * connector has 7) plus the run's own stages (authentication, enrichment, the run itself). A bound for the
 * cost estimate only: these lists are short by construction.
 */
const DATA_SET_ENTRIES = 10;

@ObjectType()
export class SyncCount {
  @Field(() => String) dataSet!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int, { description: 'Wall time of the data set in milliseconds (so far, while the run works).' }) durationMs!: number;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the data set started (null in runs recorded before it was kept). Data sets run one after the other in the listed order, except Entra signIns and Okta logs, which start once users finished and run beside the rest.',
  })
  startedAt!: string | null;
  @Field(() => SyncModeEnum, { description: 'FULL: the data set was read whole (count: the objects the provider has). INCREMENTAL: only its changes since the last sync were read (count: the changed objects loaded).' })
  mode!: SyncMode;
}

@ObjectType()
export class SyncError {
  @Field(() => String) dataSet!: string;
  @Field(() => String, { nullable: true, description: "The provider's error code where there is one (e.g. Authorization_RequestDenied, E0000006)." })
  code!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType()
export class SyncRun {
  @Field(() => ID) id!: string;
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => SyncStatusEnum) status!: SyncStatus;
  @Field(() => SyncModeEnum, { description: 'INCREMENTAL when at least one data set read only its changes since the last successful sync (see SyncCount.mode), else FULL.' })
  mode!: SyncMode;
  @Field(() => DateTimeScalar) startedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: string | null;
  @Field(() => [SyncCount], { description: 'Objects loaded by this run, per data set.' }) @Extensions(maxItems(DATA_SET_ENTRIES)) counts!: SyncCount[];
  @Field(() => [SyncError]) @Extensions(maxItems(DATA_SET_ENTRIES)) errors!: SyncError[];
  @Field(() => [SyncError], {
    description: `Problems that did not fail a data set (e.g. signInActivity refused: users synced without it). At most ${MAX_WARNINGS}, then one entry saying how many more there were.`,
  })
  @Extensions(maxItems(MAX_WARNINGS + 1))
  warnings!: SyncError[];
  @Field(() => String, { nullable: true, description: 'What a running sync is doing or waiting for right now.' })
  progress!: string | null;
}

@ObjectType({ description: "When this identity provider syncs on its own (setSyncSchedule). Every API replica looks for due runs every TWIN_SCHEDULER_TICK_SECONDS; one of them runs each." })
export class SyncSchedule {
  @Field(() => Int, { description: 'Minutes between scheduled runs (5 to 10080); each run is moved by up to a tenth of that, at most a minute, either way.' })
  everyMinutes!: number;
  @Field(() => Int, { description: 'A scheduled run is FULL when the last successful FULL run would otherwise be older than this by the next run (1 to 720); INCREMENTAL otherwise.' })
  fullEveryHours!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next scheduled run is due; a replica starts it within a tick of that time.' })
  nextRunAt!: string | null;
}

@ObjectType()
export class IntegrationStatus {
  @Field(() => IdentitySourceEnum) source!: Source;
  @Field(() => Boolean) configured!: boolean;
  @Field(() => String, { nullable: true, description: 'Entra: tenant id. Okta: org URL.' }) tenant!: string | null;
  @Field(() => String, { nullable: true, description: "Entra: the app's client id; Okta: the service app's client id, if any. Never a secret." })
  clientId!: string | null;
  @Field(() => Boolean, { description: 'True when a secret, token or key is stored. Its value is never returned.' })
  credentialSet!: boolean;
  @Field(() => SyncRun, { nullable: true }) lastSync!: SyncRun | null;
  @Field(() => SyncSchedule, { nullable: true, description: 'Null when syncs run only on demand.' }) schedule!: SyncSchedule | null;
}

@ObjectType()
export class ConnectionCheck {
  @Field(() => String, { description: 'Data set: users, mfa, groups, roles, signIns, policies, apps (Entra); users, factors, groups, roles, apps, logs, policies (Okta).' })
  name!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'What the data set needs, e.g. AuditLog.Read.All or okta.logs.read.' })
  permission!: string | null;
  @Field(() => String, { nullable: true, description: "On failure: the provider's error code and what to do about it." })
  detail!: string | null;
}

@ObjectType()
export class ConnectionTest {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String) message!: string;
  @Field(() => [ConnectionCheck]) @Extensions(maxItems(DATA_SET_ENTRIES)) checks!: ConnectionCheck[];
}

@InputType()
export class EntraIdConfigInput {
  @Field(() => String) tenantId!: string;
  @Field(() => String) clientId!: string;
  @Field(() => String) clientSecret!: string;
}

@InputType()
export class OktaConfigInput {
  @Field(() => String, { description: 'https://{org}.okta.com, oktapreview.com, okta-emea.com or a custom domain.' })
  orgUrl!: string;
  @Field(() => String, { nullable: true, description: 'SSWS API token. Give either this, or clientId with privateKey.' })
  apiToken?: string | null;
  @Field(() => String, { nullable: true }) clientId?: string | null;
  @Field(() => String, { nullable: true, description: "PEM (PKCS#8) or JWK of the service app's key, for private_key_jwt." })
  privateKey?: string | null;
  @Field(() => String, { nullable: true }) keyId?: string | null;
}

/** What both sync mutations take: the data-set switches they share, how far back to read, and the guards. */
@ArgsType()
abstract class SyncRunArgs {
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncUsers!: boolean;
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncGroups!: boolean;
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncRoles!: boolean;
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncPolicies!: boolean;
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncApps!: boolean;
  @Field(() => Int, { defaultValue: 24, nullable: false }) hoursBack!: number;
  @Field(() => Boolean, { defaultValue: false, nullable: false, description: 'Accepted; every sync reads every data set whole (FULL) today, whatever it says.' })
  full!: boolean;
  @Field(() => Boolean, {
    defaultValue: false,
    nullable: false,
    description: 'Without it, a data set whose listing has fewer than half the objects of its last complete sync is not cleaned up: it keeps its previous data and the run ends PARTIAL with a LISTING_SHRANK error. true accepts the deletions.',
  })
  allowLargeDeletes!: boolean;
}

/** entraIdSync's arguments: which data sets to sync (all by default), and how far back to read sign-ins. */
@ArgsType()
export class EntraIdSyncArgs extends SyncRunArgs implements EntraSyncOptions {
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncSignIns!: boolean;
}

/** oktaSync's arguments: which data sets to sync (all by default), and how far back to read the System Log. */
@ArgsType()
export class OktaSyncArgs extends SyncRunArgs implements OktaSyncOptions {
  @Field(() => Boolean, { defaultValue: true, nullable: false }) syncLogs!: boolean;
}
