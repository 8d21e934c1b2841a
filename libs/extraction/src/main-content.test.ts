import { describe, expect, it } from 'vitest';
import { extractArticles } from './index.js';

const PROSE = [
  'The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.',
  'Scientists at the university observatory have catalogued a cluster of young stars that formed unusually close to the centre of the galaxy, according to a new paper.',
  'The football club confirmed that its captain will miss the rest of the season after surgery on his knee, a blow to its hopes of promotion this spring.',
];
const NAV =
  '<ul>' +
  Array.from({ length: 12 }, (_, i) => `<li><a href="/s/${i}">Section number ${i} of the site</a></li>`).join(
    '',
  ) +
  '</ul>';

const textOf = (html: string): string =>
  extractArticles({ body: html, contentType: 'text/html' }).articles[0]?.text ?? '';

describe('main content', () => {
  it("drops a picture box's caption outside <figure>, but keeps a floated picture's paragraph, cards and a classless box", () => {
    const story = PROSE.map((p) => `<p>${p} ${p}</p>`).join('');
    const html = `<html><body><article><h1>Water tariffs rise</h1>${story}
<div class="picBox"><a class="overlayLink" href="#"><img src="a.jpg"></a><p>Workers replace a pipe in the old town, 28 April</p></div>
<p><img src="b.jpg" class="alignleft">The board will meet again in March, when the first bills arrive.</p>
<div class="image-card"><img src="c.jpg"><div><h3>Pipe renewal</h3><p>Three streets a year until 2030.</p></div></div>
<div class="box"><img src="d.jpg"><div>Consumers pay four cents more per cubic metre.</div></div>
<ul class="gallery"><li class="img gallery-item"><img src="e.jpg"><span class="img-info">The old pumping station. Photo: Archive</span></li></ul>
${story}</article></body></html>`;
    const text = textOf(html);
    expect(text).not.toContain('Workers replace a pipe');
    expect(text).not.toContain('The old pumping station');
    expect(text).toContain('The board will meet again in March');
    expect(text).toContain('Three streets a year');
    expect(text).toContain('Consumers pay four cents more');
  });

  it('keeps text written straight into a container between its blocks (no <p>)', () => {
    const html = `<html><body><div class="menu-col">${NAV}</div>
<div class="col"><p class="headline">A headline of the story</p><small>05/10/2018 - Category</small><br><br>
<img src="a.jpg">${PROSE[0]} ${PROSE[1]}<br><br>${PROSE[2]}<div class="row"><a href="/share">Share</a></div></div>
<div class="bottom"><p>City Hall, Main Street 1111, Riverside district, PO Box 421, phone (047) 2106-8000, open on weekdays.</p></div></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[0]);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Section number');
  });

  it('keeps short lines that legitimately repeat (recipe steps, table labels) and drops repeated paragraphs', () => {
    const step = (n: number) =>
      `<h3>Meal ${n}</h3><p>Portion: 1 Green, 1 Red, 1 Yellow, 1 tsp.</p><p>${PROSE[n % 3]}</p>`;
    const html = `<html><body><article>${step(0)}${step(1)}${step(2)}${step(3)}</article></body></html>`;
    const text = textOf(html);
    expect(text.match(/Portion: 1 Green/g)).toHaveLength(4);
    expect(text.split(PROSE[0]!).length - 1).toBe(1);
  });

  it('drops a sign-up form and a story-card list that follow a longer story', () => {
    const card = (n: number) =>
      `<article><h3><a href="/s/${n}">Another story number ${n}</a></h3><p>${PROSE[n % 3]!.slice(0, 90)}</p></article>`;
    const html = `<html><body><article class="post"><p>${PROSE[0]} ${PROSE[1]}</p><p>${PROSE[2]} ${PROSE[0]}</p><p>${PROSE[1]}</p>
<form method="post"><h3>Request our free guide</h3><p>Fill out the form to get a copy of our guide.</p><input name="email"></form>
<div class="posts">${card(1)}${card(2)}${card(3)}</div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('free guide');
    expect(text).not.toContain('Another story');
  });

  it('drops a sign-up box with its consent line whole, and keeps a section that only holds a form', () => {
    const html = `<html><body><article class="post"><p>${PROSE[0]} ${PROSE[1]}</p><p>${PROSE[2]}</p>
<section class="box"><div>Daily Deals</div><div>Get editor selected deals texted right to your phone!</div>
<form><input type="tel" placeholder="Enter Phone Number"><button>Sign Me Up</button></form>
<div>By signing up, you agree to receive recurring automated SMS marketing messages at the number provided. Msg and data rates may apply. Reply STOP to opt out.</div>
<div>Thanks for signing up!</div></section>
<p>${PROSE[1]} ${PROSE[0]}</p>
<section class="app"><h3>Store locator</h3><p>Shoppers can find the nearest shop from the map, which the council built with the chamber of commerce.</p><form><input type="text" name="postcode"><button>Install</button></form></section>
<p>${PROSE[2]} ${PROSE[1]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Daily Deals');
    expect(text).not.toContain('data rates');
    expect(text).not.toContain('Thanks for signing up');
    expect(text).toContain('Shoppers can find the nearest shop');
  });

  it("drops a two-click embed's consent placeholder whole, and keeps a story that speaks of personal data", () => {
    const html = `<html><body><article class="post"><p>${PROSE[0]} ${PROSE[1]}</p><p>${PROSE[2]}</p>
<div class="box do-display-embed"><div class="info-box"><div class="h3">Empfohlener redaktioneller Inhalt</div>
<p>An dieser Stelle findest du einen externen Inhalt von YouTube, der den Artikel ergänzt.<br>Du kannst ihn dir mit einem Klick anzeigen lassen und wieder ausblenden.</p>
<label>YouTube-Inhalte erlauben</label>
<p class="info">Ich bin damit einverstanden, dass mir Inhalte von YouTube angezeigt werden.</p>
<p class="info">Personenbezogene Daten können an Drittplattformen übermittelt werden. Mehr dazu in unserer <a href="/datenschutz/">Datenschutzerklärung</a>.</p></div></div>
<div class="para"><p>Die Behörde kritisierte, dass personenbezogene Daten der Kunden ohne Einwilligung in Drittstaaten übermittelt werden.</p></div>
<p>${PROSE[1]} ${PROSE[0]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Empfohlener redaktioneller Inhalt');
    expect(text).not.toContain('externen Inhalt');
    expect(text).not.toContain('Drittplattformen');
    expect(text).toContain('in Drittstaaten übermittelt');
  });

  it('drops a registration wall classed register or sign-in inside the story (Postmedia)', () => {
    const html = `<html><body><article class="post"><p>${PROSE[0]} ${PROSE[1]}</p><p>${PROSE[2]}</p>
<div class="register-only"><p>Register to unlock this article and enjoy additional articles per month, for free.</p></div>
<div class="intro-body__register"><p>Create an account or sign in to continue with your reading experience today.</p></div>
<div class="signin-prompt"><p>Already have an account? Sign in to keep reading this and every other story.</p></div>
<p>${PROSE[1]} ${PROSE[0]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Register to unlock');
    expect(text).not.toContain('Already have an account');
    expect(text).not.toContain('Create an account');
  });

  it('joins page-builder sections whose text sits under many single-child wrappers', () => {
    const wrap = (inner: string, n: number): string =>
      n === 0 ? inner : `<div class="box-${n}">${wrap(inner, n - 1)}</div>`;
    const section = (paras: string, n: number): string =>
      `<section class="sec-${n}">${wrap(`<div class="rich-text">${paras}</div>`, 7)}</section>`;
    const html = `<html><body>${NAV}<main><div class="column">
${section(`<p>${PROSE[0]} ${PROSE[1]}</p>`, 1)}
${section(`<p>${PROSE[2]}</p><p>${PROSE[1]} ${PROSE[2]}</p><p>${PROSE[2]} ${PROSE[1]}</p><p>${PROSE[1]}, ${PROSE[2]}</p>`, 2)}
</div></main></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[0]);
    expect(text).toContain(PROSE[2]);
  });

  it('keeps a story section whose id is its heading slug even when the slug holds a furniture word', () => {
    const html = `<html><body><article><p>${PROSE[0]} ${PROSE[1]}</p>
<div id="menu-ideas-for-summer-weddings"><h2>Menu ideas for summer weddings</h2><p>${PROSE[2]}</p></div>
<div id="menu-main"><a href="/a">Home</a> <a href="/b">About us and the team</a></div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('About us');
  });

  it('keeps a heading whose own id or class spells it, furniture words and all, unless another class is furniture', () => {
    const html = `<html><body><article><p>${PROSE[0]} ${PROSE[1]}</p>
<h2 id="h-6-essential-tools-and-best-practices">6. Essential Tools and Best Practices</h2><p>${PROSE[2]}</p>
<h3 class="the-child-tax-credit-(ctc)">The child tax credit (CTC)</h3><p>${PROSE[0]}</p>
<h3 class="sidebar the-earned-income-credit">The earned income credit</h3><p>${PROSE[1]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('6. Essential Tools and Best Practices');
    expect(text).toContain('The child tax credit (CTC)');
    expect(text).not.toContain('The earned income credit');
  });

  it('never rescues a pop-up dialog (class modal/popup, id modal_…) with a story that sits in junk, but keeps a story classed modal-enabled', () => {
    const story = PROSE.map((p) => `<p>${p}</p>`).join('');
    const dialog = `<p>By proceeding, please note you will be leaving our website, which is not operated or monitored by us; our privacy and security policies do not apply there.</p>`;
    for (const attrs of ['id="modal_2110a1e7-afbc"', 'class="modal fade"', 'class="popup"']) {
      const html = `<html><body><div class="nav-section"><h1>A headline</h1>${story}</div><div ${attrs}>${dialog}</div></body></html>`;
      const text = textOf(html);
      expect(text).toContain(PROSE[2]);
      expect(text).not.toContain('By proceeding');
    }
    const html = `<html><body><div class="box article modal-enabled"><h1>A headline</h1>${story}</div></body></html>`;
    expect(textOf(html)).toContain(PROSE[1]);
  });

  it('keeps collapsed accordion panels (display:none, labelled by their toggle) but not other hidden blocks', () => {
    const html = `<html><body><article><p>${PROSE[0]} ${PROSE[1]}</p>
<div class="accordion"><button id="q1">Week 1</button><div role="region" aria-labelledby="q1" style="display:none"><p>${PROSE[2]}</p></div></div>
<div style="display:none"><p>A hidden paragraph that no reader of this page will ever see on the screen.</p></div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('hidden paragraph');
  });

  it("keeps an FAQ question set as its accordion's toggle button, but not other toggles or questions without an answer", () => {
    const item = (q: string, answer: string): string =>
      `<div class="faq-item"><div class="faq-title"><button aria-expanded="false" aria-controls="a">${q}</button></div>` +
      `<div class="faq-answer"><p>${answer}</p></div></div>`;
    const html = `<html><body><nav><button aria-expanded="false">Open menu</button></nav><article><p>${PROSE[0]} ${PROSE[1]}</p>
<h2>Frequently asked questions</h2>
${item('How much will the tariffs rise next year?', PROSE[2]!)}
<div><button aria-expanded="true">When did the board last raise them?</button><div><p>It last raised them in the spring of 2019, by three percent, after a long public consultation.</p></div></div>
<div><button aria-expanded="false">Will the pipes be replaced this year?</button></div>
<div><button aria-expanded="false">Who pays for the new meters?</button></div>
<button aria-expanded="false">Show more</button></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('How much will the tariffs rise next year?');
    expect(text).toContain('When did the board last raise them?');
    // Questions whose answers a script would load are a list of teasers; other toggles are controls.
    expect(text).not.toContain('Will the pipes');
    expect(text).not.toContain('Who pays');
    expect(text).not.toContain('Show more');
    expect(text).not.toContain('Open menu');
  });
  it('keeps a link classed as furniture inside running text, but not such a link standing alone or screen-reader text', () => {
    const html = `<html><body><article><p>${PROSE[0]} From there, you can start to <a class="recommendation-inline-link" href="/guests">divide up the guest list</a>. ${PROSE[1]}</p>
<p>${PROSE[2]} <a class="sr-only" href="/x">opens in a new window</a> and more.</p>
<p><a class="share-link" href="/share">Share this story with your friends</a></p>
<p>Everything about <a class="post-tags" href="/t/water">water boards</a>, <a class="post-tags" href="/t/tariffs">regional tariffs</a></p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('you can start to divide up the guest list.');
    expect(text).not.toContain('opens in a new window');
    expect(text).not.toContain('Share this story');
    // Links beside links are a row of tags or a breadcrumb, not a sentence.
    expect(text).not.toContain('water boards');
    expect(text).not.toContain('regional tariffs');
  });

  it('drops boxes hidden by the class "hidden", but keeps responsive and accordion ones and a hidden-classed body', () => {
    const wall =
      '<div class="intro-body__premium hidden"><p>THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY, with unlimited access to every story.</p></div>';
    const wide = `<div class="hidden md:block"><p>${PROSE[1]}</p></div>`;
    const answer = `<div class="ss-accordion-content hidden"><p>${PROSE[2]}</p></div>`;
    const text = textOf(
      `<html><body><article><p>${PROSE[0]} ${PROSE[1]}</p>${wall}<p>${PROSE[2]} ${PROSE[0]}</p>${wide}${answer}</article></body></html>`,
    );
    expect(text).not.toContain('RESERVED FOR SUBSCRIBERS');
    expect(text.split(PROSE[1]!).length).toBe(3);
    expect(text.split(PROSE[2]!).length).toBe(3);
    // A script reveals a story kept in a hidden-classed wrapper: it is the page's prose, so it is rescued.
    const body = textOf(
      `<html><body><div class="story hidden"><p>${PROSE[0]}</p><p>${PROSE[1]}</p><p>${PROSE[2]}</p></div></body></html>`,
    );
    expect(body).toContain(PROSE[2]);
  });

  it('drops story cards whose linked title is a classed div rather than a heading', () => {
    const card = (n: number) =>
      `<div class="card"><div class="title"><a href="/s/${n}">Another story number ${n}</a></div><div class="author">Webmaster</div><div class="body">${PROSE[n % 3]}</div></div>`;
    const html = `<html><body><article><p>${PROSE[0]} ${PROSE[1]}</p><p>${PROSE[2]} ${PROSE[1]}</p><p>${PROSE[0]}</p>
<div class="more">${card(1)}${card(2)}${card(3)}</div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Another story');
    expect(text).not.toContain('Webmaster');
  });

  it('reads React streamed Suspense segments (<div hidden id="S:0">) but not other hidden blocks', () => {
    const html = `<html><body><main><template id="B:0"></template></main>
<div hidden id="S:0"><article><h1>Headline</h1><p>${PROSE[0]}</p><p>${PROSE[1]}</p></article></div>
<div hidden><p>${PROSE[2]}</p></div></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[0]);
    expect(text).not.toContain(PROSE[2]);
  });

  it('keeps list items whose text sits beside an empty nested list', () => {
    const items = PROSE.map((p) => `<li>${p.slice(0, 60)}<ul>\n</ul></li>`).join('');
    const html = `<html><body><div class="content"><h1>Tips</h1><p>${PROSE[0]}</p><p>To eat better, try this:</p><ul class="nested-list">${items}</ul><p>${PROSE[1]}</p></div></body></html>`;
    expect(textOf(html)).toContain(PROSE[2]!.slice(0, 60));
  });

  it('keeps syntax-highlighted code comments (hljs-comment is not a comment thread)', () => {
    const html = `<html><body><article><h1>Git</h1><p>${PROSE[0]}</p><pre><code><span class="hljs-comment"># initialize the repository first</span>
git init</code></pre><p>${PROSE[1]}</p></article></body></html>`;
    expect(textOf(html)).toContain('# initialize the repository first');
  });

  it('joins sections of a story pasted as separate <html><body> fragments', () => {
    const frag = (p: string) =>
      `<html><body><div class="block"><div class="text"><p>${p}</p><p>${p}</p></div></div></body></html>`;
    const html = `<html><body><nav>${NAV}</nav><div class="article-content">${PROSE.map(frag).join('')}</div></body></html>`;
    const text = textOf(html);
    for (const p of PROSE) expect(text).toContain(p);
  });

  it('keeps short-item lists whose class merely says "list" (wp-block-list)', () => {
    const html = `<html><body><article><h1>Packing</h1><p>${PROSE[0]}</p><ul class="wp-block-list"><li>Sunscreen</li><li>Water bottle</li><li>Hat</li></ul><p>${PROSE[1]}</p></article></body></html>`;
    expect(textOf(html)).toContain('Water bottle');
  });

  it('drops the sections after an "About the author" / "Related articles" heading late in the story', () => {
    const html = `<html><body><article><h1>Story</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}
<h3>About the Author</h3><p>Jane Roe covers city hall and writes about water, energy and anything with a pipe.</p>
<h3>Related articles</h3><p>Another story about the regional water board and its plans for next year.</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Jane Roe');
    expect(text).not.toContain('Another story');
  });

  it('keeps a furniture-like heading early in the story (before a third of its text)', () => {
    const html = `<html><body><article><h1>Story</h1><p>${PROSE[0]}</p><h3>Comments</h3>${PROSE.map((p) => `<p>${p} Readers wrote in.</p>`).join('')}</article></body></html>`;
    expect(textOf(html)).toContain(`${PROSE[2]} Readers wrote in.`);
  });

  it('drops affiliate disclosures, newsletter and contact prompts, reviewer credits and tail bylines but keeps prose asking readers to share', () => {
    const html = `<html><body><article><h1>Story</h1><p>As an Amazon Associate we earn from qualifying purchases.</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}
<p>If this sounds like you, then please share your story.</p><p>Subscribe to get the latest posts sent to your email.</p><p>Written by Jane Roe</p><p>Page 1 of 8</p>
<p>Let Us Help! Call us at (919) 555-0150 or fill out this quick form and we will contact you within 24 hours!</p>
<p>Reviewed by Ana Ortiz, MD, Editor in Chief, Valley Health Letter; Editorial Advisory Board Member, Valley Health Publishing</p>
<p>Follow The Valley Times Opinion section on Facebook, Twitter (@ValleyOpinion) and Instagram.</p><p>Have a tip? Ana Ortiz may be reached at ana@valley.example.</p>
<p>Like this story? Share it with a friend!</p><p>Popular on Valley Times</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('please share your story');
    for (const junk of [
      'Amazon Associate',
      'Subscribe to get',
      'Written by',
      'Page 1 of 8',
      'Call us at',
      'Reviewed by',
      'Follow The',
      'Have a tip',
      'Like this story',
      'Popular on',
    ])
      expect(text).not.toContain(junk);
  });

  it("drops the publisher's own blurb after a press release, but not a company mentioned in the story", () => {
    const html = `<html><body><article><h1>Acme partners with Globex</h1><p>Globex is a global provider of clinical software used in hospitals, and its systems run in 40 countries.</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}
<p>Acme Systems is a global solutions provider focused on healthcare ICT and mobile workflow solutions.</p><p>Acme is headquartered in Baar and employs around 1,300 people.</p></article></body></html>`;
    const { articles } = extractArticles({
      body: html,
      contentType: 'text/html',
      url: 'https://www.acme.com/news/acme-partners-with-globex',
    });
    const text = articles[0]!.text;
    expect(text).toContain('Globex is a global provider');
    expect(text).not.toContain('Acme Systems is a global');
    expect(text).not.toContain('headquartered');
  });

  it('drops story cards with comma-rich excerpts after the story, but keeps linked-heading sections that are the story', () => {
    const card = (i: number) =>
      `<li><article><div class="info"><header><h5><a href="/story-${i}">Other story ${i}</a></h5></header><div class="excerpt">BUFFALO, N.Y. — Other news, with commas, lots of them, here, there, everywhere, again, and again, number ${i}.</div></div></article></li>`;
    const html = `<html><body><div id="page"><main><article><h1>Story</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}</article></main>
<div class="more"><ul>${[1, 2, 3, 4].map(card).join('')}</ul></div></div></body></html>`;
    expect(textOf(html)).not.toContain('Other news');
    const listicle = `<html><body><article><h1>Best schools</h1><ul>${[0, 1, 2].map((i) => `<li><h3><a href="https://school${i}.example">School ${i}</a></h3><p>${PROSE[i]}</p></li>`).join('')}</ul></article></body></html>`;
    expect(textOf(listicle)).toContain(PROSE[1]);
  });

  it('drops a list of linked headlines with truncated excerpts even above the story, but keeps list items that merely open with a link', () => {
    const ticker = `<ul>${[1, 2, 3].map((i) => `<li><a href="/other-${i}">Other story ${i}</a> <span>WASHINGTON: Officials, citing a report, said on Tuesday that close to two million residents may soon...</span></li>`).join('')}</ul>`;
    const html = `<html><body><div class="main">${ticker}<h1>Story</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
    expect(textOf(html)).toContain(PROSE[2]);
    expect(textOf(html)).not.toContain('may soon');
    const sources = `<ul>${[0, 1, 2].map((i) => `<li><a href="/s${i}">Source ${i}</a>: ${PROSE[i]}</li>`).join('')}</ul>`;
    expect(
      textOf(`<html><body><article><h1>Story</h1><p>${PROSE[0]}</p>${sources}</article></body></html>`),
    ).toContain(PROSE[2]);
  });

  it('keeps the paragraphs of a link-dense section early in the story, but not its link list or such a box late in it', () => {
    const patches = (from: number): string =>
      '<ul>' +
      Array.from(
        { length: 6 },
        (_, i) => `<li><a href="/patch/${from + i}">Patch ${from + i} fixes the loader</a></li>`,
      ).join('') +
      '</ul>';
    const html = `<html><body><article><div class="entry">
<p>${PROSE[0]}</p>
<div class="sect"><h2>Patches status</h2><p>Many patches were sent for review this month.</p>${patches(1)}
<p>I sent all the patches that were ready to be sent.</p></div>
<p>${PROSE[1]}</p><p>${PROSE[2]}</p>
<div class="sect"><p>Find more guides from our team on this site.</p>${patches(11)}
<p>Browse the full archive of our guides here.</p></div>
</div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('Many patches were sent for review this month.');
    expect(text).toContain('I sent all the patches that were ready to be sent.');
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Patch 1 fixes');
    expect(text).not.toContain('Find more guides');
    expect(text).not.toContain('Patch 11 fixes');
  });

  it('keeps the closing paragraphs that go on after a link list in one box late in the story, not a resource box', () => {
    // WCXB 4605: "Suggested reading:", its links, then the story's last paragraphs, in one rich-text block.
    const links = (from: number): string =>
      '<ul>' +
      Array.from(
        { length: 4 },
        (_, i) => `<li><a href="/blog/${from + i}">Guide ${from + i} to landing clients</a></li>`,
      ).join('') +
      '</ul>';
    const html = `<html><body><article><div class="entry">
<p>${PROSE[0]}</p><p>${PROSE[1]}</p><p>${PROSE[2]}</p><p>${PROSE[0]} ${PROSE[1]}</p>
<div class="block"><div class="rich"><p><strong>Suggested reading:</strong></p>${links(1)}
<p>So there you have it, the first six steps of the plan!</p><p>But one last bit of encouragement before you go.</p>
<p>${PROSE[2]}</p><h3>You will also love</h3>${links(11)}</div></div>
<div class="block"><div class="rich"><p>If you have more questions about the plan, leave them in the comments below.</p>
<p>Other readers considering the plan found the following pages helpful:</p>${links(21)}</div></div>
</div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('So there you have it, the first six steps of the plan!');
    expect(text).toContain('But one last bit of encouragement before you go.');
    expect(text).not.toContain('Guide 1 to');
    expect(text).not.toContain('Guide 11 to');
    expect(text).not.toContain('You will also love');
    expect(text).not.toContain('found the following pages helpful');
    expect(text).not.toContain('Guide 21 to');
  });

  it('keeps a short list of off-site product links inside the story, but not links within the site or a share bar', () => {
    const list = (hrefs: string[], names: string[]) =>
      `<ul>${hrefs.map((h, i) => `<li><a href="${h}">${names[i]}</a></li>`).join('')}</ul>`;
    const page = (middle: string) =>
      `<html><body><article><h1>Best multimeters</h1><p>${PROSE[0]}</p><h2>Multimeters</h2>${middle}<p>${PROSE[1]}</p><p>${PROSE[2]}</p></article></body></html>`;
    const text = (html: string) =>
      extractArticles({ body: html, contentType: 'text/html', url: 'https://www.shop-guide.example/tools' })
        .articles[0]?.text ?? '';
    const products = list(
      ['https://amzn.example/dp/1', 'https://store.example/p/2'],
      ['Fluke 117 Electrician Multimeter', 'Klein Tools MM400 Multimeter'],
    );
    expect(text(page(products))).toContain('Klein Tools MM400 Multimeter');
    const internal = list(
      ['https://shop-guide.example/a', '/b'],
      ['Fluke 117 Electrician Multimeter', 'Klein Tools MM400 Multimeter'],
    );
    expect(text(page(internal))).not.toContain('Klein Tools MM400');
    const share = list(['https://facebook.example/s', 'https://x.example/s'], ['Facebook', 'Twitter']);
    expect(text(page(share))).not.toContain('Twitter');
  });

  it('drops a legal disclaimer under the story, but keeps the words quoted early in the story', () => {
    const quoted =
      'The bank said the forecast was published for informational purposes only and that investors should not rely on it, a line critics called evasive.';
    const disclaimer =
      'This material has been prepared for informational purposes only, and is not intended to provide, and should not be relied on for, tax, legal or accounting advice.';
    const text = textOf(
      `<html><body><article><h1>Story</h1><p>${quoted}</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}<p>${disclaimer}</p></article></body></html>`,
    );
    expect(text).toContain(quoted);
    expect(text).not.toContain('This material has been prepared');
  });

  it('drops a date stamp glued to the first paragraph, and an inline image separates the words beside it', () => {
    const html = `<html><body><article><h1>Story</h1><p>Updated: December 9, 2024<img src="/collage.png">If you are serving food at your reception, choosing a caterer matters, and ${PROSE[0]}</p><p>${PROSE[1]}</p><p>${PROSE[2]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('\n\nIf you are serving food');
    expect(text).not.toContain('Updated');
  });

  it('keeps a tweet embedded in the story even though its wrapper is classed social, but drops a social share bar', () => {
    const tweet =
      '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>Yes this is real and the state spent nearly half a million dollars on it</p>— Jo Reader (@joreader) November 18, 2019</blockquote></div>';
    const share = '<div class="social-share"><p>Share this on your favourite network today</p></div>';
    const text = textOf(
      `<html><body><article><h1>Story</h1><p>${PROSE[0]}</p>${tweet}<p>${PROSE[1]}</p>${share}<p>${PROSE[2]}</p></article></body></html>`,
    );
    expect(text).toContain('half a million dollars');
    expect(text).not.toContain('favourite network');
  });

  it('keeps the dates of a schedule, but drops a lone date line inside a story', () => {
    const events = ['March 16, 2026', 'March 18, 2026', 'April 3, 2026', 'April 9, 2026']
      .map((d, i) => `<h3>Harbour festival day ${i + 1}</h3><p>${d}</p><p>${PROSE[i % 3]}</p>`)
      .join('');
    const schedule = textOf(
      `<html><body><article><h1>Festival calendar</h1>${events}</article></body></html>`,
    );
    expect(schedule).toContain('April 9, 2026');
    const story = textOf(
      `<html><body><article><h1>Story</h1><p>${PROSE[0]}</p><p>March 16, 2026</p><p>${PROSE[1]}</p><p>${PROSE[2]}</p></article></body></html>`,
    );
    expect(story).toContain(PROSE[2]);
    expect(story).not.toContain('March 16, 2026');
  });

  it('drops a breadcrumb trail and a site-and-date meta line above the story, but keeps a dated lead-in ending in a colon', () => {
    const html = `<html><body><article><div><a href="/">Home</a><a href="/news">Latest News</a>Actress looks stunning</div><p>LinkNaija October 06, 2018</p>
<p>Posted on the association's forum on 2025-07-09:</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const text = textOf(html);
    expect(text).not.toContain('HomeLatest');
    expect(text).not.toContain('LinkNaija');
    expect(text).toContain('Posted on the association');
  });

  it("joins page-builder blocks of the winner's class even when the story spreads its score thin", () => {
    const block = (...ps: string[]) =>
      `<div class="sqs-block html-block"><div class="content">${ps.map((p) => `<p>${p}</p>`).join('')}</div></div>`;
    const links = `<div class="links">${Array.from({ length: 20 }, (_, i) => `<a href="/c/${i}">Cleaning services in town ${i}</a> `).join('')}</div>`;
    const extra =
      'Tips for saving on professional cleaners are simple and realistic for most households in the city';
    const html = `<html><body><article><div class="col">${block(...PROSE)}${block(extra)}${links}</div></article></body></html>`;
    expect(textOf(html)).toContain(extra);
  });

  it('keeps a list inside the story whose items are partly links, and drops a list that is only links', () => {
    const facts = ['Park Hyatt', 'Aman', 'Four Seasons']
      .map((n) => `<li>Official site: <a href="https://${n.replace(' ', '')}.example">${n} Hotels</a></li>`)
      .join('');
    const nav =
      '<ul>' +
      [1, 2, 3, 4, 5].map((i) => `<li><a href="/p/${i}">Another page number ${i}</a></li>`).join('') +
      '</ul>';
    const html = `<html><body><article><h1>Hotels</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}<ul>${facts}</ul><p>${PROSE[0]} Again.</p>${nav}<p>${PROSE[1]} Again.</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('Official site: Aman Hotels');
    expect(text).not.toContain('Another page number');
  });

  it('drops upper-case linked teaser headlines between paragraphs, but keeps upper-case prose and ordinary links', () => {
    const html = `<html><body><article><h1>Story</h1><p>${PROSE[0]}</p><p><a href="/other">SEAN SPICER ELIMINATED FROM THE DANCE SHOW</a></p><p>${PROSE[1]}</p>
<p>THE COUNCIL WILL MEET AGAIN ON FRIDAY.</p><p><a href="https://source.example/report">The full report of the water board</a></p><p>${PROSE[2]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).not.toContain('SEAN SPICER');
    expect(text).toContain('THE COUNCIL WILL MEET');
    expect(text).toContain('The full report of the water board');
  });

  it('does not rescue a wordy page footer when <main> holds the story', () => {
    const legal =
      'This material is not intended to replace the advice of a qualified advisor, and it is provided for informational purposes only, without any warranty of any kind whatsoever.';
    const html = `<html><body><main><h1>Rental counter practices</h1><p>${PROSE[0]}</p><p>${PROSE[1]}</p></main>
<footer><div class="col"><p>${legal}</p><p>${legal} Really.</p><p>${legal} Truly.</p><p>${legal} Again.</p></div></footer></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[1]);
    expect(text).not.toContain('qualified advisor');
  });

  it("drops a blogger's greeting bio after the story but keeps one that opens it", () => {
    const bio = 'Hey, I’m Jessica! Welcome to my blog, where organizing is made doable and overwhelm-free.';
    const after = `<html><body><article><h1>Storage</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}<p>${bio}</p></article></body></html>`;
    expect(textOf(after)).not.toContain('Hey, I’m Jessica');
    const before = `<html><body><article><h1>Storage</h1><p>${bio}</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    expect(textOf(before)).toContain('Hey, I’m Jessica');
  });

  it('reads sections of one article wrapped in <article> elements as one story, not a multi-post page', () => {
    const section = (i: number) =>
      `<article><h2>Section ${i}</h2><p>${PROSE[i % 3]}</p><p>${PROSE[(i + 1) % 3]}</p><p>${PROSE[(i + 2) % 3]} (${i})</p><p>${PROSE[i % 3]} Again (${i}).</p></article>`;
    const html = `<html><body><main><h1>Renovation costs</h1><p>When it comes to improving your home, one of the first questions is cost, and it varies widely by room.</p>${[0, 1, 2].map(section).join('')}</main></body></html>`;
    const { articles } = extractArticles({ body: html, contentType: 'text/html' });
    expect(articles).toHaveLength(1);
    expect(articles[0]!.text).toContain('one of the first questions is cost');
  });

  it('ignores junk words inside utility-CSS classes (tw-text-fg-secondary is a colour, not a sidebar)', () => {
    const html = `<html><body><main><article><h1>Perk up sales</h1><p>${PROSE[0]}</p><p class="tw-text-body-xl tw-text-fg-secondary md:tw-mt-lg">${PROSE[1]}</p>
<aside class="sidebar"><p>${PROSE[2]}</p></aside></article></main></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[1]);
    expect(text).not.toContain(PROSE[2]);
  });

  it('drops a sign-up box named as a BEM part of the story body (article-body__tablet-newsletter), keeps the body', () => {
    const html = `<html><body><article><h1>Water tariffs</h1><div class="article-body article-body__section">
<p>${PROSE[0]}</p><div class="article-body__tablet-newsletter"><h2>Breaking News Emails</h2><p>Get breaking news alerts and special reports, delivered weekday mornings.</p></div>
<div class="article-body__content"><p>${PROSE[1]}</p><p>${PROSE[2]}</p></div></div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[0]);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Breaking News Emails');
    expect(text).not.toContain('special reports');
  });

  it('drops the heading or lead-in line left of a box whose body was junk, keeps headings over text or a video', () => {
    const html = `<html><body><article><h1>Water tariffs</h1><p>${PROSE[0]}</p>
<section><h2>Why the board raised them</h2><p>${PROSE[1]}</p></section>
<div class="box"><h3>You may be interested in the following topics as well:</h3><div class="newsletter-signup">Get breaking news alerts and special reports, delivered weekday mornings.</div></div>
<div class="box"><p>Fill out the form to get a copy of our ebook.</p><div class="signup"><label>Your work email address, so that we can send you the ebook and our weekly digest</label><input type="email"></div></div>
<div class="box"><h2>Watch the briefing</h2><iframe src="https://video.example/1"></iframe></div>
<p>${PROSE[2]}</p></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain('Why the board raised them');
    expect(text).toContain('Watch the briefing');
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('You may be interested');
    expect(text).not.toContain('Fill out the form');
  });

  it('reads a camelCase name made of words as those words (id="emailSignup" is a sign-up box), not a hashed one', () => {
    const html = `<html><body><article><h1>Water tariffs</h1><p>${PROSE[0]}</p>
<div id="emailSignup"><h2>Breaking News Emails</h2><p>Get breaking news alerts and special reports, delivered weekday mornings.</p></div>
<p>${PROSE[1]}</p><div class="_titleNoCredit_1doy9"><p>${PROSE[2]}</p></div></article></body></html>`;
    const text = textOf(html);
    expect(text).toContain(PROSE[0]);
    expect(text).toContain(PROSE[2]);
    expect(text).not.toContain('Breaking News Emails');
    expect(text).not.toContain('special reports');
  });

  it('drops reading-time lines, paywall notes, map widget labels, agency photo credits, wire trailers and "You might also like:" kickers', () => {
    const html = `<html><body><article><h1>Tyres</h1><p>Bridgestone Team | 5 min read</p>${PROSE.map((p) => `<p>${p}</p>`).join('')}
<p>You might also like: The challenges of sustainable palm oil</p><p>This article is exclusive to STAT+ subscribers</p><p>${PROSE[0]} Again.</p>
<div><span>Map</span></div><p>View on map</p><p>${PROSE[1]} Again.</p><p>Sakib Ali/Hindustan Times/Getty Images</p><p>Anzeige</p>
<p>Tempo de leitura: 2 minutos</p><p>${PROSE[2]} Again.</p><p>(Reporting by Jane Roe; Editing by Tom Brown)</p></article></body></html>`;
    const text = textOf(html);
    for (const junk of [
      '5 min read',
      'You might also like',
      'exclusive to',
      'Map',
      'map',
      'Getty',
      'Anzeige',
      'leitura',
      'Reporting by',
    ])
      expect(text).not.toContain(junk);
  });
});
