/**
 * One place where every bench figure is printed and recorded: a figure is printed on one line next to its goal
 * (with ✓ / ✗ when it has one), and `sluice bench --json FILE` writes all recorded figures so that a run can be
 * compared with the last one.
 */
export type Goal = { op: '>=' | '<='; value: number; unit?: string };
export type Figure = { bench: string; name: string; value: number; unit: string; goal?: Goal; met?: boolean; detail?: string };

const figures: Figure[] = [];
let currentBench = '';

export function startBench(name: string): void {
  currentBench = name;
}

export function recordedFigures(): readonly Figure[] {
  return figures;
}

const group = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function formatValue(value: number, unit: string): string {
  if (unit !== 'count' && value !== 0 && Math.abs(value) < 1) return `${Number(value.toPrecision(2))} ${unit}`;
  const digits = unit === 'req/s' || unit === 'count' || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return unit === 'count' ? group(value, 0) : `${group(value, digits)} ${unit}`;
}

/**
 * Records a figure and prints it: `name  value unit (goal ≥ x) ✓   detail`. `goal.unit` lets a ratio be shown in
 * % while the value stays a number.
 */
export function figure(name: string, value: number, unit: string, goal?: Goal, detail?: string): Figure {
  const met = goal ? (goal.op === '>=' ? value >= goal.value : value <= goal.value) : undefined;
  const f: Figure = { bench: currentBench, name, value, unit, ...(goal ? { goal, met } : {}), ...(detail ? { detail } : {}) };
  figures.push(f);
  const goalText = goal ? ` (goal ${goal.op === '>=' ? '≥' : '≤'} ${formatValue(goal.value, goal.unit ?? unit)}) ${met ? '✓' : '✗'}` : '';
  console.log(`${currentBench.padEnd(10)}  ${name.padEnd(42)} ${formatValue(value, unit).padStart(14)}${goalText}${detail ? `   ${detail}` : ''}`);
  return f;
}

/** A throughput next to a baseline on one line, `x req/s = y % of bare (goal ≥ z %) ✓`; both are recorded. */
export function ratioFigure(name: string, rps: number, bareRps: number, goalPercent: number, detail?: string): Figure {
  const percent = (rps / bareRps) * 100;
  const goal: Goal = { op: '>=', value: goalPercent };
  const met = percent >= goalPercent;
  figures.push({ bench: currentBench, name: `${name} throughput`, value: rps, unit: 'req/s' });
  const f: Figure = { bench: currentBench, name: `${name} % of bare`, value: percent, unit: '%', goal, met, ...(detail ? { detail } : {}) };
  figures.push(f);
  console.log(
    `${currentBench.padEnd(10)}  ${name.padEnd(42)} ${formatValue(rps, 'req/s').padStart(14)} = ${percent.toFixed(1)} % of bare ` +
      `(goal ≥ ${goalPercent} %) ${met ? '✓' : '✗'}${detail ? `   ${detail}` : ''}`,
  );
  return f;
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
