import type { z } from 'zod';
import { ContractError } from './contract-error.js';
import { UrlRequestedSchema, type UrlRequested } from './schemas.js';

/** Kafka's default message.max.bytes is 1 MB; a larger value is refused before parsing. */
export const MAX_MESSAGE_BYTES = 1_000_000;

/**
 * Most schema issues named in a {@link ContractError}, and the longest line kept for one. A 1 MB message of
 * 330 000 empty entities has two million issues: all of them made a 154 MB error message (and a dead letter
 * no broker takes); the first few say what is wrong.
 */
export const MAX_REPORTED_ISSUES = 20;
const MAX_ISSUE_CHARS = 200;

function formatIssues(error: z.ZodError): { lines: string[]; more: number } {
  const lines = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const line = `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;
    return line.length > MAX_ISSUE_CHARS ? `${line.slice(0, MAX_ISSUE_CHARS)}…` : line;
  });
  return { lines, more: error.issues.length - lines.length };
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

/**
 * Validation stops at the first item or field that fails (zod's `abortEarly`, what its `validate` uses): a
 * 1 MB message of 330 000 empty entities cost ~7 s of CPU, 4.3 s validating every item and 2.7 s building two
 * million issues, and a few such messages stalled a consumer for as long. A valid message is checked whole as
 * before; an invalid one names where it first went wrong (and the issues zod had by then). `abortEarly` is in
 * zod's internal parse context (public only through `validate`, which returns neither data nor issues); the
 * cases in codec.test.ts that bound CPU fail if an upgrade stops honouring it.
 */
const PARSE_CONTEXT: z.core.ParseContextInternal<z.core.$ZodIssue> = { abortEarly: true };

/**
 * Validates an already-decoded object.
 * @throws ContractError on schema mismatch, naming the first issues zod finds (at most
 * {@link MAX_REPORTED_ISSUES}); validation stops at the first failing item or field.
 */
export function validateMessage<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const result = schema.safeParse(json, PARSE_CONTEXT);
  if (!result.success) {
    const { lines, more } = formatIssues(result.error);
    const rest = more > 0 ? `; and ${more} more` : '';
    throw new ContractError(
      'CONTRACT_SCHEMA',
      `message does not match schema: ${lines.join('; ')}${rest}`,
      lines,
    );
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
