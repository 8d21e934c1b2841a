import type { z } from 'zod';
import { ContractError } from './contract-error.js';
import { UrlRequestedSchema, type UrlRequested } from './schemas.js';

/** Kafka's default message.max.bytes is 1 MB; a larger value is refused before parsing. */
export const MAX_MESSAGE_BYTES = 1_000_000;

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
}

function decodeText(value: Uint8Array | string): string {
  if (typeof value === 'string') return value;
  if (value.byteLength > MAX_MESSAGE_BYTES) {
    throw new ContractError(
      'CONTRACT_TOO_LARGE',
      `message of ${value.byteLength} bytes exceeds ${MAX_MESSAGE_BYTES}`,
    );
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(value);
}

/**
 * Parses a message value against `schema`.
 * @throws ContractError when the value is not JSON or does not match the schema.
 */
export function parseMessage<S extends z.ZodType>(schema: S, value: Uint8Array | string): z.output<S> {
  const text = decodeText(value);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ContractError('CONTRACT_INVALID_JSON', 'message is not valid JSON', [], { cause });
  }
  return validateMessage(schema, json);
}

/** Validates an already-decoded object. @throws ContractError on schema mismatch. */
export function validateMessage<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = formatIssues(result.error);
    throw new ContractError('CONTRACT_SCHEMA', `message does not match schema: ${issues.join('; ')}`, issues);
  }
  return result.data;
}

/** Serialises a message after validating it, so a producer can never emit what consumers would reject. */
export function serializeMessage<S extends z.ZodType>(schema: S, message: z.input<S>): Buffer {
  return Buffer.from(JSON.stringify(validateMessage(schema, message)));
}

/**
 * `url.requested` values are either a bare URL (what `kcat -P` sends) or JSON `{url, ...}`.
 * @throws ContractError when neither form is valid.
 */
export function parseUrlRequested(value: Uint8Array | string): UrlRequested {
  const text = decodeText(value).trim();
  if (text.startsWith('{')) return parseMessage(UrlRequestedSchema, text);
  if (/^\S+$/.test(text) && text.length > 0) return validateMessage(UrlRequestedSchema, { url: text });
  throw new ContractError('CONTRACT_SCHEMA', 'value is neither a bare URL nor a JSON object with a url');
}
