/**
 * The time budget of one render. AWS does not document what API Gateway does with a runaway mapping template (it
 * runs inside the 29 s integration timeout on a JVM thread of its own); Sluice renders on a shared event loop (the
 * sandbox's invoke URL is unauthenticated) and in the browser, so a render that overruns is stopped and answered
 * like any other template failure: 500 `{"message": "Internal server error"}`, with the reason in the log.
 *
 * Mechanism: a deadline checked cheaply — a counter in the interpreter loop reads the clock every CHECK_EVERY
 * steps, and loops over long strings check it every 64 K characters. That keeps the common render free of any
 * worker round trip (the invoke URL's throughput goal) while bounding everything synchronous except a single
 * backtracking regex, which V8 cannot interrupt: lib/template-guard.ts handles those on the server.
 * Browser-safe: performance.now only.
 */

/** A template failure at render time (Java's exceptions); API Gateway answers it with a 500. */
export class VtlRuntimeError extends Error {
  constructor(
    message: string,
    readonly pos?: number,
  ) {
    super(message);
  }
}

/** A render stopped by Sluice's time or size budget rather than by a template error. */
export class VtlLimitError extends VtlRuntimeError {}

/** The time budget's VtlLimitError. */
export class VtlTimeLimitError extends VtlLimitError {}

/** Sluice's cap on any one string a template builds (not an AWS limit: API Gateway's own payload limit is 10 MB). */
export const MAX_STRING_CHARS = 10 * 1024 * 1024;

/** Throws the size-budget error when a string of `length` chars would exceed MAX_STRING_CHARS. */
export function assertStringFits(length: number): void {
  if (length > MAX_STRING_CHARS) throw new VtlLimitError(`The template produced a string of more than ${MAX_STRING_CHARS / 1024 / 1024} MB`);
}

/** Sluice's limit for one render: half the 1 s a render may delay other requests, the rest is slack for checks. */
export const TEMPLATE_TIME_LIMIT_MS = 500;
let defaultLimitMs = TEMPLATE_TIME_LIMIT_MS;

/** The limit renders get unless they ask for another; the browser preview, which renders several times per keystroke, sets a shorter one. */
export function setTemplateTimeLimit(ms: number): void {
  defaultLimitMs = ms;
}
const CHECK_EVERY = 256;

let deadline = Number.POSITIVE_INFINITY;
let limitMs = TEMPLATE_TIME_LIMIT_MS;
let steps = 0;
let active = false;

/**
 * Starts the budget of one render (Infinity: none, for measuring the budget's own cost in bench/vtl.bench.ts);
 * returns the function that ends it (renders are synchronous, never nested).
 */
export function startBudget(ms: number = defaultLimitMs): () => void {
  const saved = { deadline, limitMs, steps, active };
  limitMs = ms;
  active = ms !== Number.POSITIVE_INFINITY;
  deadline = active ? performance.now() + ms : ms;
  steps = 0;
  return () => {
    ({ deadline, limitMs, steps, active } = saved);
  };
}

function overrun(): never {
  throw new VtlTimeLimitError(`The template took longer than ${limitMs / 1000} s to render`);
}

/** One interpreter step; reads the clock every CHECK_EVERY steps. */
export function tick(): void {
  if (active && ++steps % CHECK_EVERY === 0 && performance.now() > deadline) overrun();
}

/** Checks the clock now (before or inside work proportional to a long string). */
export function checkDeadline(): void {
  if (active && performance.now() > deadline) overrun();
}

/** Milliseconds left in the current render (Infinity outside one). */
export function remainingMs(): number {
  return deadline - performance.now();
}

/** Throws the time-budget error; for a guard that gave up on a regex after remainingMs(). */
export function budgetExceeded(): never {
  overrun();
}
