import { afterEach, beforeEach, expect, it } from 'vitest';
import { addAuditEntry, listAudit, toJsonLines } from './audit';
import type { SqlDatabase } from './sql';
import { describeBackends } from './test-backends';
import { assignRole, createSession, deleteSession, listUsers, sessionUser, upsertSignedInUser } from './users';

describeBackends('users, sessions and the audit log', (backend) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await backend.open());
  });
  afterEach(() => dispose());

  it('takes the role from the identity provider at each sign-in until an admin assigns one', async () => {
    const id = 'http://idp#ada';
    expect(await upsertSignedInUser({ id, name: 'Ada', role: 'viewer', roleSource: 'default' }, db)).toMatchObject({ role: 'viewer', roleSource: 'default' });
    expect(await upsertSignedInUser({ id, name: 'Ada L.', email: 'ada@example.com', role: 'tester', roleSource: 'claim' }, db)).toMatchObject({ name: 'Ada L.', role: 'tester', roleSource: 'claim' });
    expect(await assignRole(id, 'operator', db)).toBe(true);
    expect(await upsertSignedInUser({ id, name: 'Ada L.', role: 'viewer', roleSource: 'claim' }, db)).toMatchObject({ role: 'operator', roleSource: 'admin' });
    expect(await assignRole('http://idp#nobody', 'admin', db)).toBe(false);
    expect((await listUsers(db)).map((u) => u.email)).toEqual(['ada@example.com']);
  });

  it('finds the user of a live session, not of an expired or deleted one, and stores no usable token', async () => {
    await upsertSignedInUser({ id: 'u1', name: 'Bo', role: 'admin', roleSource: 'claim' }, db);
    const live = await createSession('u1', 60_000, db);
    const expired = await createSession('u1', -1, db);
    expect((await sessionUser(live.token, db))?.user.name).toBe('Bo');
    expect(await sessionUser(expired.token, db)).toBeUndefined();
    expect(JSON.stringify(await db.all('SELECT * FROM sessions'))).not.toContain(live.token);
    await deleteSession(live.token, db);
    expect(await sessionUser(live.token, db)).toBeUndefined();
  });

  it('filters the audit log and exports it as JSON Lines, oldest first', async () => {
    const actor = { id: 'u1', name: 'Bo', role: 'operator' };
    await addAuditEntry({ actor, action: 'apply', connectionId: 'sandbox', designId: 'abcdefghij', summary: '3 changes planned', calls: ['CreateQueue (done)'], result: 'succeeded' }, db);
    await addAuditEntry({ actor: { id: 'u2', name: 'Cy', role: 'viewer' }, action: 'apply.start', designId: 'abcdefghij', summary: 'refused', calls: [], result: 'refused' }, db);
    await addAuditEntry({ actor, action: 'design.delete', designId: 'kkkkkkkkkk', summary: 'design.delete', calls: [], result: 'ok' }, db);
    expect((await listAudit({}, 10, db)).map((e) => e.action)).toEqual(['design.delete', 'apply.start', 'apply']);
    expect((await listAudit({ actor: 'cy' }, 10, db)).map((e) => e.result)).toEqual(['refused']);
    expect((await listAudit({ designId: 'abcdefghij', action: 'apply' }, 10, db))).toHaveLength(2);
    expect((await listAudit({ to: '2000-01-01' }, 10, db))).toEqual([]);
    const lines = toJsonLines(await listAudit({ designId: 'abcdefghij' }, 10, db)).trim().split('\n').map((l) => JSON.parse(l) as { action: string; calls: string[] });
    expect(lines.map((l) => l.action)).toEqual(['apply', 'apply.start']);
    expect(lines[0]!.calls).toEqual(['CreateQueue (done)']);
  });
});
