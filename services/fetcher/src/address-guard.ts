import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { FetchAddressBlockedError, FetchDnsNotFoundError, FetchNetworkError } from './fetch-errors.js';

/**
 * SSRF guard: which addresses the fetcher may connect to. Everything that is not a globally routable unicast
 * address is refused unless allow-listed (`FETCH_ALLOWED_HOSTS`).
 */
export const AddressClass = {
  public: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'carrier-grade-nat',
  linkLocal: 'link-local',
  multicast: 'multicast',
  broadcast: 'broadcast',
  uniqueLocal: 'unique-local',
  documentation: 'documentation',
  benchmarking: 'benchmarking',
  reserved: 'reserved',
  invalid: 'invalid',
} as const;
export type AddressClass = (typeof AddressClass)[keyof typeof AddressClass];

interface Range {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
}

interface ClassifiedRange extends Range {
  readonly addressClass: AddressClass;
}

/** Parse dotted-quad IPv4 into 4 bytes (strict: exactly four decimal parts 0–255), or undefined. */
function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i += 1) {
    const part = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

/** Parse IPv6 (with `::`, an embedded IPv4 tail, optional brackets and zone id) into 16 bytes, or undefined. */
function parseIpv6(input: string): Uint8Array | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!text.includes(':')) return undefined;
  const words: number[] = [];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseHalf = (half: string, allowIpv4Tail: boolean): number[] | undefined => {
    if (half.length === 0) return [];
    const groups = half.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i += 1) {
      const group = groups[i] ?? '';
      if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group);
        if (!v4) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  if (halves.length === 2) {
    const head = parseHalf(halves[0] ?? '', false);
    const tail = parseHalf(halves[1] ?? '', true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    words.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  } else {
    const all = parseHalf(text, true);
    if (!all || all.length !== 8) return undefined;
    words.push(...all);
  }
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** An IP address as family + bytes, or undefined when `text` is not an IP literal. */
export function parseIp(text: string): { family: 4 | 6; bytes: Uint8Array } | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  if (v6) return { family: 6, bytes: v6 };
  return undefined;
}

function parseCidr(text: string): Range | undefined {
  const [addressText = '', prefixText] = text.trim().split('/');
  const ip = parseIp(addressText);
  if (!ip) return undefined;
  const maxPrefix = ip.family === 4 ? 32 : 128;
  const prefixLength = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > maxPrefix) return undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  return { family: ip.family, bytes: ip.bytes, prefixLength };
}

function inRange(bytes: Uint8Array, family: 4 | 6, range: Range): boolean {
  if (family !== range.family) return false;
  const fullBytes = Math.floor(range.prefixLength / 8);
  for (let i = 0; i < fullBytes; i += 1) if (bytes[i] !== range.bytes[i]) return false;
  const rest = range.prefixLength % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[fullBytes] ?? 0) & mask) === ((range.bytes[fullBytes] ?? 0) & mask);
}

