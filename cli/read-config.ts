import { readFile } from 'node:fs/promises';
import type { ImportResult } from '@/lib/iac';

/**
 * Reads a config file (serverless.yml, CloudFormation/SAM, OpenAPI, design JSON) for `sluice import` / `doctor` /
 * `export`. A file that cannot be read or parsed is reported as `FILE:LINE:COLUMN: message` with exit code 2.
 */
export async function readConfig(file: string): Promise<Extract<ImportResult, { ok: true }> | undefined> {
  const { importConfig } = await import('@/lib/iac');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
    process.exitCode = 2;
    return undefined;
  }
  const result = importConfig(text);
  if (!result.ok) {
    console.error(`${file}:${result.error.line}:${result.error.column}: ${result.error.message}`);
    process.exitCode = 2;
    return undefined;
  }
  return result;
}
