import { MongoClient, type Db } from 'mongodb';
import { redactUrl } from './redis.js';
import { withTimeout } from './with-timeout.js';

export interface MongoOptions {
  readonly uri: string;
  /** Database name; defaults to the one in the URI path, else `newsflow`. */
  readonly dbName?: string;
  /** Bound on server selection and connecting. @default 10000 */
  readonly timeoutMs?: number;
}

export interface MongoHandle {
  readonly client: MongoClient;
  readonly db: Db;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Connects to a MongoDB-wire server. @throws DependencyUnavailableError when it does not answer in time. */
export async function createMongo(options: MongoOptions): Promise<MongoHandle> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: 60_000,
    // FerretDB (the local store) speaks no retryable writes; our upserts are idempotent instead.
    retryWrites: false,
  });
  try {
    await withTimeout(client.connect(), timeoutMs + 1000, `MongoDB at ${redactUrl(options.uri)}`);
  } catch (error) {
    // The driver keeps monitoring the server in the background; closing lets a CLI exit at once.
    await client.close().catch(() => undefined);
    throw error;
  }
  const db = client.db(options.dbName ?? (new URL(options.uri).pathname.replace(/^\//, '') || 'newsflow'));
  const handle: MongoHandle = {
    client,
    db,
    async ping(pingTimeoutMs = 2000) {
      try {
        await withTimeout(db.command({ ping: 1 }), pingTimeoutMs, 'MongoDB');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.close();
    },
    async [Symbol.asyncDispose]() {
      await handle.close();
    },
  };
  return handle;
}
