import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import {
  AllowListError,
  FetchAddressBlockedError,
  FetchDnsNotFoundError,
  FetchNetworkError,
} from './fetch-errors.js';

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

/** `ipv4` or `ipv6`, as `net.BlockList` names the families. */
type IpFamily = 'ipv4' | 'ipv6';

/** A bare IP literal (brackets and zone id removed) with its family, or undefined when `text` is none. */
function parseIpLiteral(text: string): { readonly address: string; readonly family: IpFamily } | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  // `net.isIP` is strict: four decimal parts for IPv4 (no `127.1`, `0x7f.0.0.1` or `010.0.0.1`).
  const version = isIP(bare);
  if (version === 0) return undefined;
  // BlockList rules know no zones; `fe80::1%eth0` is classified as `fe80::1`.
  return version === 4
    ? { address: bare, family: 'ipv4' }
    : { address: bare.replace(/%.*$/, ''), family: 'ipv6' };
}

/** A CIDR (`10.0.0.0/8`, `fd00::/8`) or a single address as a /32 or /128, or undefined when malformed. */
function parseCidr(
  text: string,
): { readonly network: string; readonly family: IpFamily; readonly prefix: number } | undefined {
  const [addressText = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIpLiteral(addressText);
  if (!ip) return undefined;
  const maxPrefix = ip.family === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return undefined;
  return { network: ip.address, family: ip.family, prefix };
}

/**
 * Special-purpose ranges (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890), most specific first.
 * Anything not listed is `public`.
 */
const IPV4_RANGES: readonly (readonly [string, AddressClass])[] = [
  ['255.255.255.255/32', AddressClass.broadcast],
  ['0.0.0.0/8', AddressClass.unspecified], // "this network"; 0.0.0.0 reaches localhost on Linux
  ['127.0.0.0/8', AddressClass.loopback],
  ['10.0.0.0/8', AddressClass.private],
  ['172.16.0.0/12', AddressClass.private],
  ['192.168.0.0/16', AddressClass.private],
  ['100.64.0.0/10', AddressClass.carrierGradeNat],
  ['169.254.0.0/16', AddressClass.linkLocal], // includes 169.254.169.254, the cloud metadata service
  ['192.0.0.0/24', AddressClass.reserved], // IETF protocol assignments
  ['192.0.2.0/24', AddressClass.documentation],
  ['198.51.100.0/24', AddressClass.documentation],
  ['203.0.113.0/24', AddressClass.documentation],
  ['198.18.0.0/15', AddressClass.benchmarking],
  ['192.88.99.0/24', AddressClass.reserved], // deprecated 6to4 relay anycast
  ['224.0.0.0/4', AddressClass.multicast],
  ['240.0.0.0/4', AddressClass.reserved],
];

const IPV6_RANGES: readonly (readonly [string, AddressClass])[] = [
  ['64:ff9b:1::/48', AddressClass.private], // local-use NAT64 (RFC 8215)
  ['::/128', AddressClass.unspecified],
  ['::1/128', AddressClass.loopback],
  ['::/96', AddressClass.reserved], // deprecated IPv4-compatible addresses
  ['100::/64', AddressClass.reserved], // discard-only
  ['2001:db8::/32', AddressClass.documentation],
  ['2001:2::/48', AddressClass.benchmarking],
  ['2001::/23', AddressClass.reserved], // IETF protocol assignments (Teredo, ORCHID…)
  ['fc00::/7', AddressClass.uniqueLocal],
  ['fe80::/10', AddressClass.linkLocal],
  ['fec0::/10', AddressClass.private], // deprecated site-local
  ['ff00::/8', AddressClass.multicast],
];

/**
 * IPv6 prefixes that carry an IPv4 address, and the bit where it starts: NAT64 (`64:ff9b::/96`, RFC 6052) in
 * the low 32 bits, 6to4 (`2002::/16`, RFC 3056) right after the prefix. Such an address is classified by the
 * IPv4 address it carries. (IPv4-mapped `::ffff:a.b.c.d` needs no entry: `BlockList` matches it against IPv4
 * rules itself.)
 */
const IPV4_CARRIERS: readonly { readonly groups: readonly number[]; readonly ipv4AtBit: number }[] = [
  { groups: [0x64, 0xff9b, 0, 0, 0, 0], ipv4AtBit: 96 },
  { groups: [0x2002], ipv4AtBit: 16 },
];

/** The IPv6 network that carries IPv4 network `network/prefix` at `carrier`'s position, as a BlockList rule. */
function carriedSubnet(
  network: string,
  prefix: number,
  carrier: (typeof IPV4_CARRIERS)[number],
): { network: string; prefix: number } {
  const [a = 0, b = 0, c = 0, d = 0] = network.split('.').map(Number);
  const groups = [...carrier.groups, (a << 8) | b, (c << 8) | d];
  while (groups.length < 8) groups.push(0);
  return { network: groups.map((g) => g.toString(16)).join(':'), prefix: carrier.ipv4AtBit + prefix };
}

/** One class rule compiled: its own BlockList, so the first matching rule (most specific) decides. */
interface ClassRule {
  readonly addressClass: AddressClass;
  readonly list: BlockList;
}

function builtInCidr(cidr: string): { network: string; family: IpFamily; prefix: number } {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad built-in CIDR ${cidr}`);
  return parsed;
}

function compileClassRules(): readonly ClassRule[] {
  const rules: ClassRule[] = [];
  for (const [cidr, addressClass] of IPV4_RANGES) {
    const { network, prefix } = builtInCidr(cidr);
    const list = new BlockList();
    list.addSubnet(network, prefix, 'ipv4');
    for (const carrier of IPV4_CARRIERS) {
      const carried = carriedSubnet(network, prefix, carrier);
      list.addSubnet(carried.network, carried.prefix, 'ipv6');
    }
    rules.push({ addressClass, list });
  }
  for (const [cidr, addressClass] of IPV6_RANGES) {
    const { network, prefix } = builtInCidr(cidr);
    const list = new BlockList();
    list.addSubnet(network, prefix, 'ipv6');
    rules.push({ addressClass, list });
  }
  return rules;
}

/** IPv4 rules first: they also catch IPv4-mapped, NAT64 and 6to4 addresses by the IPv4 address they carry. */
const CLASS_RULES = compileClassRules();

/**
 * The class of an IP address literal. IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4
 * (`2002::/16`) addresses are classified by the IPv4 address they carry. Not an IP → `invalid`.
 */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIpLiteral(address);
  if (!ip) return AddressClass.invalid;
  for (const rule of CLASS_RULES) if (rule.list.check(ip.address, ip.family)) return rule.addressClass;
  return AddressClass.public;
}

/** Hosts and CIDRs exempt from the guard (`FETCH_ALLOWED_HOSTS`). */
export interface AllowList {
  /** Lower-case host names allowed whatever they resolve to; `*.example.com` entries allow sub-domains. */
  readonly hosts: readonly string[];
  /** The allowed ranges as written (`10.0.0.0/8`; a single address as `/32` or `/128`). */
  readonly ranges: readonly string[];
  /** The ranges compiled; IPv4 ranges also match IPv4-mapped IPv6 addresses. */
  readonly rangeList: BlockList;
}

/** An allow-list that allows nothing: the production default. */
export const EMPTY_ALLOW_LIST: AllowList = Object.freeze({
  hosts: [],
  ranges: [],
  rangeList: new BlockList(),
});

const HOST_ENTRY = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/;

/**
 * Parse allow-list entries: a comma-separated string (the `FETCH_ALLOWED_HOSTS` form) or an array. Each
 * entry is an IP (`127.0.0.1`, `::1`), a CIDR (`10.0.0.0/8`, `fd00::/8`), a host name (`localhost`) or a
 * sub-domain wildcard (`*.internal.example`). Blank entries are ignored.
 *
 * @throws {AllowListError} naming the entry when one is none of those.
 */
export function parseAllowList(entries: string | readonly string[]): AllowList {
  const list = typeof entries === 'string' ? entries.split(',') : entries;
  const hosts: string[] = [];
  const ranges: string[] = [];
  const rangeList = new BlockList();
  for (const raw of list) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    const cidr = parseCidr(entry.replace(/^\[([^\]]*)\](?=\/|$)/, '$1'));
    if (cidr) {
      rangeList.addSubnet(cidr.network, cidr.prefix, cidr.family);
      ranges.push(`${cidr.network}/${cidr.prefix}`);
    } else if (HOST_ENTRY.test(entry)) {
      hosts.push(entry.replace(/\.$/, ''));
    } else {
      throw new AllowListError(raw);
    }
  }
  return Object.freeze({ hosts: Object.freeze(hosts), ranges: Object.freeze(ranges), rangeList });
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
  const ip = parseIpLiteral(address);
  return ip !== undefined && allowList.rangeList.check(ip.address, ip.family);
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
