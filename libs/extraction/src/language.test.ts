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

/** News prose in languages the detector lists since 1.26.0 (one paragraph each; held out from writing the lists). */
const PROSE: Readonly<Record<string, string>> = {
  fi: 'Suomen jalkapallomaajoukkue hävisi lauantaina Tanskalle maalein 1–3, ja sen mahdollisuudet päästä jatkoon heikkenivät selvästi. Päävalmentaja myönsi ottelun jälkeen, että joukkue ei pystynyt pitämään palloa riittävästi toisella puoliajalla. Hänen mukaansa pelaajat tekivät liikaa virheitä omalla puolellaan, mikä johti kahteen maaliin. Seuraava ottelu pelataan tiistaina Helsingissä, jossa Suomen on voitettava, jos se haluaa pitää toiveet elossa. Lippuja on vielä jäljellä, kertoo liitto.',
  hu: 'A magyar labdarúgó-válogatott szombaton kettő–egyre legyőzte Szerbiát, így továbbra is esélye van a továbbjutásra. A szövetségi kapitány a mérkőzés után elmondta, hogy a csapat a második félidőben sokkal jobban játszott, mint az elsőben. Szerinte a játékosok bátrabban vállalták a párharcokat, és ez meghozta az eredményt. A következő meccset kedden játsszák Budapesten, ahol a győzelem a csoportelsőséget is jelentheti. A jegyek nagy része már elkelt.',
  vi: 'Đội tuyển bóng đá Việt Nam đã giành chiến thắng hai không trước Thái Lan trong trận đấu tối thứ Bảy tại sân vận động Mỹ Đình. Huấn luyện viên trưởng cho biết các cầu thủ đã thi đấu rất kỷ luật và tận dụng tốt các cơ hội. Theo ông, hàng phòng ngự là điểm sáng nhất của đội trong trận này. Trận tiếp theo sẽ diễn ra vào thứ Ba tới tại Hà Nội, và người hâm mộ đang rất mong chờ.',
  sk: 'Slovenská futbalová reprezentácia v sobotu zvíťazila nad Maďarskom 2:1 a priblížila sa k postupu na majstrovstvá Európy. Tréner po zápase povedal, že tím hral v druhom polčase oveľa lepšie ako v prvom. Podľa neho hráči ukázali veľké nasadenie a boli trpezliví aj vtedy, keď súper tlačil. Ďalší zápas sa hrá v utorok v Bratislave, kde by výhra znamenala prvé miesto v skupine. Vstupenky sú už takmer vypredané.',
  ca: "La selecció catalana d'hoquei va guanyar dissabte Portugal per tres gols a dos en un partit molt igualat. L'entrenador va explicar després del partit que l'equip havia jugat amb molta intensitat durant tota la segona part. Segons ell, els jugadors van saber patir quan el rival dominava i van aprofitar les poques ocasions que van tenir. El proper partit es jugarà dimarts a Reus, on una victòria els donaria el primer lloc del grup.",
  gl: 'O Celta gañou o sábado ao Deportivo por dous goles a un nun partido moi disputado en Balaídos. O adestrador explicou despois do encontro que o equipo xogou moito mellor na segunda parte ca na primeira. Segundo el, os xogadores amosaron unha gran capacidade de sacrificio e non se renderon nunca. O seguinte partido xogarase o martes en Vigo, e as entradas están practicamente esgotadas.',
  af: "Die Springbokke het Saterdag met 28–20 teen Nieu-Seeland gewen in 'n wedstryd wat tot die laaste minuut spannend was. Die afrigter het ná die wedstryd gesê hy is baie trots op die spelers, want hulle het nooit moed opgegee nie. Volgens hom was die verdediging die rede vir die oorwinning. Die volgende toets word volgende Saterdag in Johannesburg gespeel, en die kaartjies is reeds uitverkoop. Die span sal Maandag weer begin oefen.",
  et: 'Eesti jalgpallikoondis kaotas laupäeval Soomele 0:2 ning võimalused edasipääsuks vähenesid oluliselt. Peatreener tunnistas pärast mängu, et meeskond ei suutnud teisel poolajal palli piisavalt hoida. Tema sõnul tegid mängijad liiga palju vigu oma väljakupoolel, mis viis mõlema väravani. Järgmine mäng toimub teisipäeval Tallinnas ning koondis peab seal kindlasti võitma, kui tahab lootust säilitada.',
  lt: 'Lietuvos krepšinio rinktinė šeštadienį nugalėjo Latviją rezultatu 85:79 ir žengė dar vieną žingsnį link pasaulio čempionato. Treneris po rungtynių sakė, kad komanda antroje pusėje žaidė daug geriau nei pirmoje. Jo teigimu, žaidėjai parodė didelį pasiaukojimą gynyboje, o tai ir nulėmė pergalę. Kitos rungtynės vyks antradienį Kaune, kur pergalė užtikrintų pirmą vietą grupėje. Bilietų beveik nebeliko.',
  lv: 'Latvijas basketbola izlase sestdien ar 82:77 pārspēja Igaunijas komandu un ir spērusi vēl vienu soli tuvāk pasaules čempionātam. Treneris pēc spēles sacīja, ka komanda otrajā puslaikā spēlēja daudz labāk nekā pirmajā. Viņaprāt, spēlētāji aizsardzībā parādīja lielu cīņassparu, un tas arī noteica uzvaru. Nākamā spēle notiks otrdien Rīgā, un biļetes ir gandrīz izpārdotas.',
  sl: 'Slovenska košarkarska reprezentanca je v soboto premagala Hrvaško z 88:80 in se približala uvrstitvi na svetovno prvenstvo. Selektor je po tekmi povedal, da je ekipa v drugem polčasu igrala precej bolje kot v prvem. Po njegovih besedah so igralci pokazali veliko borbenost, kar je bilo ključno za zmago. Naslednja tekma bo v torek v Ljubljani, kjer bi zmaga prinesla prvo mesto v skupini. Vstopnice so že skoraj razprodane.',
  sw: 'Timu ya taifa ya soka ya Tanzania imeifunga Uganda mabao mawili kwa moja katika mchezo uliochezwa jijini Dar es Salaam siku ya Jumamosi. Kocha wa timu hiyo alisema baada ya mchezo kwamba wachezaji wake walicheza kwa nidhamu kubwa na hawakukata tamaa hata walipokuwa nyuma. Kwa mujibu wake, mabadiliko aliyofanya katika kipindi cha pili ndiyo yaliyoleta ushindi. Mchezo unaofuata utachezwa Jumanne mjini Arusha.',
  tl: 'Tinalo ng pambansang koponan ng basketbol ng Pilipinas ang Indonesia sa iskor na 85–70 noong Sabado ng gabi sa Maynila. Sinabi ng coach pagkatapos ng laro na naglaro nang mahusay ang mga manlalaro lalo na sa depensa. Ayon sa kanya, ang pagtutulungan ng buong koponan ang naging susi sa kanilang panalo. Ang susunod na laro ay gaganapin sa Martes sa Cebu, at halos ubos na ang mga tiket.',
  is: 'Íslenska karlalandsliðið í knattspyrnu vann Finnland 2–1 á laugardag og er nú í góðri stöðu í riðlinum. Þjálfarinn sagði eftir leikinn að liðið hefði spilað mun betur í seinni hálfleik en í þeim fyrri. Að hans sögn sýndu leikmennirnir mikla baráttu og gáfust aldrei upp. Næsti leikur fer fram á þriðjudag á Laugardalsvelli og eru miðarnir nánast uppseldir.',
  sq: 'Kombëtarja shqiptare e futbollit fitoi të shtunën ndaj Serbisë me rezultatin 2–1 dhe u afrua më shumë drejt kualifikimit në kampionatin evropian. Trajneri tha pas ndeshjes se skuadra luajti shumë më mirë në pjesën e dytë se në të parën. Sipas tij, lojtarët treguan vullnet të madh dhe nuk u dorëzuan edhe kur kundërshtari ishte në avantazh. Ndeshja e radhës do të luhet të martën në Tiranë.',
  eu: 'Athleticek larunbatean bi eta bat irabazi zion Realari San Mamesen jokatutako derbian. Entrenatzaileak partidaren ondoren esan zuen taldeak askoz hobeto jokatu zuela bigarren zatian lehenengoan baino. Haren esanetan, jokalariek borroka handia erakutsi zuten eta ez ziren inoiz errenditu. Hurrengo partida asteartean jokatuko da Bilbon, eta sarrerak ia agortuta daude.',
  bg: 'Българският национален отбор по футбол победи в събота Румъния с 2:1 и се приближи до класиране за европейското първенство. Селекционерът заяви след мача, че отборът е играл много по-добре през второто полувреме. По думите му футболистите са показали голяма воля и не са се отказали дори когато са изоставали в резултата. Следващият мач ще се играе във вторник в София, където победа ще осигури първото място в групата.',
  mk: 'Македонската фудбалска репрезентација во сабота ја победи Грција со 2:1 и се приближи до пласман на европското првенство. Селекторот по натпреварот изјави дека екипата играше многу подобро во второто полувреме. Според него, играчите покажаа голема борбеност и не се откажаа ниту кога противникот притискаше. Следниот натпревар ќе се игра во вторник во Скопје, каде што победата ќе им го донесе првото место во групата.',
  sr: 'Фудбалска репрезентација Србије победила је у суботу Норвешку са 2:1 и приближила се пласману на европско првенство. Селектор је после утакмице рекао да је тим у другом полувремену играо много боље него у првом. Према његовим речима, играчи су током целе утакмице показали велику борбеност. Следећа утакмица игра се у уторак у Београду, где ће победа донети прво место у групи. Улазнице су скоро распродате.',
  fa: 'تیم ملی فوتبال ایران روز شنبه در یک بازی دوستانه با نتیجه دو بر یک از سد ازبکستان گذشت. سرمربی تیم پس از بازی گفت که بازیکنان در نیمه دوم بسیار بهتر از نیمه اول بازی کردند. به گفته او، تغییرات تاکتیکی پس از استراحت کلید این پیروزی بود. بازی بعدی تیم روز سه‌شنبه در ورزشگاه آزادی برگزار می‌شود و بلیت‌های آن تقریباً تمام شده است.',
  ur: 'پاکستان کی کرکٹ ٹیم نے ہفتے کے روز سری لنکا کو پانچ وکٹوں سے شکست دے دی۔ کپتان نے میچ کے بعد کہا کہ کھلاڑیوں نے بہت محنت کی اور آخری اوور تک ہمت نہیں ہاری۔ ان کے مطابق بولرز کی عمدہ کارکردگی جیت کی اصل وجہ تھی۔ اگلا میچ منگل کو لاہور میں کھیلا جائے گا اور اس کے ٹکٹ تقریباً فروخت ہو چکے ہیں۔',
  ar: 'فاز المنتخب المغربي لكرة القدم مساء السبت على نظيره التونسي بهدفين مقابل هدف واحد في مباراة ودية أقيمت في الرباط. وقال مدرب الفريق بعد المباراة إن اللاعبين قدموا أداء جيدا في الشوط الثاني وأظهروا روحا قتالية عالية. وأضاف أن التغييرات التي أجراها بين الشوطين كانت مفتاح الفوز. وستقام المباراة المقبلة يوم الثلاثاء في الدار البيضاء.',
  mr: 'भारतीय क्रिकेट संघाने शनिवारी ऑस्ट्रेलियावर पाच गडी राखून विजय मिळवला. सामन्यानंतर कर्णधाराने सांगितले की खेळाडूंनी शेवटपर्यंत हार मानली नाही आणि त्यामुळेच हा विजय शक्य झाला. त्यांच्या मते गोलंदाजांची कामगिरी हे या विजयाचे मुख्य कारण आहे. पुढील सामना मंगळवारी मुंबईत होणार आहे आणि त्याची तिकिटे जवळपास संपली आहेत.',
  ne: 'नेपाली राष्ट्रिय फुटबल टोलीले शनिबार भुटानलाई दुई–एकले पराजित गरेको छ। खेलपछि प्रशिक्षकले खेलाडीहरूले अन्तिमसम्म हार नमानेको र त्यसैले जित सम्भव भएको बताए। उनका अनुसार दोस्रो हाफमा गरिएको परिवर्तन नै जितको मुख्य कारण हो। अर्को खेल मंगलबार काठमाडौंमा हुनेछ र टिकट लगभग सकिएको छ।',
  hi: 'भारतीय क्रिकेट टीम ने शनिवार को ऑस्ट्रेलिया को पांच विकेट से हरा दिया। मैच के बाद कप्तान ने कहा कि खिलाड़ियों ने आखिरी ओवर तक हार नहीं मानी और इसी वजह से यह जीत संभव हुई। उनके अनुसार गेंदबाजों का प्रदर्शन इस जीत का सबसे बड़ा कारण है। अगला मैच मंगलवार को मुंबई में खेला जाएगा और इसके टिकट लगभग बिक चुके हैं।',
};

