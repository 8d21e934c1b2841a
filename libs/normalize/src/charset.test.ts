import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './charset.js';

const RUSSIAN = 'Министр иностранных дел России Сергей Лавров встретился с госсекретарём США в Москве.';
const JAPANESE = '東京で記者会見が行われ、外務大臣は今後の対応について説明しました。日本語の文章です。';
/** The page: declared GB2312, sent as UTF-8; decoded as GBK its title read 淇冭繘鑸ぉ…. */
const CHINESE_TITLE = '促进航天事业高质量发展';
const CHINESE = '国家航天局今天发布了新的计划，将在未来五年内完成多项重大任务。';
const FRENCH = 'Le ministre a déclaré à la presse : « Nous sommes très inquiets », a-t-il ajouté à Genève.';

const bytes = (text: string, charset: string): Uint8Array => new Uint8Array(iconv.encode(text, charset));
const html = (body: string, head = ''): string =>
  `<!doctype html><html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('decodeBytes', () => {
  it('prefers a byte-order mark over every other signal', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(html(RUSSIAN), 'utf-8')]);
    const out = decodeBytes(body, 'text/html; charset=windows-1251');
    expect(out).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(out.text).toContain(RUSSIAN);
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('uses the Content-Type header charset (windows-1251)', () => {
    const out = decodeBytes(bytes(html(RUSSIAN), 'windows-1251'), 'text/html; charset="windows-1251"');
    expect(out).toMatchObject({ charset: 'windows-1251', source: 'header' });
    expect(out.text).toContain(RUSSIAN);
  });

  it('reads <meta charset> when the header has none (Shift_JIS)', () => {
    const out = decodeBytes(bytes(html(JAPANESE, '<meta charset="Shift_JIS">'), 'shift_jis'), 'text/html');
    expect(out).toMatchObject({ charset: 'shift_jis', source: 'meta' });
    expect(out.text).toContain(JAPANESE);
  });

  it('reads the http-equiv form of the meta charset (ISO-8859-1 decoded as its windows-1252 superset)', () => {
    const head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">';
    const out = decodeBytes(bytes(html(FRENCH, head), 'latin1'));
    expect(out).toMatchObject({ charset: 'windows-1252', source: 'meta' });
    expect(out.text).toContain(FRENCH);
  });

  it('detects an undeclared windows-1251 page', () => {
    const long = Array.from({ length: 8 }, () => RUSSIAN).join(' ');
    const out = decodeBytes(bytes(html(long), 'windows-1251'));
    expect(out.source).toBe('detected');
    expect(out.text).toContain(RUSSIAN);
  });

  it('detects an undeclared Shift_JIS page', () => {
    const long = Array.from({ length: 8 }, () => JAPANESE).join('');
    const out = decodeBytes(bytes(html(long), 'shift_jis'));
    expect(out).toMatchObject({ charset: 'shift_jis', source: 'detected' });
    expect(out.text).toContain(JAPANESE);
  });

  it('treats valid utf-8 without any declaration as utf-8', () => {
    const out = decodeBytes(bytes(html(RUSSIAN), 'utf-8'));
    expect(out.charset).toBe('utf-8');
    expect(out.text).toContain(RUSSIAN);
  });

  it('defaults to utf-8 for pure ASCII and skips unknown labels without throwing', () => {
    expect(decodeBytes(bytes(html('plain'), 'utf-8'))).toMatchObject({ charset: 'utf-8', source: 'default' });
    expect(decodeBytes(bytes(html('plain'), 'utf-8'), 'text/html; charset=x-no-such-thing').source).toBe(
      'default',
    );
  });

  it('decodes a page that declares GB2312 but is sent as valid UTF-8 as UTF-8 (meta or header)', () => {
    const page = `<!doctype html><html><head><meta charset="gb2312"><title>${CHINESE_TITLE}</title></head><body><p>${CHINESE}</p></body></html>`;
    const fromMeta = decodeBytes(bytes(page, 'utf-8'));
    expect(fromMeta).toMatchObject({ charset: 'utf-8', source: 'detected', declared: 'gbk' });
    expect(fromMeta.text).toContain(`<title>${CHINESE_TITLE}</title>`);
    expect(fromMeta.text).toContain(CHINESE);
    const fromHeader = decodeBytes(bytes(html(CHINESE), 'utf-8'), 'text/html; charset=GB2312');
    expect(fromHeader).toMatchObject({ charset: 'utf-8', declared: 'gbk' });
    expect(fromHeader.text).toContain(CHINESE);
    const sjis = decodeBytes(bytes(html(JAPANESE, '<meta charset="Shift_JIS">'), 'utf-8'));
    expect(sjis).toMatchObject({ charset: 'utf-8', declared: 'shift_jis' });
    expect(sjis.text).toContain(JAPANESE);
  });

  it('keeps the declared charset when it decodes the bytes cleanly', () => {
    const gbk = decodeBytes(bytes(html(CHINESE, '<meta charset="gb2312">'), 'gbk'));
    expect(gbk).toMatchObject({ charset: 'gbk', source: 'meta' });
    expect(gbk.text).toContain(CHINESE);
    expect(gbk).not.toHaveProperty('declared');
    // Valid UTF-8 in a single-byte charset decodes without errors (Windows-1252 mojibake is repaired).
    expect(decodeBytes(bytes(html(FRENCH), 'utf-8'), 'text/html; charset=windows-1252').text).toContain(
      FRENCH,
    );
  });

  // What the `<meta[^>]+charset…/i` regex found on these forms, kept by the one-pass scan.
  it.each([
    ['<meta charset="koi8-r">', 'koi8-r'],
    ["<meta charset='koi8-r'>", 'koi8-r'],
    ['<meta charset=koi8-r>', 'koi8-r'],
    ['<META CHARSET = " KOI8-R ">', 'koi8-r'],
    ['<meta\n  charset="koi8-r"\n/>', 'koi8-r'],
    ['<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', 'koi8-r'],
    ["<meta content='text/html;charset=koi8-r' http-equiv='content-type'>", 'koi8-r'],
    ['<meta name="viewport" content="width=device-width"><meta charset="koi8-r">', 'koi8-r'],
    ['<meta charset=""><meta property="og:title" content="charset"><meta charset="koi8-r">', 'koi8-r'],
    ['<meta name="charset"><meta charset="koi8-r">', 'koi8-r'],
    ['<meta charset="koi8-r"><meta charset="windows-1251">', 'koi8-r'],
    ['<meta name="x" content="a>b" charset="koi8-r">', undefined],
    ['<metacharset="koi8-r">', undefined],
    ['<p>charset=koi8-r</p><meta name="x">', undefined],
    [`${' '.repeat(4096 - 16)}<meta charset="koi8-r">`, undefined],
  ])('reads the meta charset of %j', (head, charset) => {
    const out = decodeBytes(
      bytes(`<!doctype html><html><head>${head}<title>t</title></head></html>`, 'koi8-r'),
    );
    if (charset) expect(out).toMatchObject({ charset, source: 'meta' });
    else expect(out.source).not.toBe('meta');
  });

  it('finds a meta charset in linear time whatever the window holds', () => {
    // `<meta` ×270 then `charset=` and 2 700 spaces in the 4 KiB window: the regex backtracked over the window
    // from every `<meta`, ~3 s of CPU (2 s for ×100 and 3 600 spaces), for a page that declares nothing.
    const page = `${'<meta'.repeat(270)} charset=${' '.repeat(2700)}`;
    const start = process.cpuUsage();
    expect(decodeBytes(bytes(page, 'utf-8')).source).toBe('default');
    const used = process.cpuUsage(start);
    // CPU time, not wall time, so a busy machine does not fail it; well under 1 ms now.
    expect((used.user + used.system) / 1000).toBeLessThan(300);
  });

  it('never throws on arbitrary bytes', () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(() => decodeBytes(junk)).not.toThrow();
    expect(() => decodeBytes(new Uint8Array(0))).not.toThrow();
  });
});
