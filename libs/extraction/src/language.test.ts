import { describe, expect, it } from 'vitest';
import { detectLanguage, languageEvidence } from './language.js';
import { resolveLanguage } from './metadata.js';

/** isiZulu news prose (corpus page news-zu-ilanga, ilanganews.co.za): a language the stop-word lists do not hold. */
const ZULU = [
  'Kuthiwaligqinsile imbuzi efile, esiyona-kele emagcekeni aseMabaso High School kubhalwa izivivinyo zikamatikuletsheni ikhansela lendawo okuthiwa lisola lesi sikole ngokufa kwezimbuzi zalo ezingaphezu kuka-70. Kuthiwa ikhansela lendawo, uMnu Mhawukeleni Sokhela, lifike emagcekeneni esikole lithelwe ngezibonkolo, kuthi malimudle limfele uthishanhloko wesikole, uNkk Thabisile Dlamini.',
  'Kuthiwa lisola isikole ngokubulala izimbuzi zalo ezidla intshela ye-rice eziyithola khona. Kubikwa ukuthi ngesonto eledlule uSokhela ungene esikoleni ngemoto kwashunqa izintuli, evutha engabaselwe. Kuvela ukuthi le nkinga yokufa kwezimbuzi zakhe, iqale nyakenye.',
  'Utshele ILANGA ukuthi ufisa ukusizakala kule nkinga ngoba ihlukumeza abafundi nesikole. Uveze ukuthi nyakenye ulubikile lolu daba enduneni, lwaxoxwa emhlanganweni wesigungu sesikole nekhansela. Uthi kulowo mhlangano, induna ifike ihamba nekhansela namadoda amathathu endawo, kwaphethwa ngokuthi isikole yisona esinephutha ngokusho kwenduna. “Udoti wethu siwulahla ngaphakathi esikoleni. Uma singasavumelekile ukulahla ukudla kwethu komnyango wezemfundo ngaphakathi emagcekeni esikole, sekumele senzenjani? Uma inkomo ishayiswe yimoto ngaphandle emgwaqweni, kufanele kusolwe umnikazi wemoto noma umnikazi wezinkomo ohluleka wukwelusa imfuyo yakhe?',
].join('\n\n');

/** English with few lower-case words: a results table says little about its language, so the page's word stands. */
const BOX_SCORE = Array.from(
  { length: 12 },
  (_, i) =>
    `Palm Bay ${i} d. Rockledge ${70 - i}\n\nPalm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points.`,
).join('\n\n');

const TURKISH =
  'Bakanlık açıklamasında, yeni düzenlemenin önümüzdeki ay yürürlüğe gireceği ve bu kapsamda vatandaşların başvurularını çevrim içi olarak yapabileceği belirtildi. ' +
  'Açıklamada ayrıca, başvuruların değerlendirilmesinin ardından sonuçların kısa sürede ilan edileceği ve itiraz sürecinin de aynı sistem üzerinden yürütüleceği ifade edildi. ' +
  'Uzmanlar ise düzenlemenin özellikle küçük işletmeler için önemli kolaylıklar sağlayacağını, ancak uygulamanın ilk aylarında bazı aksaklıklar yaşanabileceğini vurguladı. ';

describe('language', () => {
  it('names no language for prose in a language it does not list, instead of the nearest listed one', () => {
    expect(languageEvidence(ZULU)).toEqual({ unlisted: true });
    expect(detectLanguage(ZULU)).toBeUndefined();
  });

  it('drops a declared listed language the prose contradicts, keeps a declared unlisted one', () => {
    expect(resolveLanguage('en', ZULU)).toBeUndefined();
    expect(resolveLanguage(undefined, ZULU)).toBeUndefined();
    expect(resolveLanguage('zu', ZULU)).toMatchObject({ language: 'zu', source: 'lang-attribute' });
  });

  it('keeps the declared language of text that is mostly names and numbers', () => {
    expect(languageEvidence(BOX_SCORE)).toBeUndefined();
    expect(resolveLanguage('en', BOX_SCORE)?.language).toBe('en');
  });

  it('still detects a listed language whose function words are suffixes (Turkish)', () => {
    expect(detectLanguage(TURKISH.repeat(3))?.language).toBe('tr');
  });
});
