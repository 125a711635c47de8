import 'server-only';
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import Database from 'libsql';
import { z } from 'zod';

/** `PRAGMA quick_check` answers one row per problem, or one row `ok`. */
const quickCheckRows = z.array(z.object({ quick_check: z.unknown() }).partial());

/** A problem with a database file the user must resolve; the CLI prints its message without a stack trace. */
export class DatabaseFileError extends Error {
  readonly userFacing = true;
  override name = 'DatabaseFileError';
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The `mv` commands that set a database aside, with its WAL and shared-memory files when they exist. */
function moveAsideCommand(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return ['', '-wal', '-shm']
    .filter((suffix) => suffix === '' || existsSync(`${file}${suffix}`))
    .map((suffix) => `mv ${quote(`${file}${suffix}`)} ${quote(`${file}.damaged-${stamp}${suffix}`)}`)
    .join(' && ');
}

function refuse(file: string, label: string, problem: string): DatabaseFileError {
  return new DatabaseFileError(
    [
      `Cannot open the ${label} ${file}: ${problem}`,
      'Sluice changed nothing. To keep its data, restore the file from a backup. To start empty instead, move it aside:',
      `  ${moveAsideCommand(file)}`,
    ].join('\n'),
  );
}

/**
 * Opens a Sluice database file after making sure it is intact, so a damaged file stops the start with a message that
 * names it and says what to do instead of a stack trace or a 500 on every request:
 * - a missing file is created, atomically: set up (WAL mode, which writes its first page) under a temporary name,
 *   then linked into place. A Sluice database therefore never has 0 bytes, and a 0-byte file at the path is one that was
 *   truncated or replaced; SQLite would silently treat it as an empty database, which would hide the lost data;
 * - an existing file must pass `PRAGMA quick_check` (which reads every page: a truncated file or a damaged page
 *   fails it) — integrity_check would also cross-check every index, too slow to run at every start.
 * `label` names the database in messages ("sandbox database", "console database").
 */
export function openCheckedDatabase(file: string, label: string): Database.Database {
  if (!existsSync(file)) {
    if (existsSync(`${file}-wal`)) throw refuse(file, label, 'the file is missing but its write-ahead log (-wal) is still there.');
    const temporary = `${file}.new-${process.pid}`;
    const created = new Database(temporary);
    created.exec('PRAGMA journal_mode = WAL');
    created.close();
    try {
      // A hard link never replaces a file another process created meanwhile (rename would).
      linkSync(temporary, file);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    } finally {
      rmSync(temporary, { force: true });
    }
  } else if (statSync(file).size === 0) {
    throw refuse(file, label, 'the file is empty (0 bytes). Sluice never leaves a database empty, so it was truncated or replaced.');
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    const rows = quickCheckRows.parse(db.prepare('PRAGMA quick_check').all());
    const problems = rows
      .flatMap((r) => String(r.quick_check).split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
    if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
    return db;
  } catch (err) {
    db?.close();
    throw refuse(file, label, `the file is damaged (SQLite: ${err instanceof Error ? err.message : String(err)}).`);
  }
}
