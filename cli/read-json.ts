import { readFile } from 'node:fs/promises';

/** Reads a JSON file for a CLI command; the error names the file and what is wrong with it. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}
