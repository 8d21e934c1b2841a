import { describe, expect, it } from 'vitest';
import { isFurnitureText, isRemainderNotice } from './boilerplate.js';

describe('furniture lines in Chinese, Japanese and Korean', () => {
  it('drop the editor credit closing a Chinese or Japanese story', () => {
    for (const line of [
      '（责任编辑：陈静）',
      '責任編輯：王小明',
      '编辑 李华、张伟',
      '（編集：山田太郎）',
      '[责编:刘洋]',
    ])
      expect(isFurnitureText(line)).toBe(true);
  });

  it('keep sentences that mention editors', () => {
    expect(isFurnitureText('责任编辑陈静表示，五号线开通后客流将明显增加。')).toBe(false);
    expect(isFurnitureText('编辑部')).toBe(false);
  });

  it('bound the reporter check before any regex: a 1 MB block without spaces is not scanned for e-mail addresses', () => {
    // EMAIL_RE backtracks over a run without spaces: quadratic, minutes for this block before the bound.
    expect(isFurnitureText('x'.repeat(1_000_000))).toBe(false);
  });

  it('drop a reporter byline line, keep prose about a press conference', () => {
    expect(isFurnitureText('박지훈 기자 jhpark@hanbit-ilbo.example')).toBe(true);
    expect(isFurnitureText('记者 王小明')).toBe(true);
    expect(isFurnitureText('장 대표가 7일 신년 기자회견에서 쇄신안을 제시했다')).toBe(false);
  });
});

describe('paywall remainder notices', () => {
  it('need a share and a word for the article', () => {
    expect(isRemainderNotice('Pozostało jeszcze 89% artykułu')).toBe(true);
    expect(isRemainderNotice('Sie haben 80 % des Artikels noch vor sich')).toBe(true);
    expect(isRemainderNotice('45% Off 65" LG 4K Smart HDTV, Now $549')).toBe(false);
    expect(isRemainderNotice('Acceptance Rate: 30%')).toBe(false);
    expect(isRemainderNotice('100% of the article')).toBe(false);
  });
});

describe('closing prompts', () => {
  it('drop a newsletter prompt in the plural and a related-posts lead-in whose list is gone', () => {
    expect(
      isFurnitureText(
        'Our website is your destination for up-to-the-minute news, so make sure to bookmark our homepage and sign up for our newsletters so we can keep you informed.',
      ),
    ).toBe(true);
    expect(isFurnitureText('If you liked this post you might also like:')).toBe(true);
    expect(isFurnitureText('You may also enjoy')).toBe(true);
    expect(isFurnitureText('Critics say you might also like the sequel, which opens in March.')).toBe(false);
  });

  it("need a prompt's shape where prose says the same words: asked, a whole line, or a plea opening its sentence", () => {
    expect(isFurnitureText('Already have an account? Log in')).toBe(true);
    expect(isFurnitureText('I already have an account')).toBe(true);
    expect(isFurnitureText('Note: Already a subscriber? Want to add a subscription?')).toBe(true);
    expect(isFurnitureText('Enjoyed it? Please spread the word!')).toBe(true);
    expect(isFurnitureText('Tell your friends about us.')).toBe(true);
    expect(isFurnitureText('Help me spread the word about this podcast!')).toBe(true);
    // WCXB 0179 and 0251: a tax guide's and a health agency's sentences.
    expect(
      isFurnitureText(
        'If you already have an account with a bank or credit union, make sure you have your information ready.',
      ),
    ).toBe(false);
    expect(
      isFurnitureText(
        'View educational resources on the important ways to maintain good oral health. Use these free outreach tools to help spread the word.',
      ),
    ).toBe(false);
  });
});

describe('post-meta lines', () => {
  it('drop reading-time and view-count lines in any of their common forms', () => {
    for (const line of [
      'Reading Time: 8 minutes',
      'Read time: 14 min',
      'Estimated reading time: about 5 minutes',
      '4 min read time',
      '3 Min Lesezeit',
      '1,693 views',
      '12K views',
    ])
      expect(isFurnitureText(line)).toBe(true);
  });

  it('keep sentences that mention reading time or views', () => {
    for (const line of [
      'Reading time is a poor measure of engagement, the study found.',
      'The trailer passed 1,693 views within an hour.',
      'Views from the summit stretch 40 miles.',
    ])
      expect(isFurnitureText(line)).toBe(false);
  });
});

describe('widget text and credits', () => {
  it('drop ad-slot labels in more languages and with their "continues below" tail', () => {
    for (const line of [
      'REKLAM',
      'Reklama',
      'Advertisement - Page continues below',
      'Anzeige: Der Artikel geht unten weiter',
    ])
      expect(isFurnitureText(line)).toBe(true);
    for (const line of ['Advertisement budgets continue to rise', 'Reklam yasakları genişliyor'])
      expect(isFurnitureText(line)).toBe(false);
  });

  it("drop a close button's glyph, a recipe's cook-mode toggle and agency-first photo credits", () => {
    for (const line of [
      'X',
      '×',
      'Cook Mode',
      'Prevent your screen from going dark as you follow along.',
      'Getty Images / Holger Leue',
      'Shutterstock | Jane Doe',
      'Sakib Ali/Hindustan Times/Getty Images',
    ])
      expect(isFurnitureText(line)).toBe(true);
  });

  it('keep sentences that open with the same words', () => {
    for (const line of [
      'X marks the spot where the treasure was found.',
      'Getty Images said on Monday it would cut jobs / staff.',
      'Cook mode on the new oven keeps the fan running.',
    ])
      expect(isFurnitureText(line)).toBe(false);
  });
});

describe('UI labels in the languages of the news', () => {
  it('drop read-more, share, print, close, back-to-top and show-more lines, whole lines only', () => {
    for (const line of [
      'Czytaj więcej',
      'Weiterlesen',
      'Lire la suite »',
      'Teilen',
      'Partager',
      'Drucken',
      'Schließen',
      'Nach oben',
      'Zum Inhalt springen',
      'Mehr anzeigen',
      'Читать далее',
    ])
      expect(isFurnitureText(line)).toBe(true);
    expect(isFurnitureText('Weiterlesen lohnt sich: der Bericht nennt alle Kosten.')).toBe(false);
    expect(isFurnitureText('Partager les coûts, une idée qui fait son chemin')).toBe(false);
  });

  it("drop a media player's position and length, keep a time range in a sentence", () => {
    expect(isFurnitureText('00:00 / 03:15')).toBe(true);
    expect(isFurnitureText('1:02:10 / 1:45:00')).toBe(true);
    expect(isFurnitureText('The market opens 09:00 / 17:30 on weekdays.')).toBe(false);
  });

  it('drop a follow-us prompt in the languages of the news', () => {
    for (const line of [
      'Folgen Sie uns auf Facebook und Instagram!',
      'Suivez-nous sur X et Instagram',
      'Síguenos en Telegram',
      'Cek berita dan artikel yg lain di Google News dan ikuti WhatsApp channel mediaindonesia.com',
      'Follow The Herald on Google News',
    ])
      expect(isFurnitureText(line)).toBe(true);
    expect(isFurnitureText('Die Polizei bittet: Folgen Sie den Anweisungen der Einsatzkräfte.')).toBe(false);
  });
});
