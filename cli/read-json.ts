import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { CliError } from './errors';

function readError(file: string, err: unknown): CliError {
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return new CliError(`${file}: no such file.`);
  if (code === 'EISDIR') return new CliError(`${file} is a directory, not a file.`);
  if (code === 'EACCES') return new CliError(`${file}: permission denied.`);
  return new CliError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Reads a JSON (or, for .yml/.yaml, YAML) file for a CLI command; the error names the file and what is wrong with
 * it, as a CliError.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw readError(file, err);
  }
  const isYaml = /\.ya?ml$/i.test(file);
  try {
    return isYaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (err) {
    throw new CliError(`${file} is not valid ${isYaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
}
