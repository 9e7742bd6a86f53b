// Writes docs/graph-model.md from the graph declarations (src/model/graph.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderGraphModel } from '../../src/model/docs.js';

const target = path.resolve(import.meta.dirname, '../../docs/graph-model.md');
writeFileSync(target, renderGraphModel());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
