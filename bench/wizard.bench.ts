import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { figure } from './report';

/**
 * Wizard performance (needs a production build, `npm run build`):
 * - keystroke → preview latency: 100 keystrokes into the sample body, from the keydown event to the first frame
 *   after the integration request body changed (goal p95 ≤ 50 ms);
 * - first-load JS (gzip) of the wizard route without Monaco (goal ≤ 180 KB), from the build manifests, and the
 *   chunk the wizard imports right after hydration (schema, VTL engine, doctor);
 * - the Monaco chunks (gzip): the JS the browser loads extra when a step with an editor opens.
 */

const root = fileURLToPath(new URL('../', import.meta.url));
const nextDir = path.join(root, '.next');
const PORT = Number(process.env.SLUICE_BENCH_PORT ?? 3190);
const SANDBOX_PORT = Number(process.env.SLUICE_BENCH_SANDBOX_PORT ?? 4690);
const KEYSTROKES = 100;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

type RscManifest = Record<string, { entryJSFiles?: Record<string, string[]> }>;

/** rootMainFiles + every segment's entry chunks of the wizard step route, as `next build` wrote them. */
function wizardFirstLoadFiles(): string[] {
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  const manifestFile = path.join(nextDir, 'server', 'app', '(console)', 'designs', '[designId]', '[step]', 'page_client-reference-manifest.js');
  const sandbox: { __RSC_MANIFEST?: RscManifest } = {};
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST; evaluate it against a private object.
  new Function('globalThis', 'self', readFileSync(manifestFile, 'utf8'))(sandbox, sandbox);
  const files = new Set(build.rootMainFiles ?? []);
  for (const entry of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
    for (const chunks of Object.values(entry.entryJSFiles ?? {})) chunks.forEach((c) => files.add(c));
  }
  return [...files];
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`console exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`console did not answer ${url} within ${timeoutMs} ms`);
}

export async function run(): Promise<void> {
  if (!existsSync(path.join(nextDir, 'BUILD_ID'))) throw new Error('No production build (.next/BUILD_ID): run `npm run build` first.');

  const firstLoad = wizardFirstLoadFiles();
  const firstLoadBytes = firstLoad.reduce((sum, f) => sum + gzipSize(path.join(nextDir, f)), 0);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-'));
  const child = spawn(process.execPath, [path.join(root, 'bin', 'sluice.mjs'), 'start', '--no-build', '--port', String(PORT), '--sandbox-port', String(SANDBOX_PORT), '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  const browser = await chromium.launch({ executablePath: process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await waitForServer(`${base}/designs`, child);
    const page = await browser.newPage();
    const loadedJs = new Set<string>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js')) loadedJs.add(url.pathname.slice('/_next/'.length));
    });

    await page.goto(`${base}/designs`);
    await page.getByRole('button', { name: 'Create design: AWS query protocol, URL-encoded (recommended)' }).click();
    await page.waitForURL(/\/designs\/[a-z2-9]{10}\/queue$/);
    await page.getByTestId('preview-body').waitFor();
    await page.waitForLoadState('networkidle');
    const beforeEditor = new Set(loadedJs);
    const afterHydration = [...loadedJs].filter((f) => !firstLoad.includes(f));
    const afterHydrationBytes = afterHydration.reduce((sum, f) => sum + (existsSync(path.join(nextDir, f)) ? gzipSize(path.join(nextDir, f)) : 0), 0);

    const bodyField = page.locator('#sample-body');
    await bodyField.fill('{"message": "');
    await page.evaluate(() => {
      const w = window as typeof window & { __latencies: number[] };
      w.__latencies = [];
      let startedAt: number | undefined;
      document.getElementById('sample-body')!.addEventListener('keydown', (e) => (startedAt = e.timeStamp), true);
      const target = document.querySelector('[data-testid="preview-body"]')!;
      new MutationObserver(() => {
        if (startedAt === undefined) return;
        const start = startedAt;
        startedAt = undefined;
        // The next animation frame is when the updated preview is painted.
        requestAnimationFrame(() => w.__latencies.push(performance.now() - start));
      }).observe(target, { childList: true, subtree: true, characterData: true });
    });
    await bodyField.press('End');
    // ASCII only: characters outside the keyboard layout are inserted without a keydown, which could not be timed.
    const text = 'The quick brown fox & friends + 100% "quoted" jump over the lazy dog; then again & again + more. ';
    for (let i = 0; i < KEYSTROKES; i++) {
      await page.keyboard.type(text[i % text.length]!);
      await page.waitForTimeout(40);
    }
    await page.waitForTimeout(200);
    const latencies = (await page.evaluate(() => (window as typeof window & { __latencies: number[] }).__latencies)).sort((a, b) => a - b);

    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Mapping template/ }).click();
    await page.getByTestId('template-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const monacoFiles = [...loadedJs].filter((f) => !beforeEditor.has(f) && !firstLoad.includes(f));
    const monacoBytes = monacoFiles.reduce((sum, f) => sum + (existsSync(path.join(nextDir, f)) ? gzipSize(path.join(nextDir, f)) : 0), 0);

    figure('keystroke → preview p95', percentile(latencies, 95), 'ms', { op: '<=', value: 50 }, `p50 ${percentile(latencies, 50).toFixed(1)} ms over ${latencies.length} keystrokes`);
    figure('wizard first-load JS (gzip, no Monaco)', firstLoadBytes / 1024, 'KB', { op: '<=', value: 180 }, `${firstLoad.length} files`);
    console.log(`keystroke → preview latency over ${latencies.length} keystrokes: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms (goal p95 ≤ 50 ms)`);
    console.log(`wizard route first-load JS (gzip, without Monaco): ${kb(firstLoadBytes)} in ${firstLoad.length} files (goal ≤ 180 KB)`);
    console.log(`  + loaded right after hydration (schema, VTL engine, doctor; gzip): ${kb(afterHydrationBytes)} in ${afterHydration.length} files`);
    console.log(`Monaco chunks loaded on the template step (gzip): ${kb(monacoBytes)} in ${monacoFiles.length} files`);
    if (latencies.length < KEYSTROKES * 0.9) console.log(`warning: only ${latencies.length} of ${KEYSTROKES} keystrokes changed the preview`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
