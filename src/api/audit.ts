/**
 * Every mutation leaves an audit record (who, what, when, outcome) written before it runs: a mutation
 * whose record cannot be written is refused, so nothing changes the twin unrecorded.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from './context.js';
import { refusedField } from './limits.js';
import { TwinError } from '../errors.js';

/** An error's code as the client sees it: a resolver's TwinError carries its own (formatError copies it later). */
function errorCode(e: GraphQLError): string {
  return e.originalError instanceof TwinError ? e.originalError.code : String(e.extensions?.code ?? 'INTERNAL');
}

/** The root fields of a mutation with their arguments (literals and variables resolved; secrets redacted later). */
function mutationFields(operation: OperationDefinitionNode, variables: Record<string, unknown>): { fields: string[]; args: Record<string, unknown> } {
  const fields: string[] = [];
  const args: Record<string, unknown> = {};
  for (const s of operation.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) continue;
    fields.push(s.name.value);
    args[s.alias?.value ?? s.name.value] = Object.fromEntries((s.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
  }
  return { fields, args };
}

export function auditTrail(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let recordId: string | undefined;
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          // A mutation the key may not run is refused by the guard (and logged there), never recorded as run.
          if (operation?.operation !== 'mutation' || refusedField(operation, document, contextValue.role) !== undefined) return;
          const { fields, args } = mutationFields(operation, request.variables ?? {});
          try {
            recordId = await contextValue.services.audit.begin({
              keyName: contextValue.keyName,
              role: contextValue.role,
              requestId: contextValue.requestId,
              operation: request.operationName ?? operation.name?.value ?? null,
              fields,
              arguments: args,
            });
          } catch (err) {
            contextValue.log.error({ err, fields }, 'refused a mutation: its audit record could not be written');
            throw new GraphQLError('the audit trail cannot be written right now, so the mutation was not run; try again', {
              extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
            });
          }
        },
        async willSendResponse({ contextValue, errors }) {
          if (recordId === undefined) return;
          const codes = (errors ?? []).map(errorCode);
          const outcome = codes.length > 0 ? 'FAILED' : 'SUCCEEDED';
          contextValue.log.info({ audit: recordId, outcome, errorCodes: codes }, 'mutation audited');
          await contextValue.services.audit.finish(recordId, outcome, codes).catch((err: unknown) => {
            contextValue.log.error({ err, audit: recordId }, 'the audit record of a finished mutation could not be completed');
          });
        },
      };
    },
  };
}
