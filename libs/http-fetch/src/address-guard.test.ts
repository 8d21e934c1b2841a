import type { LookupAddress } from 'node:dns';
import { describe, expect, it, vi } from 'vitest';
import {
  checkAddress,
  classifyAddress,
  createGuardedLookup,
  EMPTY_ALLOW_LIST,
  isAddressAllowListed,
  isHostAllowListed,
  parseAllowList,
  resolveAllowedAddresses,
} from './address-guard.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.7', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:0a00:0001::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['::ffff:255.255.255.255', 'broadcast'],
    ['::127.0.0.1', 'reserved'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:82a::200e', 'public'],
    ['example.com', 'invalid'],
    ['1.2.3', 'invalid'],
    ['256.1.1.1', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
    ['1::2::3', 'invalid'],
    ['127.1', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['010.0.0.1', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('allow-list', () => {
  const allowList = parseAllowList(' localhost, *.internal.test ,127.0.0.1, 10.0.0.0/8, fd00::/8, ,');

  it('parses hosts, wildcard sub-domains, single IPs and CIDRs', () => {
    expect(allowList.hosts).toEqual(['localhost', '*.internal.test']);
    expect(allowList.ranges).toEqual(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8']);
    expect(parseAllowList('[::1], [fd00::]/8').ranges).toEqual(['::1/128', 'fd00::/8']);
  });

  it('matches host names exactly or under a wildcard', () => {
    expect(isHostAllowListed('LOCALHOST', allowList)).toBe(true);
    expect(isHostAllowListed('api.internal.test', allowList)).toBe(true);
    expect(isHostAllowListed('internal.test', allowList)).toBe(false);
    expect(isHostAllowListed('evilinternal.test', allowList)).toBe(false);
    expect(isHostAllowListed('localhost.evil.com', allowList)).toBe(false);
  });

  it('matches addresses in ranges, IPv4-mapped too', () => {
    expect(isAddressAllowListed('127.0.0.1', allowList)).toBe(true);
    expect(isAddressAllowListed('127.0.0.2', allowList)).toBe(false);
    expect(isAddressAllowListed('10.20.30.40', allowList)).toBe(true);
    expect(isAddressAllowListed('::ffff:10.20.30.40', allowList)).toBe(true);
    expect(isAddressAllowListed('fd00::5', allowList)).toBe(true);
    expect(isAddressAllowListed('169.254.169.254', allowList)).toBe(false);
  });

  it('rejects entries that are neither host, IP nor CIDR', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseAllowList('http://x')).toThrow(/invalid allow-list entry/);
    expect(() => parseAllowList('10.0.0.0/8/8')).toThrow(
      expect.objectContaining({ code: 'FETCH_ALLOW_LIST_INVALID', entry: '10.0.0.0/8/8' }),
    );
    expect(() => parseAllowList('10.0.0.0/x')).toThrow(/invalid allow-list entry/);
  });

  it('is empty by default, refusing every non-public address', () => {
    expect(checkAddress('example.com', '127.0.0.1', EMPTY_ALLOW_LIST)).toEqual({
      allowed: false,
      addressClass: 'loopback',
    });
    expect(checkAddress('example.com', '1.1.1.1', EMPTY_ALLOW_LIST)).toEqual({
      allowed: true,
      addressClass: 'public',
    });
  });
});

describe('resolveAllowedAddresses', () => {
  const resolveTo =
    (...addresses: string[]) =>
    (): Promise<LookupAddress[]> =>
      Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

  it('keeps public addresses and drops refused ones', async () => {
    await expect(
      resolveAllowedAddresses('mixed.test', EMPTY_ALLOW_LIST, resolveTo('10.0.0.1', '93.184.216.34')),
    ).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', '::ffff:169.254.169.254', 'fd00::1'])(
    'refuses a name resolving only to %s',
    async (address) => {
      await expect(
        resolveAllowedAddresses('sneaky.test', EMPTY_ALLOW_LIST, resolveTo(address)),
      ).rejects.toMatchObject({
        name: 'FetchAddressBlockedError',
        code: 'FETCH_ADDRESS_BLOCKED',
        retriable: false,
        address,
      });
    },
  );

  it('checks IP literals without resolving', async () => {
    const resolveHost = vi.fn(resolveTo('8.8.8.8'));
    await expect(resolveAllowedAddresses('[::1]', EMPTY_ALLOW_LIST, resolveHost)).rejects.toMatchObject({
      code: 'FETCH_ADDRESS_BLOCKED',
    });
    await expect(
      resolveAllowedAddresses('127.0.0.1', parseAllowList('127.0.0.1'), resolveHost),
    ).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(resolveHost).not.toHaveBeenCalled();
  });

  it('maps NXDOMAIN to a permanent error and other resolver failures to retriable ones', async () => {
    const fail = (code: string) => () => Promise.reject(Object.assign(new Error(code), { code }));
    await expect(
      resolveAllowedAddresses('nope.test', EMPTY_ALLOW_LIST, fail('ENOTFOUND')),
    ).rejects.toMatchObject({
      code: 'FETCH_DNS_NOT_FOUND',
      retriable: false,
    });
    await expect(
      resolveAllowedAddresses('flaky.test', EMPTY_ALLOW_LIST, fail('EAI_AGAIN')),
    ).rejects.toMatchObject({
      code: 'FETCH_NETWORK',
      retriable: true,
    });
  });
});

describe('createGuardedLookup', () => {
  it('resolves once and answers in both the single and the all-addresses form', async () => {
    const resolveHost = vi.fn(() =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ]),
    );
    const lookup = createGuardedLookup(EMPTY_ALLOW_LIST, resolveHost);
    const single = await new Promise<[string, number]>((resolve, reject) =>
      lookup('example.test', { family: 6 }, (err, address, family) =>
        err ? reject(err) : resolve([address as string, family as number]),
      ),
    );
    expect(single).toEqual(['2606:2800:220:1::1', 6]);
    const all = await new Promise<unknown>((resolve, reject) =>
      lookup('example.test', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(all).toHaveLength(2);
    expect(resolveHost).toHaveBeenCalledTimes(2);
  });

  it('passes the typed error to the socket', async () => {
    const lookup = createGuardedLookup(EMPTY_ALLOW_LIST, () =>
      Promise.resolve([{ address: '169.254.169.254', family: 4 }]),
    );
    const error = await new Promise<unknown>((resolve) => lookup('metadata.test', {}, (err) => resolve(err)));
    expect(error).toMatchObject({ code: 'FETCH_ADDRESS_BLOCKED', addressClass: 'link-local' });
  });
});
