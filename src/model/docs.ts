/**
 * Renders docs/graph-model.md from the declarations (`npm run model:docs`; a test fails when the
 * committed file differs), so the documented graph is the graph the code writes.
 */
import { NODE_STAMPS, REL_STAMPS, type Owner, type PropSchema } from './declare.js';
import { NODES, RELATIONSHIPS } from './graph.js';
import { cleanupFor } from './cleanup.js';
import { MIGRATIONS } from './migrations.js';

function owner(o: Owner): string {
  const who = o.source === 'ENTRA_ID' ? 'entra' : o.source === 'OKTA' ? 'okta' : 'twin';
  return `${who} \`${o.dataSet}\``;
}

function props(schema: PropSchema): string {
  return Object.entries(schema)
    .map(([name, p]) => `\`${name}\`${p.nullable ? '?' : ''}: ${p.kind} — ${p.doc}`)
    .join('<br>');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderGraphModel(): string {
  const out: string[] = [
    '# Graph model',
    '',
    '<!-- Generated from src/model/graph.ts by `npm run model:docs`; do not edit by hand. -->',
    '',
    'Every node and relationship a sync writes carries stamps; cleanup removes, per data set, what the',
    "integration's finished data set did not see (`runId <> $runId`). Relationships carry the data set that",
    "owns them, so one data set's cleanup never touches another's edges. Dates are ISO-8601 strings in UTC;",
    '"never" is null. A `?` after a property means null is a value.',
    '',
    `- Node stamps: ${props(NODE_STAMPS)}`,
    `- Relationship stamps: ${props(REL_STAMPS)}`,
    '',
    '## Nodes',
    '',
    '| Declaration | Labels | Key | Owner | Properties | Facets (written apart) |',
    '|---|---|---|---|---|---|',
  ];
  for (const n of NODES) {
    const facets = Object.entries(n.facets)
      .map(([name, f]) => {
        const extra = [f.stamp ? `stamp \`${f.stamp}\`` : '', f.reset ? 'reset when not seen' : 'kept when not read'].filter(Boolean).join(', ');
        return `**${name}** (${owner(f.owner)}; ${extra}): ${f.doc}<br>${props(f.props)}`;
      })
      .join('<br>');
    const lifetime = n.retention.kind === 'age' ? ` Kept for \`$retentionDays\` after \`${n.retention.dateProp}\`.` : '';
    const placeholder = n.placeholders ? ' May be a placeholder (no runId) until its owner runs.' : '';
    const text = n.textIndexes.length
      ? ` Substring search (\`CONTAINS\`) served by a TEXT index on ${n.textIndexes.map((x) => `\`${x}\``).join(', ')}.`
      : '';
    out.push(
      `| ${n.name} | ${n.labels.map((l) => `\`${l}\``).join(':')} | \`${cell(n.key)}\` | ${owner(n.owner)} | ${cell(n.doc + lifetime + placeholder + text)}<br>${cell(props(n.props))} | ${cell(facets)} |`,
    );
  }
  out.push('', '## Relationships', '', '| Type | From → to | Owners | Properties |', '|---|---|---|---|');
  for (const r of RELATIONSHIPS) {
    const ends = `${r.from.map((n) => n.name).join(', ')} → ${r.to.map((n) => n.name).join(', ')}`;
    out.push(`| \`${r.type}\` | ${ends} | ${r.owners.map(owner).join(', ')} | ${cell(r.doc)}${Object.keys(r.props).length ? `<br>${cell(props(r.props))}` : ''} |`);
  }
  out.push('', '## Cleanup per data set', '');
  const dataSets = new Map<string, Owner>();
  for (const n of NODES) for (const o of [n.owner, ...Object.values(n.facets).map((f) => f.owner)]) dataSets.set(`${o.source}/${o.dataSet}`, o);
  for (const r of RELATIONSHIPS) for (const o of r.owners) dataSets.set(`${o.source}/${o.dataSet}`, o);
  for (const o of dataSets.values()) {
    if (o.source === 'TWIN') continue;
    out.push(`### ${owner(o)}`, '', '```cypher', cleanupFor(o.source, o.dataSet).map((s) => s.cypher).join(';\n'), '```', '');
  }
  out.push('## Constraints and indexes', '', '```cypher', MIGRATIONS.join(';\n'), '```', '');
  return out.join('\n');
}
