/**
 * docs/benchmarks.svg: how the figures grow with the number of people, drawn by Vega-Lite (compiled to Vega and
 * rendered to SVG headless, no browser) from the same results as docs/benchmarks.md.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterDataSets, wall, type SizeResult } from './report.js';

interface Point { people: number; series: string; value: number }

const PANEL = { width: 250, height: 240 };
const X = { field: 'people', type: 'quantitative', title: 'people', scale: { type: 'log' }, axis: { format: '~s', values: [] as number[] } } as const;
const COLOR = { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } } as const;

function points(results: SizeResult[], series: Record<string, (r: SizeResult) => number | undefined>): Point[] {
  return results.flatMap((r) =>
    Object.entries(series).flatMap(([name, f]) => {
      const value = f(r);
      return value !== undefined && Number.isFinite(value) && value > 0 ? [{ people: r.people, series: name, value }] : [];
    }),
  );
}

interface Goal { value: number; label: string; /** Label under the line instead of over it. */ below?: boolean; /** Label at the right end. */ right?: boolean }

/** One panel: a line per series, a point per measurement, and dashed goal lines with their labels. */
function panel(title: string, yTitle: string, data: Point[], opts: { logY?: boolean; goals?: Goal[]; people: number[] }) {
  // A little room either side of the sizes measured (a log scale's "nice" domain would run on to the next power of 10).
  const domain = [Math.min(...opts.people) / 1.4, Math.max(...opts.people) * 1.4];
  const x = { ...X, scale: { ...X.scale, domain, nice: false }, axis: { ...X.axis, values: opts.people } };
  // A log axis labels only 1-2-5 steps (Vega's default labels every 1..9 multiple and crowds them).
  const logAxis = { values: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000], format: ',d' };
  const y = { field: 'value', type: 'quantitative', title: yTitle, ...(opts.logY ? { scale: { type: 'log' }, axis: logAxis } : {}) } as const;
  const goals = opts.goals ?? [];
  const goalY = { field: 'value', type: 'quantitative' } as const;
  return {
    title,
    ...PANEL,
    layer: [
      { data: { values: data }, mark: { type: 'line', point: true }, encoding: { x, y, color: COLOR } },
      ...goals.flatMap((g) => [
        { data: { values: [g] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { y: goalY } },
        {
          data: { values: [g] },
          mark: { type: 'text', align: g.right ? 'right' : 'left', x: g.right ? PANEL.width - 2 : 2, dy: g.below ? 8 : -6, fontSize: 9, color: '#666' },
          encoding: { y: goalY, text: { field: 'label' } },
        },
      ]),
    ],
  };
}

export function chartSpec(results: SizeResult[]): TopLevelSpec {
  const people = results.map((r) => r.people);
  const s = (ms: number): number => ms / 1000;
  const syncs = points(results, {
    'Entra first sync': (r) => s(wall(r.entraRun)),
    'Okta first sync': (r) => s(wall(r.oktaRun)),
    'Entra bare fetch (same pages)': (r) => s(r.bareEntra.ms),
    'Okta bare fetch (same pages)': (r) => s(r.bareOkta.ms),
    'after the data sets, Entra + Okta': (r) => s(afterDataSets(r.entraRun) + afterDataSets(r.oktaRun)),
  });
  const latency = points(results, {
    'identityPosture p50': (r) => r.posture.p50,
    'identityPosture p95': (r) => r.posture.p95,
    'people(search:) p95': (r) => r.search?.p95,
    'nested explorer (50 people) p95': (r) => r.nested.p95,
  });
  const memory = points(results, {
    'API peak RSS': (r) => r.peakRssMiB,
    'Neo4j peak RSS': (r) => r.neo4j?.peakRssMiB,
    'Neo4j store on disk': (r) => r.neo4j?.storeMiB,
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Identity twin benchmark: growth with the number of people', subtitle: 'npm run bench; x and latency axes are logarithmic', anchor: 'start' },
    background: 'white',
    padding: 12,
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelFontSize: 10, labelLimit: 300 } },
    hconcat: [
      panel('Sync wall time', 'seconds', syncs, { people }),
      panel('Query latency, warm', 'milliseconds', latency, {
        people,
        logY: true,
        goals: [
          { value: 50, label: 'goal ≤ 50 ms: posture, explorer p95' },
          { value: 30, label: 'goal ≤ 30 ms: search p95', right: true },
          { value: 20, label: 'goal ≤ 20 ms: posture p50', below: true },
        ],
      }),
      panel('Memory', 'MiB', memory, { people, goals: [{ value: 1024, label: 'goal: API < 1 GiB', right: true, below: true }] }),
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}

/** The chart as an SVG document. */
export async function renderChart(results: SizeResult[]): Promise<string> {
  const { spec } = compile(chartSpec(results));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
