import { describe, expect, it } from 'vitest';
import { cleanAuthorNames, reporterBylineNames } from './authors.js';
import { extractArticles } from './index.js';

const BODY = `<p>The regional water board agreed on Monday to raise tariffs by four percent from January, citing the cost of replacing pipes laid more than sixty years ago.</p>
<p>Farmers in the valley say the late frost damaged up to a third of the apple blossom, and growers expect a smaller harvest and higher prices this autumn.</p>`;

const authorsOf = (body: string, head = ''): readonly string[] =>
  extractArticles({
    body: `<!doctype html><html lang="en"><head><title>Water tariffs rise</title>${head}</head><body>${body}</body></html>`,
    contentType: 'text/html',
    url: 'https://news.example/story',
  }).articles[0]!.authors;

describe('author signals', () => {
  it('reads a link to an author page whose slug spells the name', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/articles/authors/shannon-grilli">Shannon Grilli</a></p></article>`,
      ),
    ).toEqual(['Shannon Grilli']);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}<p><a href="/authors/">All Authors</a></p></article>`,
      ),
    ).toEqual([]);
  });

  it('reads links to user and author pages under other path names', () => {
    const page = (href: string): readonly string[] =>
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<div class="credits"><a href="${href}">Zackery Cuevas</a> <span>Writer, Hardware</span></div></article>`,
      );
    expect(page('https://uk.pcmag.example/u/zackery-cuevas')).toEqual(['Zackery Cuevas']);
    expect(page('/autoren/zackery-cuevas/')).toEqual(['Zackery Cuevas']);
    expect(page('/u/jane-marsh')).toEqual([]);
  });

  it('drops the date from a byline box', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<p class="author">Andrew Gerrand<br>4 August 2010</p></article>`,
      ),
    ).toEqual(['Andrew Gerrand']);
  });

  it('keeps a team or staff byline when no person is named', () => {
    expect(
      authorsOf(`<article><h1>Water tariffs rise</h1><p>By the Valley Desk Team</p>${BODY}${BODY}</article>`),
    ).toEqual(['the Valley Desk Team']);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="author-name">Podium Staff</div>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Podium Staff']);
    // A person anywhere in the byline sources wins over the team.
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p>By the Valley Desk Team</p>${BODY}${BODY}<p>Written by Jane Marsh</p></article>`,
      ),
    ).toEqual(['Jane Marsh']);
  });

  it('reads "Written by" and "Author:" lines away from the headline', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<p>Written by <a href="https://x.example/u">Paul Givens</a></p></article>`,
      ),
    ).toEqual(['Paul Givens']);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}<div><strong>Contributors:</strong> Janet Lowry</div></article>`,
      ),
    ).toEqual(['Janet Lowry']);
  });

  it('reads the German author label in its gendered forms', () => {
    const page = (line: string): readonly string[] =>
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}${BODY}${line}</article>`);
    expect(page('<ul><li><strong>Autorin/Autor</strong> Roman Goncharenko</li></ul>')).toEqual([
      'Roman Goncharenko',
    ]);
    expect(page('<p><span>Autor*in</span> <a href="/x">Lena Vogt</a></p>')).toEqual(['Lena Vogt']);
    expect(page('<p><span>Autor/innen:</span></p><p>Lena Vogt und Jonas Berg</p>')).toEqual([
      'Lena Vogt',
      'Jonas Berg',
    ]);
  });

  it('does not take the editor the page credits as "Editor :" for the writer JSON-LD should name', () => {
    const head = `<script type="application/ld+json">${JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'Water tariffs rise',
      author: { '@type': 'Person', name: 'Heryadi' },
    })}</script>`;
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="info"><div class="author-2">Naufal Zuhdi</div><span>20/1/2026 18:30</span></div>${BODY}${BODY}<p>Editor : <a class="author" href="/author/112/heryadi">Heryadi</a></p></article>`,
        head,
      ),
    ).toEqual(['Naufal Zuhdi']);
    // Credited as editor and named nowhere else as writer: still the declared author.
    expect(
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}<p>Editor: Heryadi</p></article>`, head),
    ).toEqual(['Heryadi']);
  });

  it('does not take a meta author that is the site name when the page names a person', () => {
    const head =
      '<meta name="author" content="Newsexample"><meta property="og:site_name" content="Newsexample">';
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/author/spencer-mack/">Spencer Mack</a></p></article>`,
        head,
      ),
    ).toEqual(['Spencer Mack']);
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual([
      'Newsexample',
    ]);
  });

  it('reads a bold lead line above the first paragraph as the byline, over the site or an account as author', () => {
    const ld = (author: string): string =>
      `<meta property="og:site_name" content="Valley Times"><script type="application/ld+json">${JSON.stringify(
        {
          '@type': 'NewsArticle',
          headline: 'Water tariffs rise',
          author: JSON.parse(author) as unknown,
        },
      )}</script>`;
    const lead = (line: string): string =>
      `<article><h1>Water tariffs rise</h1><p><strong>${line}</strong></p>${BODY}${BODY}</article>`;
    // The site's name declared as a Person.
    expect(authorsOf(lead('Mohloai Mpesi'), ld('{"@type":"Person","name":"Valley Times"}'))).toEqual([
      'Mohloai Mpesi',
    ]);
    expect(authorsOf(lead('Mathatisi Sebusi/Mohalenyane Phakela'), ld('{"name":"Valley Times"}'))).toEqual([
      'Mathatisi Sebusi',
      'Mohalenyane Phakela',
    ]);
    // A CMS account: a Person whose profile is /author/admin/, also printed in the "By" line.
    const account = ld('{"@type":"Person","name":"Valley D","url":"https://valley.example/author/admin/"}');
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p>by Valley D</p><p><strong>MTHOBISI SITHOLE</strong></p>${BODY}${BODY}</article>`,
        account,
      ),
    ).toEqual(['MTHOBISI SITHOLE']);
    // With no other byline the account is still the author, and a writer declared by name wins.
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, account)).toEqual([
      'Valley D',
    ]);
    expect(authorsOf(lead('Mohloai Mpesi'), ld('{"@type":"Person","name":"Jane Marsh"}'))).toEqual([
      'Jane Marsh',
    ]);
    // A bold label is no name, nor is a bold line inside the story.
    expect(authorsOf(lead('Lecture with Remote Instruction'))).toEqual([]);
    expect(authorsOf(lead('Schedule'))).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}<p><strong>Mohloai Mpesi</strong></p>${BODY}</article>`,
      ),
    ).toEqual([]);
  });

  it('reads the author from the "Written by" card of twitter:label/twitter:data pairs', () => {
    const head =
      '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Nadia Osei"><meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual([
      'Nadia Osei',
    ]);
    const other =
      '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, other)).toEqual([]);
  });

  it('takes the interviewer of a Q&A as its author, not a name the questions mention', () => {
    const body = `<article><h1>Water tariffs rise</h1><p>Interview by</p><p><a href="https://x.example/i/ada-ng">Ada Ng</a></p><h2>The Fifth Pipe</h2><p>by Tom Reed</p>${BODY}${BODY}</article>`;
    expect(authorsOf(body)).toEqual(['Ada Ng']);
  });

  it('reads every citation_author of a scholarly page', () => {
    const head =
      '<meta name="citation_author" content="Aditi Rao"><meta name="citation_author" content="Pradeep Iyer">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual([
      'Aditi Rao',
      'Pradeep Iyer',
    ]);
  });

  it('reads a citation_author written family name first as one person', () => {
    const head =
      '<meta name="citation_author" content="Kaufman, Jeff T."><meta name="citation_author" content="Roy, Aniruddha">';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual([
      'Jeff T. Kaufman',
      'Aniruddha Roy',
    ]);
  });

  it('ignores interface labels, comment headers and reviewer credits in byline markup', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p class="byline">Contact Us</p>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p>Get Started Free</p><p>Dec 17, 2025</p>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p class="byline">Medically reviewed by Robert Tan</p>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}<div class="comment"><span class="comment-author">Lori Camp says</span></div></article>`,
      ),
    ).toEqual([]);
  });

  it('takes a name printed beside the date under the headline', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Julian K. Arni']);
  });

  it('reads the name from a meta bar that also holds the date', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p>Aaron Rico | Senior Writer | July 2, 2025</p>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Aaron Rico']);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div>Dec. 19, 2025 · Niko Mattis on behalf of <a href="/t">the council</a></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Niko Mattis']);
  });
});

describe('syndicated stories', () => {
  it('do not take the source publication the story names for an author', () => {
    const head = '<meta name="author" content="Jane Marsh, Valley Courier">';
    const note = '<p>This article was originally published by Valley Courier. Read the original article.</p>';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${note}</article>`, head)).toEqual([
      'Jane Marsh',
    ]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}<p>First published in The Valley Courier.</p></article>`,
        head,
      ),
    ).toEqual(['Jane Marsh']);
    // The phrase before a lower-case word names no publication: "jane marsh" is not set aside as one.
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}<p>The sketch was first published by jane marsh and friends.</p></article>`,
        '<meta name="author" content="Jane Marsh">',
      ),
    ).toEqual(['Jane Marsh']);
    // Without the note, the meta names two authors.
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, head)).toEqual([
      'Jane Marsh',
      'Valley Courier',
    ]);
  });
});

