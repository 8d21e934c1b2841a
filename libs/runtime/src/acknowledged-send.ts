import {
  Partitioners,
  type ICustomPartitioner,
  type Message,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';

/**
 * Guards kafkajs 2.2.4 against a silent loss on a cluster (tulios/kafkajs#1303, still open; kafkajs is
 * unmaintained). `sendMessages` keeps, across the retries of one send, the answers of the brokers that already
 * wrote their part, and asks again only brokers without one. When a broker fails mid-send (killed, or answering
 * NOT_LEADER_OR_FOLLOWER after a leader change) and its partitions move to a broker that already answered, the
 * retry skips them: the send resolves and those partitions' messages were never written. kafkajs also picks a
 * key-less message's partition afresh on each retry, so the lost messages need not be those of the failed
 * broker's first attempt.
 *
 * The guard: each message keeps the partition it was first given (a stable partitioner), and a send whose
 * answer lacks one of its partitions sends that partition's messages again (same objects, so same partitions),
 * up to `MAX_SEND_ROUNDS` times.
 */
export interface AcknowledgedSender {
  /** Give this to `kafka.producer({ createPartitioner })`: the default (murmur2) partitioner, stable per message. */
  readonly createPartitioner: ICustomPartitioner;
  /**
   * `producer.sendBatch` with acks=all that resolves only once the broker answered for every partition it wrote
   * to. @throws UnacknowledgedSendError when partitions stay unanswered after `MAX_SEND_ROUNDS` sends.
   */
  send(producer: Producer, topicMessages: readonly { topic: string; messages: Message[] }[]): Promise<void>;
}

/** Sends of the unanswered rest before giving up (one is enough unless leaders keep moving). */
export const MAX_SEND_ROUNDS = 5;

/** Some partitions of a send were never acknowledged; the caller treats it as Kafka being unavailable. */
export class UnacknowledgedSendError extends Error {
  override name = 'UnacknowledgedSendError';
  /** Read by isBrokerUnreachable: the stage retries the job later, as for a broker that does not answer. */
  readonly retriable = true;
  constructor(readonly partitions: readonly string[]) {
    super(`Kafka acknowledged no write for ${partitions.join(', ')} after ${MAX_SEND_ROUNDS} sends`);
  }
}

export interface AcknowledgedSenderOptions {
  /** Told which partitions a send had to repeat (a sign of a leader change mid-send). */
  readonly onResend?: (partitions: readonly string[], round: number) => void;
}

export function createAcknowledgedSender(options: AcknowledgedSenderOptions = {}): AcknowledgedSender {
  const assigned = new WeakMap<Message, number>();
  const createPartitioner: ICustomPartitioner = () => {
    const pick = Partitioners.DefaultPartitioner();
    return (args) => {
      const kept = assigned.get(args.message);
      if (kept !== undefined && args.partitionMetadata.some((p) => p.partitionId === kept)) return kept;
      const partition = pick(args);
      assigned.set(args.message, partition);
      return partition;
    };
  };
  const where = (topic: string, partition: number | undefined): string => `${topic}[${partition ?? '?'}]`;
  return {
    createPartitioner,
    async send(producer, topicMessages) {
      let pending = topicMessages.filter((t) => t.messages.length > 0);
      for (let round = 1; pending.length > 0; round += 1) {
        const answers: RecordMetadata[] = await producer.sendBatch({ acks: -1, topicMessages: pending });
        const written = new Set(answers.map((a) => where(a.topicName, a.partition)));
        pending = pending
          .map((t) => ({
            topic: t.topic,
            messages: t.messages.filter((m) => !written.has(where(t.topic, assigned.get(m)))),
          }))
          .filter((t) => t.messages.length > 0);
        if (pending.length === 0) return;
        const missing = [
          ...new Set(pending.flatMap((t) => t.messages.map((m) => where(t.topic, assigned.get(m))))),
        ];
        if (round >= MAX_SEND_ROUNDS) throw new UnacknowledgedSendError(missing);
        options.onResend?.(missing, round);
      }
    },
  };
}
