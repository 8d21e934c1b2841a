import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { createKeptAdmin } from './kept-admin.js';
import type { Logger } from './logger.js';

/**
 * Bound on each step of a probe (connecting, then each request). A kept connection answers the probe's one
 * metadata request in milliseconds; the bound is for a machine under load: with a fresh admin client per probe
 * and 2 s per step, the console read `kafka: false` on a loaded 2-core CI machine while Kafka was fine.
 */
export const KAFKA_PROBE_STEP_TIMEOUT_MS = 5_000;

export interface KafkaProbeOptions {
  readonly brokers: readonly string[];
  /** The probe's client id is this with `-probe` added. */
  readonly clientId: string;
  readonly ssl?: boolean | undefined;
  readonly sasl?:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    | undefined;
  readonly logger: Logger;
  /** @default KAFKA_PROBE_STEP_TIMEOUT_MS */
  readonly stepTimeoutMs?: number;
}

/** Asks Kafka whether it answers, on one admin connection kept between probes. */
export interface KafkaProbe {
  /**
   * True when the brokers answer a metadata request; false when they do not within the step bound (one attempt,
   * connecting first if needed). Probes asked while one runs share its answer. Never throws.
   */
  ping(): Promise<boolean>;
  /** Waits for a probe under way, then disconnects; later probes answer false without connecting. */
  close(): Promise<void>;
}

/**
 * A health probe for `/readyz` and the console: one admin client ({@link createKeptAdmin}), connected on the first
 * probe and reused, so a probe costs one metadata request instead of a connection, its handshake and a request;
 * dropped after a failed probe (the next one connects afresh, so a restarted broker is found again). Its own
 * client, not the service's: one attempt per probe and short bounds.
 */
export function createKafkaProbe(options: KafkaProbeOptions): KafkaProbe {
  const stepTimeoutMs = options.stepTimeoutMs ?? KAFKA_PROBE_STEP_TIMEOUT_MS;
  const kafka = new Kafka({
    clientId: `${options.clientId}-probe`,
    brokers: [...options.brokers],
    ssl: options.ssl ?? false,
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    connectionTimeout: stepTimeoutMs,
    requestTimeout: stepTimeoutMs,
    // One attempt per probe, bounded by kafkajs's own timeouts, so nothing of it outlives its answer: with the
    // service's retries a probe that had answered false went on dialling a dead broker (measured: 4 connections
    // by its 2 s answer, 9 in all over the next 20 s).
    retry: { retries: 0 },
    // A broker that is down is the probe's answer (logged below), not kafkajs warnings per attempt.
    logLevel: logLevel.NOTHING,
  });
  const admin = createKeptAdmin(kafka);
  let running: Promise<boolean> | undefined;
  let closed = false;

  const probe = async (): Promise<boolean> => {
    try {
      await admin.use((a) => a.describeCluster());
      return true;
    } catch (err) {
      // Debug only: a down broker fails every probe (each /readyz, each console reading), and says so there.
      options.logger.debug({ err }, 'Kafka probe failed');
      return false;
    }
  };
  return {
    ping() {
      if (closed) return Promise.resolve(false);
      running ??= probe().finally(() => {
        running = undefined;
      });
      return running;
    },
    async close() {
      closed = true;
      await running;
      await admin.close();
    },
  };
}
