import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './charset.js';
import { repairMojibake } from './mojibake.js';

/** What a CMS stores when it reads UTF-8 bytes as `charset` and writes the characters back as UTF-8. */
const doubleDecode = (s: string, charset: 'latin1' | 'windows-1252'): string =>
  charset === 'latin1'
    ? Buffer.from(s, 'utf8').toString('latin1')
    : iconv.decode(Buffer.from(s, 'utf8'), 'windows-1252');

describe('repairMojibake', () => {
  const original = 'A DIY Investor’s “Guide” — 5 € in São Paulo, naïve café, 東京 🚀';

  it('repairs UTF-8 read as Latin-1 or as Windows-1252', () => {
    expect(doubleDecode(original, 'latin1')).not.toBe(original);
    expect(repairMojibake(doubleDecode(original, 'latin1'))).toBe(original);
    // Windows-1252 leaves five bytes undefined (” is E2 80 9D): a decoder that made them U+FFFD lost them.
    const defined = 'A DIY Investor’s “Guide — 5 € in São Paulo, naïve café 🚀';
    expect(doubleDecode(defined, 'windows-1252')).toContain('Investorâ€™s');
    expect(repairMojibake(doubleDecode(defined, 'windows-1252'))).toBe(defined);
    expect(repairMojibake('costs\u00c2\u00a05')).toBe('costs\u00a05');
  });

  it('leaves real Latin-1 text and clean text alone', () => {
    for (const text of [
      original,
      'SÃO PAULO É CAPITAL',
      'Âge, naïveté, Ångström',
      'Ã la carte',
      'plain ascii',
    ]) {
      expect(repairMojibake(text)).toBe(text);
    }
  });

  it('is applied when page bytes are decoded', () => {
    const page = Buffer.from(
      `<html><meta charset="utf-8"><h1>${doubleDecode('Investor’s guide', 'windows-1252')}</h1></html>`,
      'utf8',
    );
    expect(decodeBytes(page).text).toContain('Investor’s guide');
  });
});
