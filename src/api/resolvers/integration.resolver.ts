/** The admin UI's flow for both connectors: configure → test connection → sync now, and status. */
import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context.js';
import { hoursBack, pageSize, scheduleEveryMinutes, scheduleFullEveryHours } from '../arguments.js';
import { IdentitySourceEnum } from '../types/enums.js';
import type { Source } from '../../model/vocabulary.js';
import {
  ConnectionTest, EntraIdConfigInput, EntraIdSyncArgs, IntegrationStatus, OktaConfigInput, OktaSyncArgs, SyncRun,
} from '../types/integration.types.js';

@Resolver()
export class IntegrationResolver {
  @Query(() => IntegrationStatus, { description: 'Seed: entra_id_status(). Whether Entra ID is configured, and its latest sync.' })
  async entraIdStatus(@Ctx() ctx: RequestContext): Promise<IntegrationStatus> {
    return ctx.services.integrations.status('ENTRA_ID');
  }

  @Query(() => IntegrationStatus)
  async oktaStatus(@Ctx() ctx: RequestContext): Promise<IntegrationStatus> {
    return ctx.services.integrations.status('OKTA');
  }

  @Query(() => SyncRun, { nullable: true })
  async syncRun(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SyncRun | null> {
    return ctx.services.integrations.run(id);
  }

  @Query(() => [SyncRun], { description: "Sync runs, newest first, of one identity provider or of both: the admin UI's run history (the last 200 per provider are kept)." })
  async syncRuns(
    @Arg('source', () => IdentitySourceEnum, { nullable: true }) source: Source | null | undefined,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<SyncRun[]> {
    return ctx.services.integrations.runs(source ?? null, pageSize(first, ctx.services.config.maxPageSize));
  }

  @Mutation(() => SyncRun, { description: 'Stops a running sync at the next page boundary; it ends CANCELLED. A finished run is returned as it is.' })
  async cancelSync(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SyncRun> {
    return ctx.services.integrations.cancel(id);
  }

  @Mutation(() => IntegrationStatus, { description: 'Step 1: store the Entra ID app registration. The secret is write-only: no query returns it, no log prints it.' })
  async configureEntraId(@Arg('input', () => EntraIdConfigInput) input: EntraIdConfigInput, @Ctx() ctx: RequestContext): Promise<IntegrationStatus> {
    return ctx.services.integrations.configure('ENTRA_ID', { ...input });
  }

  @Mutation(() => ConnectionTest, { description: 'Step 2: get a token and read each data set once; says which permissions work.' })
  async testEntraIdConnection(@Ctx() ctx: RequestContext): Promise<ConnectionTest> {
    return ctx.services.integrations.test('ENTRA_ID');
  }

  @Mutation(() => SyncRun, { description: 'Step 3, seed: entra_id_sync(...). Starts a sync and returns its run at once; poll syncRun(id) or entraIdStatus.' })
  async entraIdSync(@Ctx() ctx: RequestContext, @Args(() => EntraIdSyncArgs) args: EntraIdSyncArgs): Promise<SyncRun> {
    const { full, allowLargeDeletes, ...options } = args;
    return ctx.services.integrations.sync('ENTRA_ID', { ...options, hoursBack: hoursBack(args.hoursBack) }, { full, allowLargeDeletes });
  }

  @Mutation(() => IntegrationStatus, {
    description: `Sync this identity provider on a schedule: every everyMinutes minutes (null turns the schedule off), FULL at least every fullEveryHours hours, INCREMENTAL otherwise. With several API replicas on one Neo4j, each scheduled run happens once, on one replica.
everyMinutes goes from 5 to 10080 (a week), fullEveryHours from 1 to 720; each run is moved by up to a tenth of the interval (at most a minute) either way. Scheduled runs sync every data set with hoursBack 24 and never allow large deletes. Only a configured provider can be scheduled (NOT_CONFIGURED otherwise).`,
  })
  async setSyncSchedule(
    @Arg('source', () => IdentitySourceEnum) source: Source,
    @Arg('everyMinutes', () => Int, { nullable: true }) everyMinutes: number | null | undefined,
    @Arg('fullEveryHours', () => Int, { defaultValue: 24, nullable: false }) fullEveryHours: number,
    @Ctx() ctx: RequestContext,
  ): Promise<IntegrationStatus> {
    return ctx.services.integrations.setSchedule(source, scheduleEveryMinutes(everyMinutes ?? null), scheduleFullEveryHours(fullEveryHours));
  }

  @Mutation(() => IntegrationStatus, { description: 'Store the Okta org and its credential: an API token, or an OAuth service app (client id and private key). Credentials are write-only.' })
  async configureOkta(@Arg('input', () => OktaConfigInput) input: OktaConfigInput, @Ctx() ctx: RequestContext): Promise<IntegrationStatus> {
    return ctx.services.integrations.configure('OKTA', { ...input });
  }

  @Mutation(() => ConnectionTest)
  async testOktaConnection(@Ctx() ctx: RequestContext): Promise<ConnectionTest> {
    return ctx.services.integrations.test('OKTA');
  }

  @Mutation(() => SyncRun, { description: "Starts an Okta sync and returns its run at once. syncUsers includes each user's factors." })
  async oktaSync(@Ctx() ctx: RequestContext, @Args(() => OktaSyncArgs) args: OktaSyncArgs): Promise<SyncRun> {
    const { full, allowLargeDeletes, ...options } = args;
    return ctx.services.integrations.sync('OKTA', { ...options, hoursBack: hoursBack(args.hoursBack) }, { full, allowLargeDeletes });
  }
}
