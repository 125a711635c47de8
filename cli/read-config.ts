import { readFile } from 'node:fs/promises';
import type { ImportResult } from '@/lib/iac';
import { CliError } from './errors';
import { readError } from './read-json';

/**
 * Reads a config file (serverless.yml, CloudFormation/SAM, OpenAPI, design JSON) for `sluice import` / `doctor` /
 * `export`. A file that cannot be read, or parsed (`FILE:LINE:COLUMN: message`), is a CliError: one message, exit code 2.
 */
export async function readConfig(file: string): Promise<Extract<ImportResult, { ok: true }>> {
  const { importConfig } = await import('@/lib/iac');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw readError(file, err);
  }
  const result = importConfig(text);
  if (!result.ok) throw new CliError(`${file}:${result.error.line}:${result.error.column}: ${result.error.message}`);
  return result;
}
