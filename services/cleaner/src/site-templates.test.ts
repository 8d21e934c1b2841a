import { describe, expect, it } from 'vitest';
import { capFingerprints, templateHostOf } from './site-templates.js';

describe('templateHostOf', () => {
  it('is the lower-case host name without www.', () => {
    expect(templateHostOf('https://WWW.News.Example:8443/a')).toBe('news.example');
    expect(templateHostOf('https://blog.news.example/a')).toBe('blog.news.example');
  });
});

describe('capFingerprints', () => {
  it('keeps unique fingerprints, and the first and last ones of a long page', () => {
    expect(capFingerprints(['a', 'b', 'a'], 10)).toEqual(['a', 'b']);
    const many = Array.from({ length: 10 }, (_, i) => `f${i}`);
    expect(capFingerprints(many, 4)).toEqual(['f0', 'f1', 'f8', 'f9']);
    expect(capFingerprints(many, 5)).toEqual(['f0', 'f1', 'f2', 'f8', 'f9']);
  });
});
