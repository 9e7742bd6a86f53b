/** npm run schema:emit — writes schema/schema.graphql from the code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printTwinSchema } from './schema.js';

const target = path.resolve(import.meta.dirname, '../../schema/schema.graphql');
writeFileSync(target, await printTwinSchema());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
