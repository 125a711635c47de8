import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** `node bin/sluice.mjs`-free helper: prints the top self-time frames of a V8 .cpuprofile (`node --cpu-prof`). */
const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      children: z.array(z.number()).optional(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Self time per frame, or with `inclusive` the time a frame was anywhere on the stack. */
export function topFrames(file: string, count = 25, inclusive = false): string[] {
  const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const keyOf = (id: number) => {
    const f = frameOf.get(id)!;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const keys = new Set<string>();
    for (let at: number | undefined = id; at !== undefined && frameOf.has(at); at = inclusive ? parentOf.get(at) : undefined) keys.add(keyOf(at));
    for (const key of keys) self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith('top-frames')) {
  for (const file of process.argv.slice(2)) {
    console.log(`== ${file}`);
    for (const line of topFrames(file, Number(process.env.TOP ?? 30), process.env.INCLUSIVE === '1')) console.log(line);
  }
}
