import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import type * as StoreModule from '@/lib/store';
import type * as ActionsModule from './designs';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
vi.mock('next/headers', () => ({ cookies: async () => ({ get: () => undefined, set: vi.fn() }) }));
vi.mock('next/navigation', () => ({
  unstable_rethrow: (err: unknown) => {
    if (err instanceof Error && err.message === 'NEXT_REDIRECT') throw err;
  },
  redirect: (url: string) => {
    throw Object.assign(new Error('NEXT_REDIRECT'), { url });
  },
}));


type Actions = typeof ActionsModule;
type Store = typeof StoreModule;
let actions: Actions;
let store: Store;
let dataDir: string;

beforeAll(async () => {
  // getEnv() reads process.env once; point it at a fresh data directory before anything opens the database.
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-actions-'));
  process.env.SLUICE_DATA_DIR = dataDir;
  actions = await import('./designs');
  store = await import('@/lib/store');
});

afterAll(async () => {
  const { closeConsoleDatabase } = await import('@/lib/store/db');
  await closeConsoleDatabase({ kind: 'sqlite', dataDir });
  rmSync(dataDir, { recursive: true, force: true });
});

/** What a browser may send: anything, whatever the action's parameter type says. */
const createAny = (input: unknown) => (actions.createDesignAction as (input: unknown) => ReturnType<Actions['createDesignAction']>)(input);

async function createdId(presetId: string): Promise<string> {
  const err: unknown = await createAny(presetId).catch((e: unknown) => e);
  const url = err instanceof Error && 'url' in err ? String(err.url) : '';
  const m = /^\/designs\/([a-z2-9]{10})\/queue$/.exec(url);
  if (!m) throw new Error(`expected a redirect to the wizard, got ${String(err)}`);
  return m[1]!;
}

describe('design actions', () => {
  it('creates from a preset and redirects to the first step; rejects unknown presets', async () => {
    const id = await createdId('query-documented');
    expect((await store.getDesign(id))?.design.integration.requestTemplates['application/json']).toBe('Action=SendMessage&MessageBody=$input.body');
    await expect(createAny('soap')).resolves.toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('saves invalid drafts with their field errors and clamps the furthest step', async () => {
    const id = await createdId('json-documented');
    const draft = createPresetDesign('json-documented');
    draft.queue.name = 'no spaces allowed';
    const result = await actions.saveDesignAction({ id, design: draft, expectedVersion: 1 });
    expect(result).toMatchObject({ ok: true, data: { version: 2, furthestStep: 'queue' } });
    if (result.ok) expect(result.data.fieldErrors['queue.name']?.[0]).toMatch(/letters, digits, hyphens and underscores/);
    expect((await store.getDesign(id))?.design.queue.name).toBe('no spaces allowed');
  });

  it('reports a conflict when another tab saved first, and loadDesignAction gives the version to overwrite with', async () => {
    const id = await createdId('fifo');
    const tabA = { ...createPresetDesign('fifo'), name: 'A' };
    const tabB = { ...createPresetDesign('fifo'), name: 'B' };
    expect((await actions.saveDesignAction({ id, design: tabA, expectedVersion: 1 })).ok).toBe(true);
    await expect(actions.saveDesignAction({ id, design: tabB, expectedVersion: 1 })).resolves.toMatchObject({ ok: false, code: 'conflict' });
    const theirs = await actions.loadDesignAction(id);
    expect(theirs).toMatchObject({ ok: true, data: { version: 2, design: { name: 'A' } } });
    await expect(actions.saveDesignAction({ id, design: tabB, expectedVersion: 2 })).resolves.toMatchObject({ ok: true, data: { version: 3 } });
  });

  it('parses every input', async () => {
    await expect(actions.saveDesignAction({ id: 'x', design: {}, expectedVersion: 1 })).resolves.toMatchObject({ ok: false, code: 'invalid_input' });
    const id = await createdId('fifo');
    await expect(actions.saveDesignAction({ id, design: { name: 'not a design' }, expectedVersion: 1 })).resolves.toMatchObject({ ok: false, code: 'invalid_input' });
    await expect(actions.saveDesignAction({ id: 'abcdefghij', design: createPresetDesign('fifo'), expectedVersion: 1 })).resolves.toMatchObject({ ok: false, code: 'not_found' });
    await expect(actions.deleteDesignAction('../../etc')).resolves.toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('gives each new design and each copy a queue, role and API of its own', async () => {
    const ids = [await createdId('query-urlencoded'), await createdId('query-urlencoded'), await createdId('fifo')];
    const original = (await store.getDesign(ids[0]!))!;
    const copy = await actions.duplicateDesignAction(ids[0]!);
    if (copy.ok) ids.push(copy.data.id);
    const designs = await Promise.all(ids.map(async (id) => (await store.getDesign(id))!.design));
    const roles = designs.map((d) => (d.executionRole.mode === 'create' ? d.executionRole.roleName : ''));
    expect(new Set(roles).size).toBe(ids.length);
    expect(new Set(designs.map((d) => d.queue.name.replace(/\.fifo$/, ''))).size).toBe(ids.length);
    expect(new Set(designs.map((d) => (d.restApi.mode === 'create' ? d.restApi.name : ''))).size).toBe(ids.length);
    expect(roles[0]).toBe(`apigateway-sqs-${original.design.queue.name}`);
  });

  it('duplicates and deletes', async () => {
    const id = await createdId('message-attributes');
    const copy = await actions.duplicateDesignAction(id);
    expect(copy.ok).toBe(true);
    if (!copy.ok) return;
    await expect(actions.deleteDesignAction(copy.data.id)).resolves.toEqual({ ok: true, data: { id: copy.data.id } });
    await expect(actions.deleteDesignAction(copy.data.id)).resolves.toMatchObject({ ok: false, code: 'not_found' });
  });
});
