import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './kafka-message.js';
import { ProduceBatcher, produceRequests, type SendBatch } from './produce-batcher.js';

const message = (value: string): OutgoingMessage => ({
  key: 'k',
  value: Buffer.from(value),
  headers: { traceId: 't', attempt: 0, producedAt: '2026-01-01T00:00:00.000Z' },
});

function recorder(): { send: SendBatch; requests: { topic: string; values: string[] }[][] } {
  const requests: { topic: string; values: string[] }[][] = [];
  const send: SendBatch = async (topicMessages) => {
    requests.push(
      topicMessages.map((t) => ({ topic: t.topic, values: t.messages.map((m) => m.value.toString()) })),
    );
  };
  return { send, requests };
}

describe('ProduceBatcher', () => {
  it('sends messages queued within the linger time in one request, grouped by topic', async () => {
    const { send, requests } = recorder();
    const batcher = new ProduceBatcher(send, { lingerMs: 20, maxBytes: 1_000_000 });
    await Promise.all([
      batcher.enqueue('a', message('1')),
      batcher.enqueue('b', message('2')),
      batcher.enqueue('a', message('3')),
    ]);
    expect(requests).toEqual([
      [
        { topic: 'a', values: ['1', '3'] },
        { topic: 'b', values: ['2'] },
      ],
    ]);
  });

  it('starts a new request rather than exceed maxBytes, and sends an oversized message alone', async () => {
    const { send, requests } = recorder();
    const batcher = new ProduceBatcher(send, { lingerMs: 20, maxBytes: 1000 });
    await Promise.all([
      batcher.enqueue('a', message('x'.repeat(600))),
      batcher.enqueue('a', message('y'.repeat(600))),
      batcher.enqueue('a', message('z'.repeat(2000))),
    ]);
    expect(requests.map((r) => r[0]?.values.map((v) => v[0]))).toEqual([['x'], ['y'], ['z']]);
  });

  it('rejects every caller of a failed request with its error', async () => {
    const boom = new Error('broker gone');
    const batcher = new ProduceBatcher(() => Promise.reject(boom), { lingerMs: 5, maxBytes: 1_000_000 });
    const results = await Promise.allSettled([
      batcher.enqueue('a', message('1')),
      batcher.enqueue('a', message('2')),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: boom },
      { status: 'rejected', reason: boom },
    ]);
  });

  it('flush sends at once and waits for the request', async () => {
    const { send, requests } = recorder();
    const batcher = new ProduceBatcher(send, { lingerMs: 60_000, maxBytes: 1_000_000 });
    const sent = batcher.enqueue('a', message('1'));
    await batcher.flush();
    expect(requests).toHaveLength(1);
    await expect(sent).resolves.toBeUndefined();
  });
});

describe('produceRequests', () => {
  it('cuts messages, in order, into requests under maxBytes; a larger message goes alone', () => {
    const values = ['a'.repeat(400), 'b'.repeat(400), 'c'.repeat(400), 'd'.repeat(2000), 'e'];
    const requests = produceRequests(values.map(message), 1000);
    expect(requests.map((r) => r.map((m) => m.value.toString()[0]).join(''))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(produceRequests(values.slice(0, 2).map(message), 2000)).toHaveLength(1);
    expect(produceRequests([], 1000)).toEqual([]);
  });
});
