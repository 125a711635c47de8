import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { createDesign, deleteDesign, duplicateDesign, getDesign, listDesigns, newDesignId, updateDesign } from './designs';
import { parseDesignDraft } from './design-draft';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';

describeBackends('designs store', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterEach(() => dispose());

  it('creates, reads back and lists designs as DTOs', async () => {
    const created = await createDesign(createPresetDesign('query-documented'), 'queue', db);
    expect(created.id).toMatch(/^[a-z2-9]{10}$/);
    expect(created.version).toBe(1);
    const read = await getDesign(created.id, db);
    expect(read?.design).toEqual(createPresetDesign('query-documented'));
    expect(read?.queueName).toBe('orders');
    const list = await listDesigns(db);
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('design');
    expect(list[0]).not.toHaveProperty('design_json');
    expect(list[0]?.protocol).toBe('query');
  });

  it('bumps the version on update and reports a conflict when another tab saved first', async () => {
    const { id } = await createDesign(createPresetDesign('json-documented'), 'queue', db);
    const tabA = { ...createPresetDesign('json-documented'), name: 'tab A' };
    const tabB = { ...createPresetDesign('json-documented'), name: 'tab B' };
    expect(await updateDesign(id, tabA, 1, 'role', db)).toMatchObject({ ok: true, version: 2 });
    const conflict = await updateDesign(id, tabB, 1, 'role', db);
    expect(conflict.ok).toBe(false);
    if (!conflict.ok && conflict.reason === 'conflict') expect(conflict.current.design.name).toBe('tab A');
    else throw new Error('expected a conflict');
    expect(await updateDesign(id, tabB, 2, 'protocol', db)).toMatchObject({ ok: true, version: 3 });
    expect(await getDesign(id, db)).toMatchObject({ name: 'tab B', version: 3, furthestStep: 'protocol' });
    expect(await updateDesign('nope', tabB, 1, 'queue', db)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('lets exactly one of two simultaneous saves of the same version win', async () => {
    const { id } = await createDesign(createPresetDesign('fifo'), 'queue', db);
    const results = await Promise.all(['A', 'B'].map((name) => updateDesign(id, { ...createPresetDesign('fifo'), name }, 1, 'queue', db)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(1);
  });

  it('stores invalid drafts as typed so autosave never loses input', async () => {
    const draft = createPresetDesign('query-documented');
    draft.queue.name = 'bad name!';
    draft.region = 'us-east';
    const { id } = await createDesign(draft, 'queue', db);
    expect((await getDesign(id, db))?.design.queue.name).toBe('bad name!');
    const parsed = parseDesignDraft(draft);
    expect(parsed.ok && parsed.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['queue.name', 'region']));
  });

  it('rejects input that is not shaped like a design', () => {
    expect(parseDesignDraft({ name: 'x' }).ok).toBe(false);
    expect(parseDesignDraft({ ...createPresetDesign('fifo'), protocol: 'soap' }).ok).toBe(false);
  });

  it('duplicates and deletes', async () => {
    const { id } = await createDesign(createPresetDesign('fifo'), 'headers', db);
    const copy = await duplicateDesign(id, db);
    expect(copy?.name).toBe('FIFO queue (copy)');
    expect(copy?.furthestStep).toBe('headers');
    expect(await duplicateDesign('missing', db)).toBeUndefined();
    expect(await deleteDesign(id, db)).toBe(true);
    expect(await deleteDesign(id, db)).toBe(false);
    expect((await listDesigns(db)).map((d) => d.id)).toEqual([copy?.id]);
  });

  it('makes distinct URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newDesignId));
    expect(ids.size).toBe(1000);
  });
});