function range(cidr: string, addressClass: AddressClass): ClassifiedRange {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad built-in CIDR ${cidr}`);
  return { ...parsed, addressClass };
}

/**
 * Special-purpose ranges (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890), most specific first.
 * Anything not listed is `public`.
 */
const IPV4_RANGES: readonly ClassifiedRange[] = [
  range('255.255.255.255/32', AddressClass.broadcast),
  range('0.0.0.0/8', AddressClass.unspecified), // "this network"; 0.0.0.0 reaches localhost on Linux
  range('127.0.0.0/8', AddressClass.loopback),
  range('10.0.0.0/8', AddressClass.private),
  range('172.16.0.0/12', AddressClass.private),
  range('192.168.0.0/16', AddressClass.private),
  range('100.64.0.0/10', AddressClass.carrierGradeNat),
  range('169.254.0.0/16', AddressClass.linkLocal), // includes 169.254.169.254, the cloud metadata service
  range('192.0.0.0/24', AddressClass.reserved), // IETF protocol assignments
  range('192.0.2.0/24', AddressClass.documentation),
  range('198.51.100.0/24', AddressClass.documentation),
  range('203.0.113.0/24', AddressClass.documentation),
  range('198.18.0.0/15', AddressClass.benchmarking),
  range('192.88.99.0/24', AddressClass.reserved), // deprecated 6to4 relay anycast
  range('224.0.0.0/4', AddressClass.multicast),
  range('240.0.0.0/4', AddressClass.reserved),
];

const IPV6_RANGES: readonly ClassifiedRange[] = [
  range('::/128', AddressClass.unspecified),
  range('::1/128', AddressClass.loopback),
  range('::/96', AddressClass.reserved), // deprecated IPv4-compatible addresses
  range('100::/64', AddressClass.reserved), // discard-only
  range('2001:db8::/32', AddressClass.documentation),
  range('2001:2::/48', AddressClass.benchmarking),
  range('2001::/23', AddressClass.reserved), // IETF protocol assignments (Teredo, ORCHID…)
  range('fc00::/7', AddressClass.uniqueLocal),
  range('fe80::/10', AddressClass.linkLocal),
  range('fec0::/10', AddressClass.private), // deprecated site-local
  range('ff00::/8', AddressClass.multicast),
];

/** Prefixes that embed an IPv4 address in the low 32 bits: classify the IPv4 address instead. */
const IPV4_MAPPED = range('::ffff:0:0/96', AddressClass.reserved);
const NAT64 = range('64:ff9b::/96', AddressClass.reserved);
const NAT64_LOCAL = range('64:ff9b:1::/48', AddressClass.reserved);
const SIX_TO_FOUR = range('2002::/16', AddressClass.reserved);

function classifyBytes(family: 4 | 6, bytes: Uint8Array): AddressClass {
  if (family === 6) {
    if (inRange(bytes, 6, IPV4_MAPPED) || inRange(bytes, 6, NAT64)) {
      return classifyBytes(4, bytes.slice(12, 16));
    }
    if (inRange(bytes, 6, NAT64_LOCAL)) return AddressClass.private;
    if (inRange(bytes, 6, SIX_TO_FOUR)) return classifyBytes(4, bytes.slice(2, 6));
  }
  const table = family === 4 ? IPV4_RANGES : IPV6_RANGES;
  for (const candidate of table) if (inRange(bytes, family, candidate)) return candidate.addressClass;
  return AddressClass.public;
}

/**
 * The class of an IP address literal. IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4
 * (`2002::/16`) addresses are classified by the IPv4 address they carry. Not an IP → `invalid`.
 */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIp(address);
  if (!ip) return AddressClass.invalid;
  return classifyBytes(ip.family, ip.bytes);
}

/** Hosts and CIDRs exempt from the guard (`FETCH_ALLOWED_HOSTS`). */
export interface AllowList {
  /** Lower-case host names allowed whatever they resolve to; `*.example.com` entries allow sub-domains. */
  readonly hosts: readonly string[];
  readonly ranges: readonly Range[];
}

/** An allow-list that allows nothing: the production default. */
export const EMPTY_ALLOW_LIST: AllowList = Object.freeze({ hosts: [], ranges: [] });

/**
 * Parse allow-list entries: a comma-separated string (the `FETCH_ALLOWED_HOSTS` form) or an array. Each
 * entry is an IP (`127.0.0.1`, `::1`), a CIDR (`10.0.0.0/8`, `fd00::/8`), a host name (`localhost`) or a
 * sub-domain wildcard (`*.internal.example`). Blank entries are ignored.
 *
 * @throws {Error} naming the entry when one is none of those.
 */
export function parseAllowList(entries: string | readonly string[]): AllowList {
  const list = typeof entries === 'string' ? entries.split(',') : entries;
  const hosts: string[] = [];
  const ranges: Range[] = [];
  for (const raw of list) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    const cidr = parseCidr(entry.startsWith('[') ? entry.replace(/^\[|\](?=\/|$)/g, '') : entry);
    if (cidr) {
      ranges.push(cidr);
    } else if (
      /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(entry)
    ) {
      hosts.push(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`invalid allow-list entry ${JSON.stringify(raw)}: expected a host name, IP or CIDR`);
    }
  }
  return Object.freeze({ hosts: Object.freeze(hosts), ranges: Object.freeze(ranges) });
}

/** Whether a host name is allow-listed by name (exact, or under a `*.` entry). */
export function isHostAllowListed(hostname: string, allowList: AllowList): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  return allowList.hosts.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/** Whether an address is inside one of the allow-listed ranges (an IPv4-mapped address also matches IPv4). */
export function isAddressAllowListed(address: string, allowList: AllowList): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  const candidates: { family: 4 | 6; bytes: Uint8Array }[] = [ip];
  if (ip.family === 6 && inRange(ip.bytes, 6, IPV4_MAPPED))
    candidates.push({ family: 4, bytes: ip.bytes.slice(12) });
  return allowList.ranges.some((r) => candidates.some((c) => inRange(c.bytes, c.family, r)));
}

export interface AddressVerdict {
  readonly allowed: boolean;
  readonly addressClass: AddressClass;
}

/**
 * Whether the fetcher may connect to `address` reached through `hostname`: public addresses always;
 * others only when the host name or the address is allow-listed.
 */
export function checkAddress(hostname: string, address: string, allowList: AllowList): AddressVerdict {
  const addressClass = classifyAddress(address);
  if (addressClass === AddressClass.invalid) return { allowed: false, addressClass };
  const allowed =
    addressClass === AddressClass.public ||
    isHostAllowListed(hostname, allowList) ||
    isAddressAllowListed(address, allowList);
  return { allowed, addressClass };
}

/** Resolves a host name to all its addresses (the shape of `dns.promises.lookup(host, { all: true })`). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver, as `dns.lookup` with `all: true` (honours /etc/hosts, like browsers do). */
export const systemResolveHost: ResolveHost = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** DNS error codes that mean "this name does not exist" rather than "try again later". */
const NOT_FOUND_DNS_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Resolve `hostname` once and keep only the addresses the guard allows.
 *
 * @throws {FetchDnsNotFoundError} the name does not exist (permanent).
 * @throws {FetchNetworkError} a temporary resolver failure (retriable).
 * @throws {FetchAddressBlockedError} every address it resolves to is refused (permanent).
 */
export async function resolveAllowedAddresses(
  hostname: string,
  allowList: AllowList,
  resolveHost: ResolveHost = systemResolveHost,
): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    const verdict = checkAddress(bare, bare, allowList);
    if (!verdict.allowed) throw new FetchAddressBlockedError(hostname, bare, verdict.addressClass);
    return [{ address: bare, family: isIP(bare) }];
  }
  let addresses: readonly LookupAddress[];
  try {
    addresses = await resolveHost(bare);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_FOUND_DNS_CODES.has(code))
      throw new FetchDnsNotFoundError(bare, { cause });
    throw new FetchNetworkError(`DNS lookup failed for ${bare}`, { cause });
  }
  if (addresses.length === 0) throw new FetchDnsNotFoundError(bare);
  const allowed: LookupAddress[] = [];
  let refused: { address: string; addressClass: AddressClass } | undefined;
  for (const entry of addresses) {
    const verdict = checkAddress(bare, entry.address, allowList);
    if (verdict.allowed) allowed.push({ address: entry.address, family: entry.family });
    else refused ??= { address: entry.address, addressClass: verdict.addressClass };
  }
  if (allowed.length === 0 && refused) {
    throw new FetchAddressBlockedError(bare, refused.address, refused.addressClass);
  }
  return allowed;
}

/**
 * A `lookup` for `http.request`/`net.connect` that resolves once, checks every address, and hands the
 * socket only the checked ones — the socket connects to exactly what was checked, so a DNS answer that
 * changes between check and connect (rebinding) cannot slip through. Errors are the typed errors of
 * {@link resolveAllowedAddresses}.
 *
 * Note: `net.connect` does not call `lookup` for IP literals; check those with
 * {@link resolveAllowedAddresses} before connecting (the HTTP client does).
 */
export function createGuardedLookup(
  allowList: AllowList,
  resolveHost: ResolveHost = systemResolveHost,
): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowedAddresses(hostname, allowList, resolveHost).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const matching = family ? addresses.filter((a) => a.family === family) : addresses;
        if (options.all) {
          (callback as unknown as (err: Error | null, addresses: LookupAddress[]) => void)(null, matching);
          return;
        }
        const first = matching[0];
        if (!first) {
          const error = Object.assign(new Error(`no IPv${family ?? ''} address for ${hostname}`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 0);
          return;
        }
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
