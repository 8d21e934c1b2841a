import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NewsflowError } from '@newsflow/errors';

/** Name of the session cookie set by signing in. */
export const SESSION_COOKIE = 'newsflow_console_session';
/** A sign-in lasts this long. */
const SESSION_TTL_MS = 12 * 3_600_000;

/** What the request may do, and the CSRF token its page's forms carry. */
export interface Access {
  /** CONSOLE_TOKEN is set: changes are possible once signed in. */
  readonly writable: boolean;
  readonly signedIn: boolean;
  readonly csrfToken: string;
}

/** Codes of {@link ChangeRefusedError}; listed in docs/errors.md. */
export const ChangeRefusedErrorCode = {
  readOnly: 'CONSOLE_READ_ONLY',
  notSignedIn: 'CONSOLE_NOT_SIGNED_IN',
  crossOrigin: 'CONSOLE_CROSS_ORIGIN',
} as const;
export type ChangeRefusedErrorCode = (typeof ChangeRefusedErrorCode)[keyof typeof ChangeRefusedErrorCode];

/** A change the console refuses (HTTP 403): read-only console, not signed in, or not from its own pages. */
export class ChangeRefusedError extends NewsflowError {
  override name = 'ChangeRefusedError';
  declare readonly code: ChangeRefusedErrorCode;
  /** The HTTP status Fastify and Bull Board's error handler answer with. */
  readonly statusCode = 403;
  constructor(code: ChangeRefusedErrorCode, message: string) {
    super(code, message);
  }
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
/** Fastify route hooks, run in order until one refuses. */
type Hooks = (Hook | ((request: FastifyRequest, reply: FastifyReply, done: () => void) => void))[];

export interface ConsoleAccess {
  /** Reads the request's access (and issues the CSRF token for its forms). */
  of(request: FastifyRequest, reply: FastifyReply): Access;
  /**
   * Route hooks of a form change (replay, pause, sign-out): refused (ChangeRefusedError, or the CSRF
   * plugin's 403) unless the console is writable, the request comes from one of its own pages (same origin)
   * with that page's CSRF token, and the session is signed in.
   */
  readonly formChange: Hooks;
  /**
   * The same for JSON requests of Bull Board's page, which carry no form token: a JSON body cannot be sent
   * from another site without a CORS preflight the console never grants, and the cookie is SameSite=Strict.
   */
  readonly jsonChange: Hooks;
  /** Whether `token` is the console's token (constant time). */
  tokenMatches(token: string): boolean;
  /** Sets the session cookie. */
  signIn(reply: FastifyReply): void;
  signOut(reply: FastifyReply): void;
}

/**
 * A request from the console's own pages: the browser says so (Sec-Fetch-Site), or its Origin names this
 * host. Requests that say neither (curl, old browsers) are not taken as the console's.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !URL.canParse(origin)) return false;
  return new URL(origin).host === request.headers.host;
}

/**
 * Sign-in with CONSOLE_TOKEN, the session cookie and CSRF protection. The session cookie is an expiry time
 * signed with a key made at start-up (a restart signs everyone out); it is HttpOnly and SameSite=Strict, so
 * another site can neither read it nor send it.
 */
export async function registerAccess(
  app: FastifyInstance,
  token: string | undefined,
): Promise<ConsoleAccess> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'newsflow_console_csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: false },
  });
  const key = randomBytes(32);
  const tokenDigest = token === undefined ? undefined : createHash('sha256').update(token).digest();
  const sign = (expires: string): string => createHmac('sha256', key).update(expires).digest('base64url');
  const signedIn = (request: FastifyRequest): boolean => {
    if (tokenDigest === undefined) return false;
    const [expires, signature] = (request.cookies[SESSION_COOKIE] ?? '').split('.');
    if (!expires || !signature || Number(expires) < Date.now()) return false;
    const expected = Buffer.from(sign(expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const fromOwnPage: Hook = async (request) => {
    if (tokenDigest === undefined)
      throw new ChangeRefusedError(
        ChangeRefusedErrorCode.readOnly,
        'the console is read-only: CONSOLE_TOKEN is not set',
      );
    if (!isSameOrigin(request))
      throw new ChangeRefusedError(
        'CONSOLE_CROSS_ORIGIN',
        'changes are accepted only from the console’s own pages',
      );
  };
  const bySignedIn: Hook = async (request) => {
    if (!signedIn(request))
      throw new ChangeRefusedError(
        'CONSOLE_NOT_SIGNED_IN',
        'sign in with the console token (CONSOLE_TOKEN) first',
      );
  };
  return {
    of(request, reply) {
      return {
        writable: tokenDigest !== undefined,
        signedIn: signedIn(request),
        csrfToken: reply.generateCsrf(),
      };
    },
    // The CSRF plugin's check replies 403 itself when the token is missing or wrong.
    formChange: [fromOwnPage, app.csrfProtection.bind(app), bySignedIn],
    jsonChange: [fromOwnPage, bySignedIn],
    tokenMatches(given) {
      if (tokenDigest === undefined) return false;
      return timingSafeEqual(createHash('sha256').update(given).digest(), tokenDigest);
    },
    signIn(reply) {
      const expires = String(Date.now() + SESSION_TTL_MS);
      reply.setCookie(SESSION_COOKIE, `${expires}.${sign(expires)}`, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        maxAge: SESSION_TTL_MS / 1000,
      });
    },
    signOut(reply) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}
