/**
 * Typed documents for the operations the tests and the admin console send, generated from the committed
 * schema: `npm run codegen`. A test fails when test/generated/operations.ts is stale.
 */
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

const typed = {
  plugins: ['typescript-operations', 'typed-document-node'],
  config: {
    enumsAsTypes: true,
    avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
    scalars: { DateTime: 'string' },
    useTypeImports: true,
    skipTypename: true,
  },
};

// TWIN_CODEGEN_OUT lets the staleness test generate elsewhere and compare (the console's file beside it).
const out = process.env.TWIN_CODEGEN_OUT;

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  generates: {
    [out ?? 'test/generated/operations.ts']: { documents: ['test/operations/*.graphql'], ...typed },
    [out ? path.join(path.dirname(out), 'console.ts') : 'console/src/generated/graphql.ts']: { documents: ['console/src/**/*.graphql'], ...typed },
  },
  hooks: {},
  silent: true,
};

export default config;
