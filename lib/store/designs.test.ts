import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { closeConsoleDatabase } from './db';
import { createDesign, deleteDesign, duplicateDesign, getDesign, listDesigns, newDesignId, updateDesign } from './designs';
import { parseDesignDraft } from './design-draft';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-store-'));
});
afterEach(() => {
  closeConsoleDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('designs store', () => {
  it('creates, reads back and lists designs as DTOs', () => {
    const created = createDesign(createPresetDesign('query-documented'), 'queue', dir);
    expect(created.id).toMatch(/^[a-z2-9]{10}$/);
    expect(created.version).toBe(1);
    const read = getDesign(created.id, dir);
    expect(read?.design).toEqual(createPresetDesign('query-documented'));
    expect(read?.queueName).toBe('orders');
    const list = listDesigns(dir);
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('design');
    expect(list[0]).not.toHaveProperty('design_json');
    expect(list[0]?.protocol).toBe('query');
  });

  it('bumps the version on update and reports a conflict when another tab saved first', () => {
    const { id } = createDesign(createPresetDesign('json-documented'), 'queue', dir);
    const tabA = { ...createPresetDesign('json-documented'), name: 'tab A' };
    const tabB = { ...createPresetDesign('json-documented'), name: 'tab B' };
    expect(updateDesign(id, tabA, 1, 'role', dir)).toMatchObject({ ok: true, version: 2 });
    const conflict = updateDesign(id, tabB, 1, 'role', dir);
    expect(conflict.ok).toBe(false);
    if (!conflict.ok && conflict.reason === 'conflict') expect(conflict.current.design.name).toBe('tab A');
    else throw new Error('expected a conflict');
    expect(updateDesign(id, tabB, 2, 'protocol', dir)).toMatchObject({ ok: true, version: 3 });
    expect(getDesign(id, dir)).toMatchObject({ name: 'tab B', version: 3, furthestStep: 'protocol' });
    expect(updateDesign('nope', tabB, 1, 'queue', dir)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('stores invalid drafts as typed so autosave never loses input', () => {
    const draft = createPresetDesign('query-documented');
    draft.queue.name = 'bad name!';
    draft.region = 'us-east';
    const { id } = createDesign(draft, 'queue', dir);
    expect(getDesign(id, dir)?.design.queue.name).toBe('bad name!');
    const parsed = parseDesignDraft(draft);
    expect(parsed.ok && parsed.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['queue.name', 'region']));
  });

  it('rejects input that is not shaped like a design', () => {
    expect(parseDesignDraft({ name: 'x' }).ok).toBe(false);
    expect(parseDesignDraft({ ...createPresetDesign('fifo'), protocol: 'soap' }).ok).toBe(false);
  });

  it('duplicates and deletes', () => {
    const { id } = createDesign(createPresetDesign('fifo'), 'headers', dir);
    const copy = duplicateDesign(id, dir);
    expect(copy?.name).toBe('FIFO queue (copy)');
    expect(copy?.furthestStep).toBe('headers');
    expect(duplicateDesign('missing', dir)).toBeUndefined();
    expect(deleteDesign(id, dir)).toBe(true);
    expect(deleteDesign(id, dir)).toBe(false);
    expect(listDesigns(dir).map((d) => d.id)).toEqual([copy?.id]);
  });

  it('survives reopening the database file (server restart)', () => {
    const { id } = createDesign(createPresetDesign('message-attributes'), 'review', dir);
    closeConsoleDatabase(dir);
    expect(getDesign(id, dir)?.furthestStep).toBe('review');
  });

  it('makes distinct URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newDesignId));
    expect(ids.size).toBe(1000);
  });
});