/** Kazakh (Cyrillic letters no listed language uses) and Pashto (Arabic script, letters Persian and Urdu lack). */
const KAZAKH =
  'Қазақстан футбол құрамасы сенбі күні Әзербайжан командасын екі бір есебімен жеңді. Бас бапкер ойыннан кейін командасының екінші таймда әлдеқайда жақсы ойнағанын айтты. Оның айтуынша, ойыншылар соңғы минутқа дейін жеңіске деген құлшыныс танытты. Келесі ойын сейсенбі күні Астанада өтеді және билеттердің көбі сатылып кетті.';
const PASHTO =
  'د افغانستان د کرکټ ملي ټیم د شنبې په ورځ بنګله دیش ته په پنځو ویکټونو ماته ورکړه. د ټیم کپتان د لوبې وروسته وویل چې لوبغاړو تر وروستي اوور پورې هڅه وکړه او هیڅکله یې هیله له لاسه ورنکړه. د هغه په وینا، د بالرانو ښه لوبه د دې بریا اصلي لامل و. راتلونکې لوبه به د سه شنبې په ورځ په کابل کې ترسره شي.';
const INDONESIAN =
  'Tim nasional sepak bola Indonesia mengalahkan Vietnam dengan skor dua satu dalam pertandingan kualifikasi di Stadion Gelora Bung Karno, Jakarta, Sabtu malam. Pelatih mengatakan bahwa para pemain sudah bermain dengan disiplin tinggi dan tidak mudah menyerah meskipun sempat tertinggal. Menurutnya, pergantian pemain pada babak kedua menjadi kunci kemenangan karena lini tengah menjadi lebih kuat. Pertandingan berikutnya akan digelar pada hari Selasa di Surabaya.';
