import type { Admin, Kafka } from 'kafkajs';
import { DependencyUnavailableError } from './runtime-errors.js';

/** One Kafka admin connection shared by every use, for callers that ask again and again (probes, the console). */
export interface KeptAdmin {
  /**
   * Runs `work` on the kept admin client, connecting it first if no use has yet (uses at once share one connect).
   * A failed connect or `work` drops the client: later uses connect a new one (a restarted broker is found again),
   * and the dropped one is disconnected once the uses still running on it end.
   * @throws DependencyUnavailableError once closed; whatever connecting or `work` throws.
   */
  use<T>(work: (admin: Admin) => Promise<T>): Promise<T>;
  /** Disconnects the client now (uses still running on it fail); later uses throw. */
  close(): Promise<void>;
}

interface Lease {
  readonly admin: Admin;
  readonly connected: Promise<void>;
  users: number;
  dropped: boolean;
}

/**
 * Keeps one admin client of `kafka`: a use costs its requests instead of a connection, its handshake and the
 * requests (the console's pipeline page read the lag every few seconds on a fresh admin each time). A failure is
 * not told apart by cause: a use that failed for its own reasons costs the next one a reconnect, nothing more.
 */
export function createKeptAdmin(kafka: Kafka): KeptAdmin {
  let current: Lease | undefined;
  const open = new Set<Lease>();
  let closed = false;

  const disconnect = async (lease: Lease): Promise<void> => {
    open.delete(lease);
    await lease.admin.disconnect().catch(() => undefined);
  };
  const lease = (): Lease => {
    const admin = kafka.admin();
    const leased: Lease = { admin, connected: admin.connect(), users: 0, dropped: false };
    // Awaited by each use; this only keeps a failed connect nobody awaits yet from going unhandled.
    leased.connected.catch(() => undefined);
    open.add(leased);
    return leased;
  };
  return {
    async use(work) {
      if (closed) throw new DependencyUnavailableError('Kafka', 'the Kafka client is closed');
      const leased = (current ??= lease());
      leased.users += 1;
      try {
        await leased.connected;
        return await work(leased.admin);
      } catch (error) {
        leased.dropped = true;
        if (current === leased) current = undefined;
        throw error;
      } finally {
        leased.users -= 1;
        if (leased.dropped && leased.users === 0 && open.has(leased)) await disconnect(leased);
      }
    },
    async close() {
      closed = true;
      current = undefined;
      await Promise.all([...open].map(disconnect));
    },
  };
}
