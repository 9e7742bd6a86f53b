/**
 * Query cost limits, enforced after parsing and before any resolver (so before any Cypher):
 * graphql-armor's depth, alias and token limits as validation rules, and a schema-aware complexity
 * estimate where list fields multiply their children's cost by `first` (or an assumed fan-out).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNullableType, isListType, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { RequestContext } from './context.js';
import { forbidden } from './auth.js';
import { firstOutOfRange } from './arguments.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxComplexity: number;
  maxPageSize: number;
}

export const DEFAULT_LIMITS: Omit<QueryLimits, 'maxPageSize'> = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxComplexity: 1_000_000,
};

/** Lists without a `first` argument (a person's accounts, an account's groups) are assumed this long. */
const ASSUMED_LIST_LENGTH = 5;

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

function listEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const first = args.first as unknown;
    if (typeof first === 'number') {
      const problem = firstOutOfRange(first, maxPageSize);
      if (problem !== null) throw tooComplex(`${problem} (${field.name} asked for ${first})`);
      return 1 + first * Math.max(1, childComplexity);
    }
    if (isListType(getNullableType(field.type))) return 1 + ASSUMED_LIST_LENGTH * Math.max(1, childComplexity);
    return undefined;
  };
}

export function armorProtection(limits: QueryLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    // Tokens are capped by the parser itself (parseOptions.maxTokens in server.ts): armor's token rule
    // re-parses during validation and surfaces only "Validation aborted.".
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Complexity, the `first` cap, and analyst-may-not-mutate: all decided before execution. */
export function operationGuard(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin<RequestContext> {
  const estimators = [listEstimator(limits.maxPageSize), simpleEstimator({ defaultComplexity: 1 })];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'query' && contextValue.role !== 'admin') throw forbidden(contextValue.role);
          const complexity = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators,
          });
          if (complexity > limits.maxComplexity) {
            throw tooComplex(`query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}; ask for fewer items (first) or fewer nested lists`);
          }
        },
      };
    },
  };
}
