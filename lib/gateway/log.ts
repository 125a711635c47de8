import type { HeaderList } from './types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Java's `Date.toString()` in UTC: `Sat Nov 21 07:43:49 UTC 2026` (aws-reference D). */
export function javaDateString(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
  );
}

export function logLine(date: Date, text: string): string {
  return `${javaDateString(date)} : ${text}`;
}

/** Java `Map.toString()`: `{k=v, k2=v2}`; multi-values joined with `,`. */
export function javaMap(entries: Iterable<readonly [string, string | readonly string[]]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${k}=${typeof v === 'string' ? v : v.join(',')}`);
  return `{${parts.join(', ')}}`;
}

/** Header lines longer than this are cut with ` [TRUNCATED]` (AWS does not document the exact limit). */
export const LOG_HEADER_LIMIT = 1024;

/** The Authorization header is never logged in full: all but its last 6 characters become `*` (aws-reference D). */
export function maskAuthorization(value: string): string {
  return value.length <= 6 ? value : '*'.repeat(value.length - 6) + value.slice(-6);
}

export function formatLogHeaders(headers: HeaderList): string {
  const text = javaMap(headers.map(([k, v]) => [k, k.toLowerCase() === 'authorization' ? maskAuthorization(v) : v] as const));
  return text.length > LOG_HEADER_LIMIT ? `${text.slice(0, LOG_HEADER_LIMIT)} [TRUNCATED]` : text;
}

/** Joins log lines into TestInvokeMethod's `log` text (trailing newline). */
export function formatExecutionLog(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export type LogStepKind =
  | 'header'
  | 'start'
  | 'method-request'
  | 'endpoint-request'
  | 'endpoint-response'
  | 'method-response'
  | 'failure'
  | 'success'
  | 'completed'
  | 'other';

export type LogStep = {
  kind: LogStepKind;
  /** The timestamp text as written (`Sat Nov 21 07:43:49 UTC 2026`); absent on the first line. */
  timestamp?: string;
  /** Text before the first `: ` of the message, e.g. `Method request headers`; absent for sentences. */
  label?: string;
  /** Text after the label (or the whole message). */
  value: string;
  /** The whole message after the timestamp. */
  text: string;
};

export type ParsedExecutionLog = { requestId?: string; status?: number; steps: LogStep[] };

const TIMESTAMP = /^([A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [A-Z]{2,5} \d{4}) : ?(.*)$/;

const LABELS: [RegExp, LogStepKind][] = [
  [/^Starting execution/, 'start'],
  [/^(HTTP Method|Method request )/, 'method-request'],
  [/^(Endpoint request |Sending request to)/, 'endpoint-request'],
  [/^(Received response|Endpoint response )/, 'endpoint-response'],
  [/^Method response /, 'method-response'],
  [/^(Execution failed|Gateway response)/, 'failure'],
  [/^Successfully completed execution/, 'success'],
  [/^Method completed with status/, 'completed'],
];

/** Parses TestInvokeMethod's `log` text (or lines produced here) into steps for the test panel. Never throws. */
export function parseExecutionLog(text: string): ParsedExecutionLog {
  const result: ParsedExecutionLog = { steps: [] };
  // A value may contain newlines (a multi-line body): continuation lines belong to the previous step.
  for (const raw of text.split(/\r?\n/)) {
    const first = /^Execution log for request (.+)$/.exec(raw);
    if (first) {
      result.requestId = first[1]!.trim();
      result.steps.push({ kind: 'header', value: result.requestId, text: raw });
      continue;
    }
    const m = TIMESTAMP.exec(raw);
    if (!m) {
      const last = result.steps[result.steps.length - 1];
      if (last && last.kind !== 'header') {
        last.text += `\n${raw}`;
        last.value += `\n${raw}`;
      } else if (raw !== '') {
        result.steps.push({ kind: 'other', value: raw, text: raw });
      }
      continue;
    }
    const message = m[2]!;
    const kind = LABELS.find(([re]) => re.test(message))?.[1] ?? 'other';
    const colon = message.indexOf(': ');
    const step: LogStep = colon > 0 && colon < 60
      ? { kind, timestamp: m[1]!, label: message.slice(0, colon), value: message.slice(colon + 2), text: message }
      : { kind, timestamp: m[1]!, value: message, text: message };
    if (kind === 'completed') {
      const status = /status: (\d{3})/.exec(message);
      if (status) result.status = Number(status[1]);
    }
    result.steps.push(step);
  }
  // Trailing newline of the log leaves an empty continuation on the last step.
  const last = result.steps[result.steps.length - 1];
  if (last && last.value.endsWith('\n')) {
    last.value = last.value.replace(/\n+$/, '');
    last.text = last.text.replace(/\n+$/, '');
  }
  return result;
}
