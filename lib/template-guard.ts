import 'server-only';
import v8 from 'node:v8';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { scanMatches, type MatchData, type RegexGuard, setRegexGuard } from '@/lib/vtl';

/**
 * Keeps a mapping template's regular expressions from stalling the server's event loop (lib/vtl/budget.ts bounds
 * everything else). V8's backtracking engine cannot be interrupted, so:
 *  1. V8's linear-time engine takes over any regex that backtracks more than BACKTRACKS times. It covers what
 *     java.util.regex patterns usually are; measured on Node 20: `(a|aa)*c` on 43 characters drops from ~50 s to 1 ms.
 *  2. Patterns it cannot run (lookaround, backreferences, `(?i)`, large bounded repeats: lib/vtl needsBacktracking)
 *     run on a worker thread while this thread waits at most the render's remaining budget (Atomics.wait); on
 *     timeout the worker is terminated (which does interrupt a running regex) and a fresh one started. Only those
 *     patterns pay the ~60 µs round trip, so the invoke URL's common path stays in-thread.
 * A worker per render (with resourceLimits) would isolate more but costs a round trip on every invoke.
 */
const BACKTRACKS = 50_000;

type Reply = { ok: true; matches: MatchData[] } | { ok: false; message: string };

class RegexWorker {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly replies: MessagePort;
  private readonly worker: Worker;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    const source = `
      const { workerData } = require('node:worker_threads');
      const scan = (${scanMatches.toString()});
      const signal = new Int32Array(workerData.signal);
      workerData.port.on('message', (job) => {
        let reply;
        try { const matches = []; scan(new RegExp(job.source, job.flags), job.input, job.max, (m) => matches.push(m)); reply = { ok: true, matches }; }
        catch (e) { reply = { ok: false, message: String(e && e.message) }; }
        workerData.port.postMessage(reply);
        Atomics.store(signal, 0, 1);
        Atomics.notify(signal, 0);
      });`;
    this.worker = new Worker(source, {
      eval: true,
      workerData: { signal: this.signal.buffer, port: port2 },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  run(job: Parameters<RegexGuard>[0], timeoutMs: number): Reply | 'timeout' {
    Atomics.store(this.signal, 0, 0);
    this.replies.postMessage(job);
    if (Atomics.wait(this.signal, 0, 0, timeoutMs) === 'timed-out') return 'timeout';
    const reply = receiveMessageOnPort(this.replies);
    return reply ? (reply.message as Reply) : 'timeout';
  }

  stop(): void {
    this.replies.close();
    void this.worker.terminate();
  }
}

let worker: RegexWorker | null = null;

const guard: RegexGuard = (job, timeoutMs) => {
  worker ??= new RegexWorker();
  const reply = worker.run(job, timeoutMs);
  if (reply === 'timeout' || !reply.ok) {
    worker.stop();
    worker = new RegexWorker();
    return 'timeout';
  }
  return reply.matches;
};

let installed = false;

/** Sets V8's regex flags and installs the guard; idempotent. Call before the first template renders. */
export function installTemplateGuard(): void {
  if (installed) return;
  installed = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS}`);
  // The flags apply to patterns compiled from now on; if this V8 ignored them, every regex goes through the worker.
  const started = performance.now();
  new RegExp('^(a|aa)*c$').test('a'.repeat(30));
  const linear = performance.now() - started < 20;
  worker = new RegexWorker();
  setRegexGuard(guard, { linearEngine: linear });
}
