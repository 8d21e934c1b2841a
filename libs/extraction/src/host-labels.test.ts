import { describe, expect, it } from 'vitest';
import { hostLabels, siteHost } from './host-labels.js';

describe('hostLabels', () => {
  it('puts the registrable name first, then subdomains, without www or the public suffix', () => {
    expect(hostLabels('https://www.rapid7.com/blog/post')).toEqual(['rapid7']);
    expect(hostLabels('https://news.bbc.co.uk/2/hi')).toEqual(['bbc', 'news']);
    expect(hostLabels('https://promotions.newegg.com/x')).toEqual(['newegg', 'promotions']);
    expect(hostLabels('https://www.abc.net.au/news')).toEqual(['abc']);
  });

  it('gives nothing without a valid URL', () => {
    expect(hostLabels(undefined)).toEqual([]);
    expect(hostLabels('not a url')).toEqual([]);
    expect(siteHost('https://WWW.Example.ORG/a')).toBe('example.org');
    expect(siteHost('::')).toBeUndefined();
  });
});
