import 'server-only';
import type { Database, Statement } from 'libsql';
import { inTransaction } from '@/lib/sandbox/db';
import { parseJsonDict } from './dict';
import type { ApiConfiguration, Deployment, RestApi, Stage } from './model';

/**
 * API Gateway's durable state. A REST API's editable configuration (resources → methods → integrations → responses)
 * is one JSON document, changed in a transaction per control-plane call; a deployment stores a frozen copy of it,
 * which is what stages (and so invoke URLs) serve.
 */
export function migrateApiGateway(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS apigw_rest_apis (
      id TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      api TEXT NOT NULL,
      config TEXT NOT NULL,
      created_seq INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS apigw_deployments (
      rest_api_id TEXT NOT NULL REFERENCES apigw_rest_apis(id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      deployment TEXT NOT NULL,
      config TEXT NOT NULL,
      PRIMARY KEY (rest_api_id, id)
    );
    CREATE TABLE IF NOT EXISTS apigw_objects (
      kind TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (kind, region, id)
    );
    CREATE TABLE IF NOT EXISTS apigw_stages (
      rest_api_id TEXT NOT NULL REFERENCES apigw_rest_apis(id) ON DELETE CASCADE,
      stage_name TEXT NOT NULL,
      stage TEXT NOT NULL,
      PRIMARY KEY (rest_api_id, stage_name)
    );
  `);
}

export type StoredRestApi = { region: string; api: RestApi; config: ApiConfiguration };

type Statements = {
  insertApi: Statement;
  getApi: Statement;
  listApis: Statement;
  updateConfig: Statement;
  deleteApi: Statement;
  insertDeployment: Statement;
  listDeployments: Statement;
  getDeployment: Statement;
  updateDeployment: Statement;
  deleteDeployment: Statement;
  putObject: Statement;
  getObject: Statement;
  listObjects: Statement;
  deleteObject: Statement;
  upsertStage: Statement;
  getStage: Statement;
  listStages: Statement;
  deleteStage: Statement;
};

const statements = new WeakMap<Database, Statements>();
const regionCache = new WeakMap<Database, Map<string, string>>();
const apiKeySourceCache = new WeakMap<Database, Map<string, string>>();

function stmts(db: Database): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      insertApi: db.prepare(
        'INSERT INTO apigw_rest_apis (id, region, api, config, created_seq) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM apigw_rest_apis))',
      ),
      getApi: db.prepare('SELECT region, api, config FROM apigw_rest_apis WHERE id = ?'),
      listApis: db.prepare('SELECT region, api, config FROM apigw_rest_apis ORDER BY created_seq'),
      updateConfig: db.prepare('UPDATE apigw_rest_apis SET config = ?, api = ? WHERE id = ?'),
      deleteApi: db.prepare('DELETE FROM apigw_rest_apis WHERE id = ?'),
      insertDeployment: db.prepare('INSERT INTO apigw_deployments (rest_api_id, id, deployment, config) VALUES (?, ?, ?, ?)'),
      listDeployments: db.prepare('SELECT deployment FROM apigw_deployments WHERE rest_api_id = ? ORDER BY rowid'),
      getDeployment: db.prepare('SELECT deployment, config FROM apigw_deployments WHERE rest_api_id = ? AND id = ?'),
      updateDeployment: db.prepare('UPDATE apigw_deployments SET deployment = ? WHERE rest_api_id = ? AND id = ?'),
      deleteDeployment: db.prepare('DELETE FROM apigw_deployments WHERE rest_api_id = ? AND id = ?'),
      putObject: db.prepare(
        'INSERT INTO apigw_objects (kind, region, id, doc) VALUES (?, ?, ?, ?) ON CONFLICT (kind, region, id) DO UPDATE SET doc = excluded.doc',
      ),
      getObject: db.prepare('SELECT doc FROM apigw_objects WHERE kind = ? AND region = ? AND id = ?'),
      listObjects: db.prepare('SELECT doc FROM apigw_objects WHERE kind = ? AND region = ? ORDER BY rowid'),
      deleteObject: db.prepare('DELETE FROM apigw_objects WHERE kind = ? AND region = ? AND id = ?'),
      upsertStage: db.prepare(
        'INSERT INTO apigw_stages (rest_api_id, stage_name, stage) VALUES (?, ?, ?) ON CONFLICT (rest_api_id, stage_name) DO UPDATE SET stage = excluded.stage',
      ),
      getStage: db.prepare('SELECT stage FROM apigw_stages WHERE rest_api_id = ? AND stage_name = ?'),
      listStages: db.prepare('SELECT stage FROM apigw_stages WHERE rest_api_id = ? ORDER BY stage_name'),
      deleteStage: db.prepare('DELETE FROM apigw_stages WHERE rest_api_id = ? AND stage_name = ?'),
    };
    statements.set(db, s);
  }
  return s;
}

type ApiRow = { region: string; api: string; config: string };

function parseApiRow(row: ApiRow): StoredRestApi {
  return { region: row.region, api: parseJsonDict<RestApi>(row.api), config: parseJsonDict<ApiConfiguration>(row.config) };
}

export function insertRestApi(db: Database, stored: StoredRestApi): void {
  stmts(db).insertApi.run(stored.api.id, stored.region, JSON.stringify(stored.api), JSON.stringify(stored.config));
}

export function getRestApi(db: Database, id: string): StoredRestApi | undefined {
  const row = stmts(db).getApi.get(id) as ApiRow | undefined;
  return row ? parseApiRow(row) : undefined;
}

export function listRestApis(db: Database): StoredRestApi[] {
  return (stmts(db).listApis.all() as ApiRow[]).map(parseApiRow);
}

export function deleteRestApi(db: Database, id: string): boolean {
  clearStageCache(db);
  regionCache.get(db)?.delete(id);
  apiKeySourceCache.get(db)?.delete(id);
  return stmts(db).deleteApi.run(id).changes > 0;
}

/**
 * Read-modify-write of one REST API inside a transaction. `fn` mutates the copy it is given and returns the result;
 * returns undefined when the API does not exist.
 */
export function mutateRestApi<T>(db: Database, id: string, fn: (stored: StoredRestApi) => T): { result: T } | undefined {
  apiKeySourceCache.get(db)?.delete(id);
  return inTransaction(db, () => {
    const stored = getRestApi(db, id);
    if (!stored) return undefined;
    const result = fn(stored);
    stmts(db).updateConfig.run(JSON.stringify(stored.config), JSON.stringify(stored.api), id);
    return { result };
  });
}

export function insertDeployment(db: Database, restApiId: string, deployment: Deployment, config: ApiConfiguration): void {
  stmts(db).insertDeployment.run(restApiId, deployment.id, JSON.stringify(deployment), JSON.stringify(config));
}

export function listDeployments(db: Database, restApiId: string): Deployment[] {
  return (stmts(db).listDeployments.all(restApiId) as { deployment: string }[]).map((r) => parseJsonDict<Deployment>(r.deployment));
}

const deploymentCache = new WeakMap<Database, Map<string, { deployment: Deployment; config: ApiConfiguration }>>();

/** Deployments never change once created, so their parsed snapshots are cached for the data plane. */
export function getDeployment(db: Database, restApiId: string, id: string): { deployment: Deployment; config: ApiConfiguration } | undefined {
  let cache = deploymentCache.get(db);
  if (!cache) deploymentCache.set(db, (cache = new Map()));
  const key = `${restApiId}/${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = stmts(db).getDeployment.get(restApiId, id) as { deployment: string; config: string } | undefined;
  if (!row) return undefined;
  const value = { deployment: parseJsonDict<Deployment>(row.deployment), config: parseJsonDict<ApiConfiguration>(row.config) };
  if (cache.size > 500) cache.clear();
  cache.set(key, value);
  return value;
}

export function updateDeployment(db: Database, restApiId: string, deployment: Deployment): void {
  deploymentCache.get(db)?.delete(`${restApiId}/${deployment.id}`);
  stmts(db).updateDeployment.run(JSON.stringify(deployment), restApiId, deployment.id);
}

export function deleteDeployment(db: Database, restApiId: string, id: string): boolean {
  deploymentCache.get(db)?.delete(`${restApiId}/${id}`);
  return stmts(db).deleteDeployment.run(restApiId, id).changes > 0;
}

/** Regional objects outside REST APIs: API keys, usage plans, the account settings. */
export type ObjectKind = 'apikey' | 'usageplan' | 'account';

export function putObject(db: Database, kind: ObjectKind, region: string, id: string, doc: unknown): void {
  stmts(db).putObject.run(kind, region, id, JSON.stringify(doc));
  objectCache.get(db)?.clear();
}

const objectCache = new WeakMap<Database, Map<string, unknown>>();

/** Read on every invoke that needs an API key, so cached like stages (cleared by every object write). */
export function getObject<T>(db: Database, kind: ObjectKind, region: string, id: string): T | undefined {
  let cache = objectCache.get(db);
  if (!cache) objectCache.set(db, (cache = new Map()));
  const key = `${kind}/${region}/${id}`;
  if (cache.has(key)) return cache.get(key) as T | undefined;
  const row = stmts(db).getObject.get(kind, region, id) as { doc: string } | undefined;
  const value = row ? parseJsonDict<T>(row.doc) : undefined;
  // A row read inside an open transaction may still be rolled back, so it is not cached.
  if (!db.inTransaction) {
    if (cache.size > 1000) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** Listed on invokes of methods that need an API key, so cached like getObject. */
export function listObjects<T>(db: Database, kind: ObjectKind, region: string): T[] {
  let cache = objectCache.get(db);
  if (!cache) objectCache.set(db, (cache = new Map()));
  const key = `list/${kind}/${region}`;
  const hit = cache.get(key);
  if (hit) return hit as T[];
  const value = (stmts(db).listObjects.all(kind, region) as { doc: string }[]).map((r) => parseJsonDict<T>(r.doc));
  if (!db.inTransaction) cache.set(key, value);
  return value;
}

export function deleteObject(db: Database, kind: ObjectKind, region: string, id: string): boolean {
  objectCache.get(db)?.clear();
  return stmts(db).deleteObject.run(kind, region, id).changes > 0;
}

/*
 * Stages are read on every invoke and written only by this module's control plane, so reads are served from a
 * per-database cache that every stage or API write clears (the sandbox is one process owning its database).
 */
const stageCache = new WeakMap<Database, Map<string, Stage | null>>();

function clearStageCache(db: Database): void {
  stageCache.get(db)?.clear();
}

export function putStage(db: Database, restApiId: string, stage: Stage): void {
  stmts(db).upsertStage.run(restApiId, stage.stageName, JSON.stringify(stage));
  clearStageCache(db);
}

export function getStage(db: Database, restApiId: string, stageName: string): Stage | undefined {
  let cache = stageCache.get(db);
  if (!cache) stageCache.set(db, (cache = new Map()));
  const key = `${restApiId}/${stageName}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const row = stmts(db).getStage.get(restApiId, stageName) as { stage: string } | undefined;
  const stage = row ? parseJsonDict<Stage>(row.stage) : undefined;
  if (cache.size > 1000) cache.clear();
  cache.set(key, stage ?? null);
  return stage;
}

export function listStages(db: Database, restApiId: string): Stage[] {
  return (stmts(db).listStages.all(restApiId) as { stage: string }[]).map((r) => parseJsonDict<Stage>(r.stage));
}

export function deleteStage(db: Database, restApiId: string, stageName: string): boolean {
  clearStageCache(db);
  return stmts(db).deleteStage.run(restApiId, stageName).changes > 0;
}

/** The region a REST API lives in (never changes; cached for the data plane). */
export function getApiRegion(db: Database, id: string): string | undefined {
  let cache = regionCache.get(db);
  if (!cache) regionCache.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const row = stmts(db).getApi.get(id) as ApiRow | undefined;
  if (!row) return undefined;
  cache.set(id, row.region);
  return row.region;
}

/** Where invoke URLs read a method's API key from (`HEADER` or `AUTHORIZER`); cached, cleared by every API write. */
export function getApiKeySource(db: Database, id: string): string | undefined {
  let cache = apiKeySourceCache.get(db);
  if (!cache) apiKeySourceCache.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const source = getRestApi(db, id)?.api.apiKeySource;
  if (source !== undefined && !db.inTransaction) cache.set(id, source);
  return source;
}