describe('reporter-title bylines (Korean, Chinese, Japanese)', () => {
  it('read the name beside the reporter title, without capitals to go by', () => {
    expect(cleanAuthorNames('박지훈 기자 jhpark@hanbit-ilbo.example')).toEqual(['박지훈']);
    expect(cleanAuthorNames('신현주 기자', true)).toEqual(['신현주']);
    expect(cleanAuthorNames('순천, 광양 구현모 기자')).toEqual(['구현모']);
    expect(cleanAuthorNames('김민수 특파원')).toEqual(['김민수']);
    expect(cleanAuthorNames('本报记者 王小明 李华')).toEqual(['王小明', '李华']);
    expect(cleanAuthorNames('记者：陈静')).toEqual(['陈静']);
    expect(cleanAuthorNames('松岡大地記者')).toEqual(['松岡大地']);
    expect(cleanAuthorNames('大渡 美咲 記者')).toEqual(['大渡 美咲']);
  });

  it('read the names after a Chinese, Japanese or Korean writer label', () => {
    expect(cleanAuthorNames('作者：王小明')).toEqual(['王小明']);
    expect(cleanAuthorNames('文/王小明')).toEqual(['王小明']);
    expect(cleanAuthorNames('撰文 | 李华、王小明')).toEqual(['李华', '王小明']);
    expect(cleanAuthorNames('筆者：山田太郎')).toEqual(['山田太郎']);
    expect(cleanAuthorNames('글=홍길동')).toEqual(['홍길동']);
    // A sentence that opens with the same characters is no byline.
    expect(cleanAuthorNames('文化部长王小明说')).toEqual([]);
    const page = `<!doctype html><html lang="zh"><head><title>滨江市地铁五号线今日开通运营</title></head><body><article><h1>滨江市地铁五号线今日开通运营</h1><p>作者：王小明</p><p>${'滨江市地铁五号线今天上午正式开通运营，全长二十五公里，设车站十八座，连接城市东部和西部的主要居住区与商业区。'.repeat(3)}</p><p>${'市民纷纷前来体验，地铁公司表示，开通初期每五分钟一班，高峰时段将加密至三分钟一班，并视客流情况调整运营时间。'.repeat(3)}</p></article></body></html>`;
    const a = extractArticles({ body: page, contentType: 'text/html', url: 'https://news.example/a/1' })
      .articles[0]!;
    expect(a.authors).toEqual(['王小明']);
    expect(a.text).not.toContain('作者');
  });

  it('split a declared list of names at the ideographic, full-width and Arabic commas', () => {
    expect(cleanAuthorNames('山田太郎、鈴木花子', true)).toEqual(['山田太郎', '鈴木花子']);
    expect(cleanAuthorNames('王小明，李华', true)).toEqual(['王小明', '李华']);
    expect(cleanAuthorNames('سارة المنصوري، أحمد علي', true)).toEqual(['سارة المنصوري', 'أحمد علي']);
    const head = `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Water tariffs rise","author":{"@type":"Person","name":"山田太郎、鈴木花子"}}</script>`;
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}</article>`, head)).toEqual([
      '山田太郎',
      '鈴木花子',
    ]);
  });

  it('read a name after "by" in Thai, Arabic and Hebrew, scripts without capitals', () => {
    expect(cleanAuthorNames('โดย สมชาย ใจดี')).toEqual(['สมชาย ใจดี']);
    expect(cleanAuthorNames('بقلم سارة المنصوري')).toEqual(['سارة المنصوري']);
    expect(cleanAuthorNames('מאת דנה לוי')).toEqual(['דנה לוי']);
    // Without a space after it, โดย opens Thai prose ("โดยมี…", with…).
    expect(cleanAuthorNames('โดยมีประชาชนมาร่วมทดลองใช้บริการ')).toEqual([]);
    expect(cleanAuthorNames('โดย Somchai 2025')).toEqual([]);
  });

  it('leave prose that only mentions reporters alone', () => {
    expect(reporterBylineNames('장 대표가 7일 신년 기자회견에서 쇄신안을 제시했다')).toBeUndefined();
    expect(reporterBylineNames('逮捕を受けて同医大は13日、記者会見を開いた。')).toBeUndefined();
    expect(reporterBylineNames('시 관계자는 현장을 찾은 많은 시민과 여러 언론사의 기자')).toBeUndefined();
    expect(cleanAuthorNames('기자')).toEqual([]);
  });

  it('name the reporter of a byline box and drop the closing reporter line from the text', () => {
    const page = `<!doctype html><html lang="ko"><head><title>저상버스 도입</title></head><body><article><h1>저상버스 도입</h1><div class="writer">이수진 기자</div>
<p>한빛시가 2027년까지 시내버스 전 노선을 계단이 없는 저상버스로 바꾼다고 7일 밝혔다. 현재 시내버스 620대 가운데 저상버스는 310대로 절반 수준이다.</p>
<p>시는 올해 120대, 내년 110대, 2027년 80대를 차례로 교체할 계획이다. 교체되는 버스는 모두 전기버스로, 차량 한 대당 구입비의 일부를 국비와 시비로 지원한다.</p>
<p>이수진 기자 sjlee@news.example</p></article></body></html>`;
    const [article] = extractArticles({ body: page, contentType: 'text/html' }).articles;
    expect(article!.authors).toEqual(['이수진']);
    expect(article!.text).not.toContain('기자');
  });

  it('name the reporter of a closing line when the page has no other byline', () => {
    const page = `<!doctype html><html lang="ko"><head><title>저상버스 도입</title></head><body><article><h1>저상버스 도입</h1>
<p>한빛시가 2027년까지 시내버스 전 노선을 계단이 없는 저상버스로 바꾼다고 7일 밝혔다. 현재 시내버스 620대 가운데 저상버스는 310대로 절반 수준이다.</p>
<p>시는 올해 120대, 내년 110대, 2027년 80대를 차례로 교체할 계획이다. 교체되는 버스는 모두 전기버스로, 차량 한 대당 구입비의 일부를 국비와 시비로 지원한다.</p>
<p>이수진 기자 sjlee@news.example</p></article></body></html>`;
    const [article] = extractArticles({ body: page, contentType: 'text/html' }).articles;
    expect(article!.authors).toEqual(['이수진']);
    expect(article!.provenance.authors?.source).toBe('text:reporter-line');
    expect(article!.text).not.toContain('기자');
  });

  it('does not take an account or role filled into the author field for a person', () => {
    expect(cleanAuthorNames('NOC Admin', true)).toEqual([]);
    expect(cleanAuthorNames('Site Administrator', true)).toEqual([]);
    expect(cleanAuthorNames('webmaster2', true)).toEqual([]);
    expect(cleanAuthorNames('Adam Minton', true)).toEqual(['Adam Minton']);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}${BODY}<p><a href="/author/david-gracey/">David Gracey</a></p></article>`,
        '<meta name="author" content="NOC Admin">',
      ),
    ).toEqual(['David Gracey']);
  });

  it('keeps an organisation declared as author as one name', () => {
    const ld = (name: string): string =>
      `<script type="application/ld+json">{"@type":"BlogPosting","headline":"Water tariffs rise","author":{"@type":"Organization","name":"${name}"}}</script>`;
    expect(
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, ld('Morgan &amp; Morgan')),
    ).toEqual(['Morgan & Morgan']);
    expect(
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`, ld('Smith and Jones LLP')),
    ).toEqual(['Smith and Jones LLP']);
  });

  it('does not read a tag or category link in the byline as the author', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="post-byline"><a class="tag" href="/blog/tag/personal-finance">Personal finance</a></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><h4>By</h4><div><a href="/wedding-checklists/" rel="tag">Wedding Checklists</a></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="post-topic"><a href="/blog/?content_topic=906" class="author-link">HR Strategy</a></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    // A name is still read when the tag link only spells another label.
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="post-byline">Isabel Haas</div><a href="/blog/tag/personal-finance">Personal finance</a>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Isabel Haas']);
  });

  it('drops a writer label with its colon and reads an image credit as no author', () => {
    expect(cleanAuthorNames('Текст: Венера Ерофеева')).toEqual(['Венера Ерофеева']);
    expect(cleanAuthorNames('Authors: Julie Weisenhorn and Natalie Hoidal')).toEqual([
      'Julie Weisenhorn',
      'Natalie Hoidal',
    ]);
    expect(cleanAuthorNames('Autor: Jan Kowalski', true)).toEqual(['Jan Kowalski']);
    expect(cleanAuthorNames('Image: Getty Images', true)).toEqual([]);
    expect(cleanAuthorNames('Photo: Jane Marsh')).toEqual([]);
    expect(cleanAuthorNames('Textor Smith')).toEqual(['Textor Smith']);
  });

  it('reads a byline under the headline opened by a writer label of another language', () => {
    for (const [line, name] of [
      ['<p>Yazar: Ali Veli</p>', 'Ali Veli'],
      ['<p><span>Penulis:</span> <a href="/p/budi">Budi Santoso</a></p>', 'Budi Santoso'],
      ['<p>Συντάκτης: Γιώργος Παπαδόπουλος</p>', 'Γιώργος Παπαδόπουλος'],
    ])
      expect(authorsOf(`<article><h1>Water tariffs rise</h1>${line}${BODY}${BODY}</article>`)).toEqual([
        name,
      ]);
  });

  it('drops the writer labels of other languages and reads their photo credits as no author', () => {
    expect(cleanAuthorNames('Yazar: Ali Veli')).toEqual(['Ali Veli']);
    expect(cleanAuthorNames('Penulis: Budi Santoso')).toEqual(['Budi Santoso']);
    expect(cleanAuthorNames('Szerző: Kovács Péter')).toEqual(['Kovács Péter']);
    expect(cleanAuthorNames('Författare: Anna Lind')).toEqual(['Anna Lind']);
    expect(cleanAuthorNames('Συντάκτης: Γιώργος Παπαδόπουλος')).toEqual(['Γιώργος Παπαδόπουλος']);
    expect(cleanAuthorNames('Reporter: Budi Santoso')).toEqual(['Budi Santoso']);
    expect(cleanAuthorNames('Foto: Max Muster')).toEqual([]);
    expect(cleanAuthorNames('Bild: Max Muster', true)).toEqual([]);
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="byline">Yazar: Ali Veli</div>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Ali Veli']);
  });

  it('reads a name a byline box prints twice once', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div class="author"><p class="sr-only">Yucy</p><p class="name">Yucy</p></div>${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Yucy']);
    expect(cleanAuthorNames('Jane Doe Jane Doe')).toEqual(['Jane Doe']);
    expect(cleanAuthorNames('Jane Doe Doe')).toEqual(['Jane Doe Doe']);
  });

  it('does not name the commenters of a comment section from their microdata', () => {
    const comment = (name: string): string =>
      `<li class="comment"><div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">${name}</span></div><p>Great read, thanks.</p></li>`;
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Carlos Nadalim</span></div>${BODY}${BODY}</article><section id="comments" class="comments"><ol>${comment('Karol')}${comment('Lilian')}</ol></section>`,
      ),
    ).toEqual(['Carlos Nadalim']);
  });

  it('does not read the heading of an author box ("Author Spotlight") as a byline', () => {
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${BODY}${BODY}<h2>Author Spotlight</h2><p>Meet the people who write for us.</p></article>`,
      ),
    ).toEqual([]);
    expect(
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}<h2>Author Jane Marsh</h2></article>`),
    ).toEqual(['Jane Marsh']);
  });

  it('reads "Von:" and other languages\' "by" with a colon as a byline label', () => {
    const page = (label: string): readonly string[] =>
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p class="meta"><span class="meta-by">${label} </span><a href="/autoren/6601/">Nadja Zinsmeister</a></p>${BODY}${BODY}</article>`,
        '<meta name="author" content="dpa">',
      );
    expect(page('Von:')).toEqual(['Nadja Zinsmeister']);
    expect(page('Par :')).toEqual(['Nadja Zinsmeister']);
    expect(page('Por:')).toEqual(['Nadja Zinsmeister']);
    // Without its colon the word is not a label ("di", "door", "af" are everyday words).
    expect(page('Door')).toEqual(['dpa']);
  });

  it('reads an agency the JSON-LD declares as author organisation and the byline prints, over the site as meta author', () => {
    const head = (author: string): string =>
      `<meta name="author" content="Stuttgarter Zeitung"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Water tariffs rise","author":[{"@type":"Organization","name":"${author}"}],"publisher":{"@type":"Organization","name":"Stuttgarter Zeitung"}}</script>`;
    const page = (byline: string, author = 'dpa'): readonly string[] =>
      authorsOf(
        `<article><h1>Water tariffs rise</h1><div itemprop="author" class="author-wrap">${byline}</div>${BODY}${BODY}</article><aside class="most-read"><div class="appetizer-author">Von Knut Krohn</div></aside>`,
        head(author),
      );
    expect(page('dpa')).toEqual(['dpa']);
    expect(page('Von dpa')).toEqual(['dpa']);
    // Printed but not declared, or declared but not printed: the meta author as before.
    expect(page('dpa', 'AFP')).toEqual(['Stuttgarter Zeitung']);
    expect(page('Stuttgart')).toEqual(['Stuttgarter Zeitung']);
  });

  it('reads an acronym standing alone after "By" as the agency credited', () => {
    const page = (byline: string): readonly string[] =>
      authorsOf(
        `<article><h1>Water tariffs rise</h1><p class="text-sm">${byline} in <a href="/news/news">News</a>, <a href="/news/business">Business</a> <span>31 Jan 2025, 20:02</span></p>${BODY}${BODY}</article>`,
      );
    expect(page('By TPN,')).toEqual(['TPN']);
    expect(page('By Jane Marsh,')).toEqual(['Jane Marsh']);
    expect(cleanAuthorNames('By AP')).toEqual(['AP']);
    // Without "By" a lone short capitalised word is a label (a time zone after the date), not a name.
    expect(cleanAuthorNames('IST')).toEqual([]);
    expect(cleanAuthorNames('Jane Marsh, IST')).toEqual(['Jane Marsh']);
  });

  it("splits two names joined by the page's own word for 'and', and only in that language", () => {
    expect(cleanAuthorNames('Ana Ruiz y Pablo Gil', { language: 'es' })).toEqual(['Ana Ruiz', 'Pablo Gil']);
    expect(cleanAuthorNames('Anna Berg og Tom Lie', { lenient: true, language: 'nb' })).toEqual([
      'Anna Berg',
      'Tom Lie',
    ]);
    expect(cleanAuthorNames('Marta Nowak i Jan Kowalski', { language: 'pl' })).toEqual([
      'Marta Nowak',
      'Jan Kowalski',
    ]);
    // One man's name, and a word of another language.
    expect(cleanAuthorNames('José Ortega y Gasset', { language: 'es' })).toEqual(['José Ortega y Gasset']);
    expect(cleanAuthorNames('Anna Berg og Tom Lie', { lenient: true, language: 'en' })).toEqual([
      'Anna Berg og Tom Lie',
    ]);
    const spanish = `<p>El ayuntamiento aprobó el lunes una subida de las tarifas del agua del cuatro por ciento a partir de enero, por el coste de sustituir las tuberías.</p>
<p>Los agricultores del valle dicen que la helada tardía dañó hasta un tercio de la flor del manzano, y esperan una cosecha más pequeña y precios más altos este otoño.</p>`;
    const page = `<!doctype html><html lang="es"><head><title>Suben las tarifas del agua</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Suben las tarifas del agua","author":{"@type":"Person","name":"Ana Ruiz y Pablo Gil"}}</script></head><body><article><h1>Suben las tarifas del agua</h1>${spanish}${spanish}</article></body></html>`;
    expect(
      extractArticles({ body: page, contentType: 'text/html', url: 'https://noticias.example/a' })
        .articles[0]!.authors,
    ).toEqual(['Ana Ruiz', 'Pablo Gil']);
  });

  it('reads Indonesian and Malay "Oleh" ("by") as a byline label, only on a page in those languages', () => {
    const indonesian = `<p>Dewan pengelola air daerah sepakat pada hari Senin untuk menaikkan tarif sebesar empat persen mulai Januari, karena biaya untuk mengganti pipa yang sudah dipasang lebih dari enam puluh tahun yang lalu.</p>
<p>Para petani di lembah itu mengatakan bahwa embun beku yang datang terlambat telah merusak sepertiga bunga apel, dan mereka memperkirakan panen yang lebih kecil dengan harga yang lebih tinggi.</p>`;
    const page = (lang: string, byline: string, body = indonesian): readonly string[] =>
      extractArticles({
        body: `<!doctype html><html lang="${lang}"><head><title>Tarif air naik</title></head><body><article><h1>Tarif air naik</h1>${byline}${body}${body}</article></body></html>`,
        contentType: 'text/html',
        url: 'https://berita.example/a',
      }).articles[0]!.authors;
    expect(page('id', '<p>Oleh Budi Santoso</p>')).toEqual(['Budi Santoso']);
    expect(page('ms', '<div class="byline">Oleh: Siti Aminah</div>')).toEqual(['Siti Aminah']);
    expect(page('id', '<p><span>Oleh</span> <a href="/penulis/budi">Budi Santoso</a></p>')).toEqual([
      'Budi Santoso',
    ]);
    expect(cleanAuthorNames('Oleh Budi Santoso dan Siti Aminah', { language: 'id' })).toEqual([
      'Budi Santoso',
      'Siti Aminah',
    ]);
    // "Oleh karena itu" ("therefore") opens no byline; elsewhere Oleh is a given name (Ukrainian).
    expect(cleanAuthorNames('Oleh karena itu', { language: 'id' })).toEqual([]);
    expect(
      page(
        'id',
        '<p>Oleh karena itu warga diminta hemat air</p><div class="meta"><p>Oleh</p><p>Budi Santoso</p></div>',
      ),
    ).toEqual(['Budi Santoso']);
    expect(cleanAuthorNames('Oleh Sentsov', { language: 'en' })).toEqual(['Oleh Sentsov']);
    expect(cleanAuthorNames('Oleh Sentsov')).toEqual(['Oleh Sentsov']);
    expect(page('en', '<div class="byline">Oleh Sentsov</div>', BODY)).toEqual(['Oleh Sentsov']);
  });

  it('reads the "Oleh" label in any letter case, the name still capitalised (anyCase, as every byline word)', () => {
    expect(cleanAuthorNames('OLEH Budi Santoso', { language: 'id' })).toEqual(['Budi Santoso']);
    expect(cleanAuthorNames('oleh: Siti Aminah', { language: 'ms' })).toEqual(['Siti Aminah']);
    // Mixed case was not one of the three spellings listed before.
    expect(cleanAuthorNames('OLeh Budi Santoso', { language: 'id' })).toEqual(['Budi Santoso']);
    expect(cleanAuthorNames('OLEH karena itu', { language: 'id' })).toEqual([]);
  });

  it("joins names a byline links one by one with the page's own word for 'and'", () => {
    const norwegian = `<p>Kommunestyret vedtok mandag å øke vannavgiften med fire prosent fra januar, fordi de gamle rørene under sentrum må skiftes ut i løpet av de neste årene.</p>
<p>Bøndene i dalen sier at den sene frosten ødela opptil en tredjedel av epleblomstene, og de venter en mindre avling og høyere priser til høsten.</p>`;
    const page = (lang: string, joiner: string): readonly string[] =>
      extractArticles({
        body: `<!doctype html><html lang="${lang}"><head><title>Vannavgiften øker</title></head><body><article><h1>Vannavgiften øker</h1><p><span>Av:</span> <a href="/people/anna-berg">Anna Berg</a> ${joiner} <a href="/people/tom-lie">Tom Lie</a></p>${norwegian}${norwegian}</article></body></html>`,
        contentType: 'text/html',
        url: 'https://avis.example/a',
      }).articles[0]!.authors;
    expect(page('nb', 'og')).toEqual(['Anna Berg', 'Tom Lie']);
    expect(page('nb', 'and')).toEqual(['Anna Berg', 'Tom Lie']);
  });

  it("reads the microdata authors of a grid of teaser cards last, as other stories' authors", () => {
    const card = (n: number): string =>
      `<div class="grid-post" itemscope itemtype="https://schema.org/BlogPosting"><div itemscope itemprop="author" itemtype="https://schema.org/Person"><meta itemprop="name" content="Marie Stafford"></div><h3><a href="/post-${n}">Tip ${n} for the week ahead</a></h3></div>`;
    const grid = `<div class="post-grid" itemscope itemtype="https://schema.org/Blog">${card(1)}${card(2)}${card(3)}</div>`;
    const meta = '<div class="meta"><span>Jane Marsh</span> · <span>March 3, 2025</span></div>';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${meta}${BODY}${BODY}${grid}</article>`)).toEqual([
      'Jane Marsh',
    ]);
    // The only name the page gives.
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}${grid}</article>`)).toEqual([
      'Marie Stafford',
    ]);
    // One item is the story's own microdata, read as before.
    expect(
      authorsOf(
        `<article itemscope itemtype="https://schema.org/BlogPosting"><h1>Water tariffs rise</h1><div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Tom Baker</span></div>${meta}${BODY}${BODY}</article>`,
      ),
    ).toEqual(['Tom Baker']);
  });

  it('reads the writer an author box introduces when nothing else names one', () => {
    const box = (name: string, text: string): string =>
      `<div class="callout"><h3>${name}</h3><p>${text}</p></div>`;
    const page = (boxes: string): readonly string[] =>
      authorsOf(`<article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>${boxes}`);
    expect(page(box('Alban Brooke', 'Alban Brooke is the Head of Marketing at Buzzsprout.'))).toEqual([
      'Alban Brooke',
    ]);
    // Several such boxes are a list of people; a heading the text does not open with is a section.
    expect(
      page(
        box('Alban Brooke', 'Alban Brooke is the Head of Marketing.') +
          box('Kevin Finn', 'Kevin Finn is the host of Buzzcast.'),
      ),
    ).toEqual([]);
    expect(page(box('Water Board', 'The water board meets on Mondays.'))).toEqual([]);
    expect(page(box('Alban Brooke', 'Alban Brooke Foundation grants'))).toEqual([]);
  });
  it('reads a name beside the date under the headline on English pages only', () => {
    const meta = '<div class="meta"><span>Jane Marsh</span> · <span>March 3, 2025</span></div>';
    expect(authorsOf(`<article><h1>Water tariffs rise</h1>${meta}${BODY}${BODY}</article>`)).toEqual([
      'Jane Marsh',
    ]);
    // Above the headline the date sits beside navigation, not the byline.
    expect(
      authorsOf(
        `<div class="top"><span>May 20, 2025</span> · <a href="/insights/">All Insights</a></div><article><h1>Water tariffs rise</h1>${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
    // German capitalises every noun: capitalised words beside the date are no evidence of a name.
    const german = `<p>Der Gemeinderat hat am Montag beschlossen, die Wassergebühren ab Januar um vier Prozent zu erhöhen, weil die alten Leitungen unter der Altstadt ersetzt werden müssen.</p>
<p>Die Bauern im Tal sagen, dass der späte Frost bis zu einem Drittel der Apfelblüten beschädigt hat, und sie erwarten eine kleinere Ernte und höhere Preise im Herbst.</p>`;
    expect(
      extractArticles({
        body: `<!doctype html><html lang="de"><head><title>Wassergebühren steigen</title></head><body><article><h1>Wassergebühren steigen</h1><div class="meta"><span>Neue Regeln</span> · <span>3. März 2025</span></div>${german}${german}</article></body></html>`,
        contentType: 'text/html',
        url: 'https://zeitung.example/a',
      }).articles[0]!.authors,
    ).toEqual([]);
  });
  it('reads each item of a list under a byline label as one author', () => {
    const box = (list: string): string => `<div class="hero-metadata"><h6>Author(s)</h6>${list}</div>`;
    const li = (name: string): string =>
      `<li><a href="/library/?_author=${encodeURIComponent(name)}">${name}</a></li>`;
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${box(`<ul>${li('John A. Alic')}${li('David C. Mowery')}${li('Edward S. Rubin')}</ul>`)}${BODY}${BODY}</article>`,
      ),
    ).toEqual(['John A. Alic', 'David C. Mowery', 'Edward S. Rubin']);
    // A long list under the label is a directory of people, not a byline.
    const many = [
      'Ann Lee',
      'Bo Kim',
      'Cy Diaz',
      'Di Fox',
      'Ed Hart',
      'Flo Ray',
      'Gus Tan',
      'Hal Roe',
      'Ida Moss',
    ];
    expect(
      authorsOf(
        `<article><h1>Water tariffs rise</h1>${box(`<ul>${many.map(li).join('')}</ul>`)}${BODY}${BODY}</article>`,
      ),
    ).toEqual([]);
  });
});
