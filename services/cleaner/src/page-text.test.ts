import { describe, expect, it } from 'vitest';
import { decodePage, pageKindOf } from './page-text.js';

describe('pageKindOf', () => {
  it('tells the extractor HTML or plain text from the media type, ignoring parameters and case', () => {
    expect(pageKindOf('text/html; charset=UTF-8')).toBe('text/html');
    expect(pageKindOf('application/xhtml+xml')).toBe('text/html');
    expect(pageKindOf('Text/Plain')).toBe('text/plain');
  });

  it('lets the extractor sniff unknown or missing types', () => {
    expect(pageKindOf('')).toBeUndefined();
    expect(pageKindOf('application/octet-stream')).toBeUndefined();
    expect(pageKindOf('text/markdown')).toBeUndefined();
  });

  it('refuses types that hold no article text', () => {
    for (const type of [
      'image/png',
      'video/mp4',
      'application/pdf',
      'application/zip',
      'application/vnd.ms-excel',
    ]) {
      expect(() => pageKindOf(type), type).toThrow(
        expect.objectContaining({ code: 'CLEANER_UNSUPPORTED_TYPE', retriable: false }),
      );
    }
  });
});

describe('decodePage', () => {
  const cafe = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94]); // café “q” in windows-1252

  it('uses the charset the fetcher recorded when the content type has none', () => {
    expect(decodePage(cafe, 'text/plain', 'windows-1252').text).toBe('café “q”');
  });

  it('prefers a charset in the stored content type', () => {
    const utf8 = Buffer.from('café', 'utf8');
    expect(decodePage(utf8, 'text/plain; charset=utf-8', 'windows-1252').text).toBe('café');
  });

  it('refuses binary bodies', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(() => decodePage(binary, 'text/html', undefined)).toThrow(
      expect.objectContaining({ code: 'CLEANER_BINARY_BODY' }),
    );
  });
});
