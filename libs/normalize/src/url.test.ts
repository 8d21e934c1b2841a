import { describe, expect, it } from 'vitest';
import { hostOf, isUrlError, normalizeUrl, UrlError } from './url.js';

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM/a/b', 'http://example.com/a/b'],
    ['http://example.com:80/x', 'http://example.com/x'],
    ['https://example.com:443/x', 'https://example.com/x'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com/a#section-2', 'http://example.com/a'],
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com./news', 'http://example.com/news'],
    ['  http://example.com/padded  ', 'http://example.com/padded'],
    ['http://user:secret@example.com/private', 'http://example.com/private'],
    ['http://example.com/%7euser/%2fslash', 'http://example.com/~user/%2Fslash'],
    ['http://bücher.example/straße', 'http://xn--bcher-kva.example/stra%C3%9Fe'],
    ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('sorts query parameters by key, keeping repeated keys in a stable order', () => {
    expect(normalizeUrl('http://e.com/p?z=1&a=2&m=3&a=1')).toBe('http://e.com/p?a=1&a=2&m=3&z=1');
  });

  it('strips tracking parameters in any case and keeps the rest', () => {
    const input =
      'https://news.example/story?id=42&utm_source=tw&UTM_Medium=social&fbclid=abc&gclid=x&mc_cid=1&mc_eid=2&msclkid=q&page=2';
    expect(normalizeUrl(input)).toBe('https://news.example/story?id=42&page=2');
  });

  it('drops the query entirely when only trackers and empty pairs remain', () => {
    expect(normalizeUrl('https://e.com/a?utm_campaign=x&&')).toBe('https://e.com/a');
    expect(normalizeUrl('https://e.com/a?')).toBe('https://e.com/a');
  });

  it('keeps parameters that only look like trackers', () => {
    expect(normalizeUrl('https://e.com/?utmost=1&gclid_like=2')).toBe('https://e.com/?gclid_like=2&utmost=1');
  });

  it('is idempotent', () => {
    const inputs = [
      'HTTP://Example.COM:80/a/../b/?b=2&a=1&utm_x=1#f',
      'https://e.com/%7e/%c3%a9?q=%2d%2F',
      'http://e.com/path with space?x=a b',
    ];
    for (const input of inputs) {
      const once = normalizeUrl(input);
      expect(normalizeUrl(once)).toBe(once);
    }
  });

  it.each([
    'ftp://example.com/file',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'mailto:a@b.c',
    'data:text/html,hi',
  ])('refuses the non-http scheme of %s', (input) => {
    expect(() => normalizeUrl(input)).toThrowError(
      expect.objectContaining({ code: 'URL_UNSUPPORTED_SCHEME' }),
    );
  });

  it.each([
    '',
    '   ',
    'not a url',
    'http://',
    'http://exa mple.com/',
    '//example.com/x',
    `http://e.com/${'a'.repeat(9000)}`,
  ])('refuses garbage %j as URL_INVALID', (input) => {
    let caught: unknown;
    try {
      normalizeUrl(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UrlError);
    expect(isUrlError(caught)).toBe(true);
    expect(caught).toMatchObject({ name: 'UrlError', code: 'URL_INVALID', retriable: false });
  });
});

describe('hostOf', () => {
  it('gives the lower-case host with a non-default port', () => {
    expect(hostOf('https://News.Example.com/a')).toBe('news.example.com');
    expect(hostOf('http://example.com:8080/a')).toBe('example.com:8080');
    expect(hostOf('http://example.com:80/a')).toBe('example.com');
    expect(hostOf('http://[::1]:3000/')).toBe('[::1]:3000');
  });

  it('throws like normalizeUrl on bad input', () => {
    expect(() => hostOf('ftp://x')).toThrowError(expect.objectContaining({ code: 'URL_UNSUPPORTED_SCHEME' }));
  });
});
