import 'server-only';
import type Database from 'libsql';
import { z } from 'zod';
import type { MessageAttributeValue, QueueRecord, StoredMessage } from './model';
import { emptyRecord } from '@/lib/records';
import { ownRecordSchema } from '@/lib/records-schema';
import { inTransaction } from '@/lib/sandbox/db';

export function migrateSqs(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sqs_queues (
      id INTEGER PRIMARY KEY,
      region TEXT NOT NULL,
      account_id TEXT NOT NULL,
      name TEXT NOT NULL,
      is_fifo INTEGER NOT NULL,
      attributes TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      modified_at INTEGER NOT NULL,
      UNIQUE (region, account_id, name)
    );
    CREATE TABLE IF NOT EXISTS sqs_messages (
      id INTEGER PRIMARY KEY,
      queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL,
      body TEXT NOT NULL,
      md5_body TEXT NOT NULL,
      attributes TEXT,
      md5_attributes TEXT,
      system_attributes TEXT,
      md5_system_attributes TEXT,
      group_id TEXT,
      dedup_id TEXT,
      sequence_number TEXT,
      sent_at INTEGER NOT NULL,
      sender_id TEXT NOT NULL,
      visible_at INTEGER NOT NULL,
      receive_count INTEGER NOT NULL DEFAULT 0,
      first_receive_at INTEGER,
      receipt_nonce TEXT,
      expires_at INTEGER NOT NULL,
      dlq_source_arn TEXT
    );
    CREATE INDEX IF NOT EXISTS sqs_messages_queue_visible ON sqs_messages (queue_id, visible_at, id);
    CREATE INDEX IF NOT EXISTS sqs_messages_queue_expiry ON sqs_messages (queue_id, expires_at);
    -- (queue_id, group_id, id) and (queue_id, id) were in no query plan (EXPLAIN QUERY PLAN of every statement
    -- below picks the two above or the rowid) yet cost two index updates per send; databases that have them drop them.
    DROP INDEX IF EXISTS sqs_messages_queue_group;
    DROP INDEX IF EXISTS sqs_messages_queue_id;
    CREATE TABLE IF NOT EXISTS sqs_dedup (
      queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
      scope TEXT NOT NULL,
      dedup_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      sequence_number TEXT,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (queue_id, scope, dedup_id)
    );
    CREATE TABLE IF NOT EXISTS sqs_tags (
      queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (queue_id, key)
    );
  `);
}

const queueRowSchema = z.object({
  id: z.number(),
  region: z.string(),
  account_id: z.string(),
  name: z.string(),
  is_fifo: z.number(),
  attributes: z.string(),
  created_at: z.number(),
  modified_at: z.number(),
});

const messageRowSchema = z.object({
  id: z.number(),
  queue_id: z.number(),
  message_id: z.string(),
  body: z.string(),
  md5_body: z.string(),
  attributes: z.string().nullable(),
  md5_attributes: z.string().nullable(),
  system_attributes: z.string().nullable(),
  md5_system_attributes: z.string().nullable(),
  group_id: z.string().nullable(),
  dedup_id: z.string().nullable(),
  sequence_number: z.string().nullable(),
  sent_at: z.number(),
  sender_id: z.string(),
  visible_at: z.number(),
  receive_count: z.number(),
  first_receive_at: z.number().nullable(),
  receipt_nonce: z.string().nullable(),
  expires_at: z.number(),
  dlq_source_arn: z.string().nullable(),
});

const storedAttributesSchema = ownRecordSchema(
  z.object({ DataType: z.string(), StringValue: z.string().optional(), BinaryValue: z.string().optional() }),
);

export function encodeAttributes(attrs: Record<string, MessageAttributeValue>): string | null {
  const entries = Object.entries(attrs);
  if (entries.length === 0) return null;
  return JSON.stringify(
    Object.fromEntries(
      entries.map(([k, v]) => [
        k,
        { DataType: v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue?.toString('base64') },
      ]),
    ),
  );
}

function decodeAttributes(json: string | null): Record<string, MessageAttributeValue> {
  if (!json) return emptyRecord();
  const parsed = storedAttributesSchema.parse(JSON.parse(json));
  const out = emptyRecord<MessageAttributeValue>();
  for (const [k, v] of Object.entries(parsed)) {
    out[k] = {
      DataType: v.DataType,
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : {}),
    };
  }
  return out;
}

const stringMapSchema = ownRecordSchema(z.string());
const dedupRowSchema = z.object({ message_id: z.string(), sequence_number: z.string().nullable() });
const countsRowSchema = z.object({ visible: z.number().nullable(), inflight: z.number().nullable(), delayed: z.number().nullable() });
const nextVisibleRowSchema = z.object({ t: z.number().nullable() });
const maxSequenceRowSchema = z.object({ s: z.string().nullable() });
const tagRowsSchema = z.array(z.object({ key: z.string(), value: z.string() }));

function toQueue(row: unknown): QueueRecord {
  const r = queueRowSchema.parse(row);
  return {
    id: r.id,
    region: r.region,
    accountId: r.account_id,
    name: r.name,
    isFifo: r.is_fifo === 1,
    attributes: stringMapSchema.parse(JSON.parse(r.attributes)),
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

function toMessage(row: unknown): StoredMessage {
  const r = messageRowSchema.parse(row);
  return {
    rowid: r.id,
    queueId: r.queue_id,
    messageId: r.message_id,
    body: r.body,
    md5OfBody: r.md5_body,
    attributes: decodeAttributes(r.attributes),
    md5OfAttributes: r.md5_attributes ?? undefined,
    systemAttributes: decodeAttributes(r.system_attributes),
    md5OfSystemAttributes: r.md5_system_attributes ?? undefined,
    groupId: r.group_id ?? undefined,
    deduplicationId: r.dedup_id ?? undefined,
    sequenceNumber: r.sequence_number ?? undefined,
    sentAt: r.sent_at,
    senderId: r.sender_id,
    visibleAt: r.visible_at,
    receiveCount: r.receive_count,
    firstReceiveAt: r.first_receive_at ?? undefined,
    receiptNonce: r.receipt_nonce ?? undefined,
    expiresAt: r.expires_at,
    deadLetterSourceArn: r.dlq_source_arn ?? undefined,
  };
}

/*
 * Messages deleted per reaper turn, and the pause between turns: a batch is a few milliseconds of work and the reaper
 * runs about a third of the time, so requests meanwhile keep their latency (2,000-row batches back to back made
 * SendMessage 5× slower while a million rows were reaped); a million rows take about a minute.
 */
const REAP_BATCH = 250;
const REAP_PAUSE_MS = 10;

export type NewMessage = Omit<StoredMessage, 'rowid' | 'receiveCount' | 'firstReceiveAt' | 'receiptNonce'>;

/** Prepared statements over the SQS tables. All methods are synchronous; callers own the transactions. */
export class SqsStore {
  private readonly s;
  /**
   * Queue records by key and id. Every write goes through this store in this process, so the cache is coherent; it is
   * cleared on any queue write and filled only outside transactions (a rolled-back read can never be cached).
   */
  private readonly queuesByKey = new Map<string, QueueRecord>();
  private readonly queuesById = new Map<number, QueueRecord>();

  constructor(readonly db: Database.Database) {
    this.s = {
      getQueue: db.prepare('SELECT * FROM sqs_queues WHERE region = ? AND account_id = ? AND name = ?'),
      getQueueById: db.prepare("SELECT * FROM sqs_queues WHERE id = ? AND region <> ''"),
      listQueues: db.prepare(
        'SELECT * FROM sqs_queues WHERE region = ? AND account_id = ? AND substr(name, 1, length(?)) = ? AND name > ? ORDER BY name',
      ),
      insertQueue: db.prepare(
        'INSERT INTO sqs_queues (region, account_id, name, is_fifo, attributes, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updateQueueAttributes: db.prepare('UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?'),
      deleteQueue: db.prepare('DELETE FROM sqs_queues WHERE id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, attributes, md5_attributes, system_attributes,
           md5_system_attributes, group_id, dedup_id, sequence_number, sent_at, sender_id, visible_at, expires_at, dlq_source_arn)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getDedup: db.prepare(
        'SELECT message_id, sequence_number FROM sqs_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_at > ?',
      ),
      upsertDedup: db.prepare(
        `INSERT INTO sqs_dedup (queue_id, scope, dedup_id, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (queue_id, scope, dedup_id) DO UPDATE SET message_id = excluded.message_id,
           sequence_number = excluded.sequence_number, expires_at = excluded.expires_at`,
      ),
      pruneDedup: db.prepare('DELETE FROM sqs_dedup WHERE expires_at <= ?'),
      deleteExpired: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND expires_at <= ?'),
      // Standard queues: best-effort order by when a message became visible, straight off the (queue_id, visible_at, id)
      // index. FIFO must order by id within a group, whatever the visibility history.
      candidates: db.prepare('SELECT * FROM sqs_messages WHERE queue_id = ?1 AND visible_at <= ?2 AND expires_at > ?2 ORDER BY visible_at, id LIMIT ?3'),
      fifoCandidates: db.prepare(
        `SELECT * FROM sqs_messages m WHERE m.queue_id = ?1 AND m.visible_at <= ?2 AND m.expires_at > ?2
           AND NOT EXISTS (SELECT 1 FROM sqs_messages f WHERE f.queue_id = m.queue_id AND f.group_id IS m.group_id
                             AND f.receive_count > 0 AND f.visible_at > ?2)
         ORDER BY m.id LIMIT ?3`,
      ),
      markReceived: db.prepare(
        `UPDATE sqs_messages SET receive_count = receive_count + 1, visible_at = ?, receipt_nonce = ?,
           first_receive_at = COALESCE(first_receive_at, ?) WHERE id = ?`,
      ),
      moveToQueue: db.prepare(
        'UPDATE sqs_messages SET queue_id = ?, visible_at = ?, receipt_nonce = NULL, dlq_source_arn = ?, expires_at = ? WHERE id = ?',
      ),
      redrive: db.prepare(
        `UPDATE sqs_messages SET queue_id = ?, visible_at = ?, receipt_nonce = NULL, dlq_source_arn = NULL, receive_count = 0,
           first_receive_at = NULL, expires_at = ? WHERE id = ?`,
      ),
      movable: db.prepare('SELECT * FROM sqs_messages WHERE queue_id = ?1 AND visible_at <= ?2 AND expires_at > ?2 ORDER BY id LIMIT ?3'),
      movableCount: db.prepare('SELECT count(*) AS n FROM sqs_messages WHERE queue_id = ?1 AND visible_at <= ?2 AND expires_at > ?2'),
      getMessage: db.prepare('SELECT * FROM sqs_messages WHERE id = ? AND queue_id = ?'),
      deleteMessage: db.prepare('DELETE FROM sqs_messages WHERE id = ? AND queue_id = ?'),
      setVisibility: db.prepare('UPDATE sqs_messages SET visible_at = ? WHERE id = ?'),
      // Retired queues (see retireQueue) keep their rows under region '' until the reaper has deleted their messages.
      retireQueue: db.prepare("UPDATE sqs_queues SET region = '', account_id = 'retired:' || id WHERE id = ?"),
      moveTags: db.prepare('UPDATE sqs_tags SET queue_id = ? WHERE queue_id = ?'),
      moveDedup: db.prepare('UPDATE sqs_dedup SET queue_id = ? WHERE queue_id = ?'),
      nextRetired: db.prepare("SELECT id FROM sqs_queues WHERE region = '' LIMIT 1"),
      reapMessages: db.prepare('DELETE FROM sqs_messages WHERE id IN (SELECT id FROM sqs_messages WHERE queue_id = ? LIMIT ?)'),
      counts: db.prepare(
        `SELECT
           SUM(CASE WHEN visible_at <= ?1 THEN 1 ELSE 0 END) AS visible,
           SUM(CASE WHEN visible_at > ?1 AND receive_count > 0 THEN 1 ELSE 0 END) AS inflight,
           SUM(CASE WHEN visible_at > ?1 AND receive_count = 0 THEN 1 ELSE 0 END) AS delayed
         FROM sqs_messages WHERE queue_id = ?2 AND expires_at > ?1`,
      ),
      nextVisible: db.prepare('SELECT MIN(visible_at) AS t FROM sqs_messages WHERE queue_id = ? AND visible_at > ?'),
      maxSequence: db.prepare(
        'SELECT MAX(s) AS s FROM (SELECT MAX(sequence_number) AS s FROM sqs_messages UNION ALL SELECT MAX(sequence_number) FROM sqs_dedup)',
      ),
      setTag: db.prepare('INSERT INTO sqs_tags (queue_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value'),
      deleteTag: db.prepare('DELETE FROM sqs_tags WHERE queue_id = ? AND key = ?'),
      listTags: db.prepare('SELECT key, value FROM sqs_tags WHERE queue_id = ? ORDER BY key'),
      sourceQueues: db.prepare('SELECT * FROM sqs_queues WHERE region = ? AND account_id = ? ORDER BY name'),
    };
  }

  private remember(q: QueueRecord): QueueRecord {
    if (!this.db.inTransaction) {
      this.queuesByKey.set(`${q.region}\0${q.accountId}\0${q.name}`, q);
      this.queuesById.set(q.id, q);
    }
    return q;
  }

  private forgetQueues(): void {
    this.queuesByKey.clear();
    this.queuesById.clear();
  }

  getQueue(region: string, accountId: string, name: string): QueueRecord | undefined {
    const cached = this.queuesByKey.get(`${region}\0${accountId}\0${name}`);
    if (cached) return cached;
    const row = this.s.getQueue.get(region, accountId, name);
    return row ? this.remember(toQueue(row)) : undefined;
  }

  getQueueById(id: number): QueueRecord | undefined {
    const cached = this.queuesById.get(id);
    if (cached) return cached;
    const row = this.s.getQueueById.get(id);
    return row ? this.remember(toQueue(row)) : undefined;
  }

  listQueues(region: string, accountId: string, prefix: string, after: string): QueueRecord[] {
    return this.s.listQueues.all(region, accountId, prefix, prefix, after).map(toQueue);
  }

  allQueues(region: string, accountId: string): QueueRecord[] {
    return this.s.sourceQueues.all(region, accountId).map(toQueue);
  }

  insertQueue(q: Omit<QueueRecord, 'id'>): number {
    this.forgetQueues();
    const r = this.s.insertQueue.run(
      q.region,
      q.accountId,
      q.name,
      q.isFifo ? 1 : 0,
      JSON.stringify(q.attributes),
      q.createdAt,
      q.modifiedAt,
    );
    return Number(r.lastInsertRowid);
  }

  updateQueueAttributes(id: number, attributes: Record<string, string>, now: number): void {
    this.forgetQueues();
    this.s.updateQueueAttributes.run(JSON.stringify(attributes), now, id);
  }

  /**
   * DeleteQueue and PurgeQueue retire the queue row instead of deleting its messages in the request: with a million
   * messages that DELETE took 13–16 s (bench/scale.bench.ts). A retired row is invisible to every lookup (region '')
   * and its messages are deleted in the background in small batches, as AWS does ("the message deletion process
   * takes up to 60 seconds", PurgeQueue and DeleteQueue in the SQS API reference).
   */
  deleteQueue(id: number): void {
    this.forgetQueues();
    this.s.retireQueue.run(id);
    this.scheduleReap();
  }

  /** Purging gives the queue a fresh row (same name, attributes, timestamps, tags, deduplication ids); returns its id. */
  purge(queueId: number): number {
    const q = this.getQueueById(queueId);
    if (!q) return queueId;
    this.deleteQueue(queueId);
    const id = this.insertQueue(q);
    this.s.moveTags.run(id, queueId);
    this.s.moveDedup.run(id, queueId);
    return id;
  }

  private reapTimer: ReturnType<typeof setTimeout> | undefined;
  private reaping = true;

  /** Before the database closes: a statement run on a closed libsql handle aborts the process instead of throwing. */
  stopReaping(): void {
    this.reaping = false;
    clearTimeout(this.reapTimer);
    this.reapTimer = undefined;
  }

  /** Deletes retired queues' messages, REAP_BATCH per event-loop turn so that requests keep being answered meanwhile. */
  scheduleReap(): void {
    if (this.reapTimer || !this.reaping) return;
    this.reapTimer = setTimeout(() => {
      this.reapTimer = undefined;
      let more = false;
      try {
        more = this.reapBatch();
      } catch (err) {
        // A failed batch is retried at the next start (or the next purge/delete), never lost: the rows stay retired.
        console.error('sqs: deleting messages of a deleted or purged queue failed', err);
        return;
      }
      if (more) this.scheduleReap();
    }, REAP_PAUSE_MS);
    this.reapTimer.unref();
  }

  /** One batch of the reaper; true while retired rows remain. */
  reapBatch(): boolean {
    if (this.db.inTransaction) return true;
    const row = this.s.nextRetired.get() as { id: number } | undefined;
    if (!row) return false;
    inTransaction(this.db, () => {
      const deleted = this.s.reapMessages.run(row.id, REAP_BATCH).changes;
      if (deleted < REAP_BATCH) this.s.deleteQueue.run(row.id);
    });
    return true;
  }

  insertMessage(m: NewMessage): number {
    // One array argument binds as-is; separate arguments are gathered and flattened by libsql first.
    const r = this.s.insertMessage.run([
      m.queueId,
      m.messageId,
      m.body,
      m.md5OfBody,
      encodeAttributes(m.attributes),
      m.md5OfAttributes ?? null,
      encodeAttributes(m.systemAttributes),
      m.md5OfSystemAttributes ?? null,
      m.groupId ?? null,
      m.deduplicationId ?? null,
      m.sequenceNumber ?? null,
      m.sentAt,
      m.senderId,
      m.visibleAt,
      m.expiresAt,
      m.deadLetterSourceArn ?? null,
    ]);
    return Number(r.lastInsertRowid);
  }

  getDedup(queueId: number, scope: string, dedupId: string, now: number) {
    const row = this.s.getDedup.get(queueId, scope, dedupId, now);
    return row
      ? dedupRowSchema.parse(row)
      : undefined;
  }

  putDedup(queueId: number, scope: string, dedupId: string, messageId: string, seq: string | undefined, expiresAt: number) {
    this.s.upsertDedup.run(queueId, scope, dedupId, messageId, seq ?? null, expiresAt);
  }

  pruneDedup(now: number): void {
    this.s.pruneDedup.run(now);
  }

  deleteExpired(queueId: number, now: number): void {
    this.s.deleteExpired.run(queueId, now);
  }

  candidates(queueId: number, isFifo: boolean, now: number, limit: number): StoredMessage[] {
    const rows = (isFifo ? this.s.fifoCandidates : this.s.candidates).all(queueId, now, limit);
    return rows.map(toMessage);
  }

  markReceived(rowid: number, visibleAt: number, nonce: string, now: number): void {
    this.s.markReceived.run(visibleAt, nonce, now, rowid);
  }

  moveToQueue(rowid: number, targetQueueId: number, now: number, sourceArn: string, expiresAt: number): void {
    this.s.moveToQueue.run(targetQueueId, now, sourceArn, expiresAt, rowid);
  }

  /** A message redriven out of a dead-letter queue starts over in its target queue: visible, never received. */
  redrive(rowid: number, targetQueueId: number, now: number, expiresAt: number): void {
    this.s.redrive.run(targetQueueId, now, expiresAt, rowid);
  }

  /** Messages not in flight, oldest first (what a message move task takes). */
  movable(queueId: number, now: number, limit: number): StoredMessage[] {
    return this.s.movable.all(queueId, now, limit).map(toMessage);
  }

  movableCount(queueId: number, now: number): number {
    return z.object({ n: z.number() }).parse(this.s.movableCount.get(queueId, now)).n;
  }

  getMessage(rowid: number, queueId: number): StoredMessage | undefined {
    const row = this.s.getMessage.get(rowid, queueId);
    return row ? toMessage(row) : undefined;
  }

  deleteMessage(rowid: number, queueId: number): void {
    this.s.deleteMessage.run(rowid, queueId);
  }

  setVisibility(rowid: number, visibleAt: number): void {
    this.s.setVisibility.run(visibleAt, rowid);
  }

  counts(queueId: number, now: number): { visible: number; inflight: number; delayed: number } {
    const r = countsRowSchema.parse(this.s.counts.get(now, queueId));
    return { visible: r.visible ?? 0, inflight: r.inflight ?? 0, delayed: r.delayed ?? 0 };
  }

  nextVisibleAt(queueId: number, now: number): number | undefined {
    const r = nextVisibleRowSchema.parse(this.s.nextVisible.get(queueId, now));
    return r.t ?? undefined;
  }

  maxSequenceNumber(): string | undefined {
    const r = maxSequenceRowSchema.parse(this.s.maxSequence.get());
    return r.s ?? undefined;
  }

  setTag(queueId: number, key: string, value: string): void {
    this.s.setTag.run(queueId, key, value);
  }

  deleteTag(queueId: number, key: string): void {
    this.s.deleteTag.run(queueId, key);
  }

  listTags(queueId: number): Record<string, string> {
    const rows = tagRowsSchema.parse(this.s.listTags.all(queueId));
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