const MALAY =
  'Pasukan bola sepak kebangsaan menewaskan Thailand dua gol berbalas satu dalam perlawanan persahabatan di Stadium Nasional Bukit Jalil malam tadi. Jurulatih pasukan berkata para pemain telah menunjukkan semangat yang tinggi walaupun mereka ketinggalan pada babak pertama. Menurut beliau, perubahan taktikal selepas rehat adalah kunci kemenangan tersebut. Perlawanan seterusnya akan diadakan pada hari Selasa dan tiket boleh dibeli secara dalam talian kerana kaunter akan ditutup.';

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
  it.each(Object.entries(PROSE))('names %s prose', (language, text) => {
    expect(detectLanguage(text)?.language).toBe(language);
  });

  it('tells close relatives apart instead of naming the better-known one', () => {
    // Before 1.26.0: Galician was pt, Afrikaans nl, Slovak cs, Catalan es, Bulgarian ru, Persian and Urdu ar.
    expect(detectLanguage(INDONESIAN)?.language).toBe('id');
    expect(detectLanguage(MALAY)?.language).toBe('ms');
    expect(detectLanguage(PROSE.gl!)?.language).not.toBe('pt');
    expect(detectLanguage(PROSE.af!)?.language).not.toBe('nl');
    expect(detectLanguage(PROSE.bg!)?.language).not.toBe('ru');
    expect(detectLanguage(PROSE.fa!)?.language).not.toBe('ar');
  });

  it('names no language for scripts whose letters belong to a language it does not list', () => {
    expect(languageEvidence(KAZAKH)).toEqual({ unlisted: true });
    expect(languageEvidence(PASHTO)).toEqual({ unlisted: true });
  });

  it('names no language for a short snippet', () => {
    expect(detectLanguage('Der Bundestag hat heute abgestimmt.')).toBeUndefined();
    expect(detectLanguage('Helsingin kaupunginvaltuusto hyväksyi')).toBeUndefined();
  });

  it('names the language of the prose when it quotes another language or script', () => {
    const english =
      'The minister said on Tuesday that the plan would be put to a vote before the end of the year, and that ' +
      'the opposition had been consulted. ';
    const quote = '„Wir werden das nicht hinnehmen“, sagte der Sprecher. ';
    expect(detectLanguage(english.repeat(4) + quote)?.language).toBe('en');
    expect(detectLanguage(english.repeat(4) + 'بسم الله الرحمن الرحيم ')?.language).toBe('en');
    expect(detectLanguage(PROSE.vi! + ' Kyiv, Ukraine (AP) — ')?.language).toBe('vi');
  });

  it('an unsure call between relatives confirms a declared language but names none alone', () => {
    // Bosnian-like text: Croatian and Serbian words in one paragraph.
    const mixed = `Utakmica je bila teška, ali je tim posle odmora igrao bolje. Gdje je bio problem, pre svega u odbrani, trener je rekao da će ga riješiti prije sljedeće utakmice. Igrači su bili umorni, ali su se borili do kraja, i to je ono što je važno za ekipu i za navijače koji su došli.`;
    const evidence = languageEvidence(mixed);
    expect(evidence && 'language' in evidence && evidence.confidence).toBeLessThan(0.5);
    expect(detectLanguage(mixed)).toBeUndefined();
    expect(resolveLanguage('hr', mixed)?.language).toBe('hr');
    expect(resolveLanguage(undefined, mixed)).toBeUndefined();
  });

  it('stays linear on a megabyte of one word and on mixed scripts', () => {
    const word = 'a'.repeat(1_000_000);
    expect(languageEvidence(word)).toBeUndefined();
    const mixedScripts = 'Сьогодні العربية 日本語 ελληνικά हिन्दी '.repeat(30_000);
    expect(() => languageEvidence(mixedScripts)).not.toThrow();
  });
});
