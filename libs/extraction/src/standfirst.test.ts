import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const DEK =
  'Thousands queued in the cold to sign his nomination papers, and the commission now has ten days to decide.';
const PROSE = [
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.',
  'Scientists at the university observatory have catalogued a cluster of young stars that formed unusually close to the centre of the galaxy, according to a new paper.',
  'The football club confirmed that its captain will miss the rest of the season after surgery on his knee, a blow to its hopes of promotion this spring.',
  'Council members said the decision would be reviewed after a year, once the first sections of the new network are in service and the costs are known.',
];
const SIDEBAR =
  '<div class="rail"><p>A teaser for another story on this site, with a few words about it and a link.</p></div>';

/** A news page: headline, a lead paragraph and a byline in the header, the story's paragraphs below. */
const page = ({
  tag = 'article',
  attrs = '',
  lead = DEK,
  description = DEK,
  head = `<meta property="og:description" content="${description}">`,
}: { tag?: string; attrs?: string; lead?: string; description?: string; head?: string } = {}): string =>
  `<html><head><title>Candidate cleared to run</title>${head}</head><body>${SIDEBAR}
<${tag} class="story"${attrs}><header><h1>Candidate cleared to run</h1><p class="lead">${lead}</p>
<p class="byline">By Jane Doe</p></header>
<div class="body">${PROSE.map((p) => `<p>${p}</p>`).join('')}</div></${tag}></body></html>`;

const textOf = (html: string): string =>
  extractArticles({ body: html, contentType: 'text/html' }).articles[0]?.text ?? '';

describe('standfirst', () => {
  it('puts the lead paragraph that restates the page description before the story', () => {
    const text = textOf(page());
    expect(text.startsWith(`${DEK}\n\n${PROSE[0]}`)).toBe(true);
    expect(text).not.toContain('By Jane Doe');
  });

  it('reads the description from JSON-LD too, and matches a description cut short', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', description: `${DEK.slice(0, 70)}…` });
    const text = textOf(page({ head: `<script type="application/ld+json">${ld}</script>` }));
    expect(text.startsWith(DEK)).toBe(true);
  });

  it('takes it where role=article or a schema.org Article item holds headline and story', () => {
    expect(textOf(page({ tag: 'div', attrs: ' role="article"' })).startsWith(DEK)).toBe(true);
    const item = ' itemscope itemtype="https://schema.org/NewsArticle"';
    expect(textOf(page({ tag: 'div', attrs: item })).startsWith(DEK)).toBe(true);
  });

  it('leaves it out when no story element holds both the headline and the story', () => {
    const text = textOf(page({ tag: 'div' }));
    expect(text).not.toContain(DEK);
    expect(text.startsWith(PROSE[0]!)).toBe(true);
  });

  it('leaves out a line between headline and story that the description does not say (prompts, promotions)', () => {
    const prompt =
      'Chat with us in Facebook Messenger. Find out what is happening in the world as it unfolds.';
    const text = textOf(page({ lead: prompt }));
    expect(text).not.toContain('Facebook Messenger');
    expect(text.startsWith(PROSE[0]!)).toBe(true);
  });

  describe('an intro of several sentences in a box between the headline and the story', () => {
    const INTRO =
      'Building a rail line across a mountain range takes decades of planning. This guide walks through each stage of the project, from the first survey to the opening day, and explains who pays for what along the way.';
    /** A guide page: the headline and its intro in a hero box, the story in the next box; no story element. */
    const guide = ({
      h1 = 'How a mountain railway is built',
      description = DEK,
      intro = INTRO,
    } = {}): string =>
      `<html><head><meta property="og:description" content="${description}"></head><body>${SIDEBAR}
<div class="hero"><div class="wrap"><h1>${h1}</h1><div class="summary"><p>${intro}</p></div></div></div>
<div class="content"><div class="wrap"><div class="body">${PROSE.map((p) => `<p>${p}</p>`).join('')}</div></div></div></body></html>`;

    it('opens the text, with no story element needed', () => {
      expect(textOf(guide()).startsWith(`${INTRO}\n\n${PROSE[0]}`)).toBe(true);
    });

    it("may be one long sentence (a definition, a guide's opening); a shorter line stays out", () => {
      const sentence =
        'A mountain railway is a line built to climb steep gradients through high country, using long tunnels, spiral loops and viaducts, and sometimes a rack between the rails, to carry people and freight where roads cannot.';
      expect(textOf(guide({ intro: sentence })).startsWith(`${sentence}\n\n${PROSE[0]}`)).toBe(true);
      const short =
        'This guide walks through each stage of building a mountain railway, from survey to opening.';
      expect(textOf(guide({ intro: short })).startsWith(PROSE[0]!)).toBe(true);
    });

    it('is left out when it restates the description (a dek) outside a story element', () => {
      expect(textOf(guide({ description: INTRO })).startsWith(PROSE[0]!)).toBe(true);
    });

    it('counts words as the project does: a Chinese intro counts its characters and full-width stops', () => {
      const intro =
        '修建一条穿越山脉的铁路需要数十年的规划。本指南介绍项目的每个阶段，从第一次勘测到通车之日，并说明各项费用由谁承担。';
      const body = [
        '地区水务委员会周一同意从一月起将水费提高百分之四，理由是更换六十多年前铺设的管道成本高昂。委员们表示，这笔钱将全部用于维修。',
        '大学天文台的科学家根据一篇新论文，编目了一个在银河系中心附近形成的年轻恒星团。研究人员说，这一发现出乎意料。',
        '足球俱乐部证实，队长膝盖手术后将缺席本赛季余下的比赛，这对球队今春的升级希望是一个打击。主教练表示遗憾。',
        '市议会议员说，一年后，当新网络的第一段投入使用、成本明确时，将重新审查这一决定。反对者则要求立即公开预算。',
      ];
      const html = `<html lang="zh"><head><meta property="og:description" content="${DEK}"></head><body>${SIDEBAR}
<div class="hero"><div class="wrap"><h1>山区铁路是怎样建成的</h1><div class="summary"><p>${intro}</p></div></div></div>
<div class="content"><div class="wrap"><div class="body">${body.map((p) => `<p>${p}</p>`).join('')}</div></div></div></body></html>`;
      expect(textOf(html).startsWith(`${intro}\n\n${body[0]}`)).toBe(true);
    });

    it("is left out under a headline that is a link (a blog's name and tagline in its header)", () => {
      expect(textOf(guide({ h1: '<a href="/">Mountain Railways Blog</a>' })).startsWith(PROSE[0]!)).toBe(
        true,
      );
    });
  });

  it('does not repeat a lead the story already opens with', () => {
    const opening = PROSE[0]!;
    const text = textOf(page({ lead: opening, description: opening }));
    expect(text.split(opening).length - 1).toBe(1);
  });
});
