/** The audit trail, for admins: who ran which mutation, when, and how it ended. */
import { Args, ArgsType, Ctx, Extensions, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context.js';
import { DateTimeScalar } from '../types/scalars.js';
import { pageSize } from '../arguments.js';
import { itemsOfPage } from '../list-bounds.js';
import { badInput } from '../../errors.js';
import type { AuditOutcome } from '../../audit/audit-log.js';

@ObjectType({ description: 'One mutation as the audit trail recorded it. Secrets in its arguments are stored as [redacted].' })
export class AuditEvent {
  @Field(() => String) id!: string;
  @Field(() => DateTimeScalar, { description: 'When the mutation was received.' }) at!: string;
  @Field(() => String, { description: "The API key's name (TWIN_API_KEYS name:role:key), never the key; open-access without keys." }) keyName!: string;
  @Field(() => String, { description: 'admin or analyst.' }) role!: string;
  @Field(() => String, { description: 'The x-request-id of the request, as in the server log.' }) requestId!: string;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => [String], { description: 'The mutation fields it ran.' }) fields!: string[];
  @Field(() => String, { description: 'Its arguments as JSON, secrets redacted.' }) arguments!: string;
  @Field(() => String, { description: 'STARTED (still running, or the server stopped), SUCCEEDED, or FAILED (see errorCodes).' })
  outcome!: AuditOutcome;
  @Field(() => [String], { description: 'The error codes it answered, if any.' }) errorCodes!: string[];
}

@ArgsType()
class AuditPageArgs {
  @Field(() => Int, { defaultValue: 50 }) first!: number;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
}

@ObjectType()
export class AuditEventPage {
  @Field(() => Int, { description: 'Every recorded mutation.' }) totalCount!: number;
  @Field(() => [AuditEvent], { description: 'Newest first; at most `first`, skipping `offset`.' }) @Extensions(itemsOfPage) events!: AuditEvent[];
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventPage, { description: 'The audit trail of mutations, newest first. Admins only.' })
  async auditEvents(@Ctx() ctx: RequestContext, @Args(() => AuditPageArgs) { first, offset }: AuditPageArgs): Promise<AuditEventPage> {
    if (ctx.role !== 'admin') {
      throw new GraphQLError('the audit trail is for admin keys', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    }
    if (offset < 0) throw badInput('offset must be 0 or more', 'offset');
    const page = await ctx.services.audit.page(pageSize(first, ctx.services.config.maxPageSize), offset);
    return { totalCount: page.total, events: page.events };
  }
}
