/**
 * Samples for the learned block classifier (`npm run train:blocks`, training/blocks/run.sh): every block of
 * the story that the hand rules keep, on both halves of each development set (training/blocks/train.py
 * learns from the tune half only and scores the held-out half once), with its features (block-features.ts)
 * and its label from the set's truth text.
 *
 *   tsx bench/extraction/block-samples.ts [--data DIR] --out FILE
 *
 * A block is content when most of its 3-token shingles are in the truth (blocks under 3 tokens: when they
 * occur in the truth as a run). Tokens are lower-cased word runs, and each Han or kana character on its
 * own. One JSON line per page: { set, half, site, key, truthTokens, blocks: [{ tokens, label, text, features }] }.
 * The blocks are the story's rendered blocks (`rawBlocks`) that the article's text still has, in order.
 * Pages whose text comes from JSON-LD or several posts are left out: the classifier does not see them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../libs/extraction/src/blocks.js';
import { extractHtml } from '../../libs/extraction/src/extract-html.js';
import { parseCliArgs, usageExit } from '../cli-args.js';
import { BLOCK_FEATURES, blockFeatures } from './block-features.js';
import { SETS, loadSet } from './datasets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Share of a block's shingles found in the truth from which it is content. */
const CONTENT_SHINGLE_SHARE = 0.5;
const SHINGLE = 3;
/** Each sample keeps the start of its text, to read what the classifier gets wrong. */
const SAMPLE_TEXT_CHARS = 100;

const HELP = 'tsx bench/extraction/block-samples.ts [--data DIR] --out FILE';
const { values } = parseCliArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } }, HELP);
const data = values.data ?? path.join(ROOT, '../shared/data');
const out = values.out ?? usageExit('--out FILE is required', HELP);

const TOKEN_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu;
const tokensOf = (s: string): string[] => s.toLowerCase().match(TOKEN_RE) ?? [];
const shingles = (t: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE <= t.length; i++) out.push(t.slice(i, i + SHINGLE).join(' '));
  return out;
};

const lines: string[] = [];
let pages = 0;
let blocks = 0;
for (const set of SETS) {
  for (const page of loadSet(data, set)) {
    const r = extractHtml({ body: page.html, ...(page.url !== undefined && { url: page.url }) });
    if (r.strategy !== 'scoring' && r.strategy !== 'structure') continue;
    const truthTokens = tokensOf(page.truth.text);
    const truthShingles = new Set(shingles(truthTokens));
    const truthRun = ` ${truthTokens.join(' ')} `;
    const story = keptBlocks(r.rawBlocks[0] ?? [], r.articles[0]?.text ?? '');
    const rows = blockFeatures(story);
    const samples = story.map((b, i) => {
      const t = tokensOf(b.text);
      const sh = shingles(t);
      const content =
        sh.length > 0
          ? sh.filter((s) => truthShingles.has(s)).length >= CONTENT_SHINGLE_SHARE * sh.length
          : t.length > 0 && truthRun.includes(` ${t.join(' ')} `);
      return {
        tokens: t.length,
        label: content ? 1 : 0,
        text: b.text.slice(0, SAMPLE_TEXT_CHARS),
        features: rows[i],
      };
    });
    pages++;
    blocks += samples.length;
    lines.push(
      JSON.stringify({
        set,
        half: page.half,
        site: page.site,
        key: page.key,
        truthTokens: truthTokens.length,
        blocks: samples,
      }),
    );
  }
}
writeFileSync(out, `${JSON.stringify({ features: BLOCK_FEATURES })}\n${lines.join('\n')}\n`);
console.log(`block samples: ${blocks} blocks of ${pages} pages -> ${out}`);

/**
 * The rendered blocks the rules kept: those whose text comes next in the article's text (blocks are joined
 * by one blank line), or whose end does (a date stamp cut off its front). Preformatted blocks may hold
 * blank lines themselves, so the text is walked by position rather than split.
 */
function keptBlocks(raw: readonly Block[], text: string): Block[] {
  const kept: Block[] = [];
  let pos = 0;
  for (const b of raw) {
    if (pos >= text.length) break;
    const end = pos + b.text.length;
    if (text.startsWith(b.text, pos) && (end === text.length || text.startsWith('\n\n', end))) {
      kept.push(b);
      pos = end + 2;
      continue;
    }
    const next = text.indexOf('\n\n', pos);
    const p = text.slice(pos, next < 0 ? text.length : next);
    if (p !== '' && b.text.endsWith(p)) {
      kept.push({ ...b, text: p });
      pos += p.length + 2;
    }
  }
  return kept;
}
