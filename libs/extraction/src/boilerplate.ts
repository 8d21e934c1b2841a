/**
 * Text- and attribute-level signals of page furniture, shared by the HTML and plain-text paths.
 * Patterns describe classes of furniture (widgets, prompts, teasers), never one site's wording.
 */

import { anyCase } from './any-case.js';
import { reporterBylineNames } from './authors.js';

/**
 * class/id words of blocks that are never article text (comment systems, share bars, prompts, recirculation,
 * calls to action: `cta`, `post-cta`, `rich-text-cta__btn` — a sales box set into the story).
 * Matched as substrings of the lower-cased `class id` string, like Readability's `unlikelyCandidates`.
 */
export const HARD_JUNK_ATTR_RE =
  /(?:^|[\s_-])(?:comments?|commentlist|disqus|wpdiscuz|wpd-|fb-comments|respond|reply|replies|share|sharing|sharedaddy|social|sociable|addtoany|a2a|newsletter|subscribe|subscription|signup|sign-up|sign-in|signin|register|registration|cookie|consent|gdpr|cmp|related|recommend\w*|more-stories|read-?more|readnext|read-next|outbrain|taboola|zergnet|trending|most-?popular|popular-posts|author-?bio|about-?author|author-?box|author-info|bio-?box|breadcrumbs?|pagination|pager|paywall|promo|cta|call-?to-?action|sponsor\w*|advert\w*|ads?|ad-\w+|adsense|dfp|banner|modal|popup|overlay|skip-link|screen-reader|sr-only|visually-?hidden|print-only|post-?navigation|nav-links|jp-relatedposts|yarpp|tag-?list|tag-?cloud|post-?tags|entry-?tags|article-?tags|cat-links|byline|dateline|timestamp|post-?meta|entry-?meta|article-?meta|meta-?data|caption-credit|credits?|rating|reactions|toolbar|tools|menu|navbar|nav|masthead|site-?header|site-?footer|footer|sidebar|widget-area|widgets|secondary|rail|aside|login|account|search)(?=$|[\s_-])/;

/** Words that only mark junk as a whole class token (`tags`, `categories`), not as a slug prefix (`tag-best-crms`). */
export const WHOLE_TOKEN_JUNK_RE = /(?:^|\s)(?:tags|tag|categories|category|widget|keywords|topics)(?=$|\s)/;

/** Junk words that mark discussion threads: never rescued even when they hold most of the page's prose. */
export const COMMENT_ATTR_RE =
  /(?:^|[\s_-])(?:comments?|commentlist|disqus|wpdiscuz|wpd-|fb-comments|respond|reply|replies)(?=$|[\s_-])/;

/**
 * A pop-up dialog by class or id ("You're leaving our website", sign-in and offer pop-ups): the class token
 * `modal`/`popup` itself (Bootstrap's `modal fade`), or an id that starts with the word (`modal_2110a1e7-…`).
 * Tokens that only mention it (`modal-enabled` on a story that opens images in one, `modal-trigger`) do not.
 */
export const DIALOG_CLASS_RE = /(?:^|\s)(?:modal|popup)(?=$|\s)/;
export const DIALOG_ID_RE = /^(?:modal|popup)(?=$|[_-])/;

/** Words that mark a block as a content container even when a junk word is also present ("article-share" is junk, "article-content" not). */
export const POSITIVE_ATTR_RE =
  /(?:^|[\s_-])(?:article-?body|articlebody|article-?content|article-?text|entry-?content|post-?content|post-?body|post-?entry|story-?body|story-?content|main-?content|content-?body|body-?text|blog-?post|td-post-content|rich-?text|prose|(?:social-?media|social|twitter|tweet|instagram|tiktok)-?embed|embed-?(?:twitter|tweet|instagram|tiktok))(?=$|[\s_-])/;

/** Caption and photo-credit containers: benchmark truths and readers treat them as not article text. */
export const CAPTION_ATTR_RE =
  /(?:^|[\s_-])(?:caption|captions|wp-caption-text|figcaption|image-credit|photo-credit|media-caption|img-caption)(?=$|[\s_-])/;

/** Readability-style weights for candidate scoring. */
export const NEGATIVE_WEIGHT_RE =
  /hidden|banner|combx|comment|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|nav|menu|teaser|card/;
export const POSITIVE_WEIGHT_RE =
  /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose/;

/** Short standalone lines that are UI labels (buttons, widget headers), not prose. */
export const UI_LABEL_RE =
  /^(?:(?:advertisement|advertising|advert|ad|anzeige|werbung|publicidad|publicité|pubblicità|reclame|advertentie|iklan|reklam|reklama|reklame|mainos|διαφήμιση|реклама)(?:\s*[-–—:]\s*(?:(?:page|story|article|text|content) continues below|scroll (?:down )?to continue|weiterlesen nach der anzeige|der artikel geht (?:unten )?weiter))?|(?:(?:estimated )?(?:reading|read) time|tempo de leitura|lesezeit|temps de lecture|tiempo de lectura|tempo di lettura|leestijd|czas czytania|время чтения)\s*:?\s*(?:about |approx\.? |ca\.? )?\d+\s*\S*|\d+\s*min\.?\s*(?:lesezeit|read(?:ing)? time|de lecture|de leitura|de lectura|di lettura|leestijd)|[\d.,]+[kKmM]?\s*(?:views|aufrufe|vues|visualizaciones|visualizações|visualizzazioni)|this slideshow requires javascript|cook mode|prevent (?:your )?screen from (?:going dark|turning off|sleeping).*|[x×✕✖]|tell us what you think|javascript is (?:disabled|required).*|please enable javascript.*|sponsored(?: content)?|report|share|share (?:this|on|via)\b.*|tweet|pin|email|e-mail|print|reply|like|follow|subscribe|sign up|log ?in|register|menu|search|close|skip to (?:main )?content|back to top|top|loading\.*|show more|show less|see more|view (?:all )?comments|read more|continue reading|load more|related|related (?:articles|posts|stories|content)|you (?:may|might) (?:also )?like|page \d+ of \d+|sign me up|be the first to know|jump to (?:the )?(?:recipe|list|content|video)|(?:[^|·•]{1,60}[|·•] ?)?\d+ min(?:ute)?s? read(?: time)?|read the (?:full )?review|get the free [\w-]+|sponsor this newsletter|recommended(?: for you)?|more from .{1,40}|trending(?: now)?|most (?:read|popular|viewed)|popular (?:posts|stories)|tags?|categories|filed under:?.*|posted in:?.*|image|photo|video|map|(?:view|open) (?:on |in )?(?:the )?map|listen|watch|copy link|link copied|guest|notify of|inline feedbacks|something went wrong.*|você pode gostar|leia também|veja também|lee también|lire aussi|à lire aussi|auch interessant|mehr zum thema|leggi anche|lees ook|more in .{1,40}|more on .{1,40}|popular (?:on|at) .{1,40}|more stories|latest news|breaking news|editor'?s picks|story continues below(?: advertisement)?)\s*[:.!…]*$/i;

/**
 * UI labels of {@link UI_LABEL_RE} in the other languages of the news, as whole lines: read more ("Weiterlesen",
 * "Lire la suite", "Czytaj więcej", "Читать далее"), share ("Teilen", "Partager", "Condividi"), print
 * ("Drucken", "Imprimer"), close ("Schließen", "Fermer"), back to top ("Nach oben", "Haut de page"), skip to
 * content ("Zum Inhalt springen") and show more ("Mehr anzeigen", "Voir plus").
 */
export const UI_LABEL_I18N_RE =
  /^(?:weiterlesen|mehr lesen|artikel lesen|lire la suite|lire plus|en savoir plus|leer más|seguir leyendo|leggi di più|leggi tutto|continua a leggere|leia mais|continue lendo|saiba mais|lees meer|verder lezen|czytaj więcej|czytaj dalej|читать далее|читать дальше|подробнее|läs mer|les mer|læs mere|lue lisää|devamını oku|číst dále|teilen|artikel teilen|partager|compartir|condividi|compartilhar|partilhar|udostępnij|поделиться|dela|jaa|paylaş|sdílet|drucken|imprimer|imprimir|stampa|afdrukken|drukuj|печать|skriv ut|schließen|fermer|cerrar|chiudi|fechar|sluiten|zamknij|закрыть|stäng|lukk|sulje|kapat|nach oben|zurück nach oben|haut de page|retour en haut|volver arriba|torna su|voltar ao topo|naar boven|do góry|наверх|till toppen|til toppen|zum inhalt springen|aller au contenu|ir al contenido|vai al contenuto|mehr anzeigen|weniger anzeigen|afficher plus|voir plus|mostrar más|ver más|mostra di più|mostrar mais|ver mais|meer tonen|toon meer|pokaż więcej|показать ещё|показать еще|visa mer|vis mer|näytä lisää|daha fazla göster)\s*[:.!…»›>]*$/iu;

/** A media player's position and length, "00:00 / 03:15", "1:02:10 / 1:45:00": its controls, not text. */
export const PLAYER_TIME_RE = /^\d{1,2}:\d{2}(?::\d{2})?\s*\/\s*\d{1,2}:\d{2}(?::\d{2})?$/;

/** Lines of comment widgets (wpDiscuz, Disqus, Blogger, Facebook, WordPress core). */
export const COMMENT_WIDGET_RE =
  /^(?:what do you think\??|leave a (?:reply|comment)|post a comment|add a comment|join the (?:discussion|conversation)|\d+\s+comments?:?|no comments:?|(?:be the first to|you must be logged in to) (?:comment|post a comment)\.?|comments? (?:are )?closed\.?|subscribe|notify of|guest|\d*\s*inline feedbacks?|view all comments|oldest|newest|most voted|load more comments|note: only a member of this blog may post a comment\.?|newer post|older post|home|subscribe to: post comments \(atom\)|post comments \(atom\)|comments? powered by .*|sort by.{0,20}|facebook comments plugin|add a comment\.\.\.|comment as:?.*|show \d+ more comments?)$/i;

/**
 * Headings that open the page furniture after a story: author/reviewer boxes, recirculation, comments,
 * in the languages of the dev sets and their neighbours. Matched on short heading-like lines only.
 */
export const TAIL_SECTION_RE =
  /^(?:about the (?:authors?|reviewers?|writers?|contributors?|experts?)|about (?:us|me)|meet the (?:author|team)|author bio|more about the author|related (?:articles?|posts?|stories|content|news)|you (?:may|might) also (?:like|enjoy|be interested in)|more (?:stories|articles|posts|news) (?:from|like this)\b.*|more great .{1,30}(?:stories|articles|reads)|recommended (?:for you|articles|stories|posts)|keep reading|up next|what to read next|recent (?:posts|articles|stories)|latest (?:posts|articles|stories)|popular (?:posts|articles|stories)|most (?:read|popular|viewed)|comments?|\d+ comments?|(?:leave|post|add) a (?:reply|comment)|join the (?:discussion|conversation)|über (?:den|die) (?:autor|autorin)|über uns|das könnte sie auch interessieren|weitere artikel|verwandte artikel|ähnliche artikel|kommentare|à propos de l'auteur|articles similaires|sur le même sujet|commentaires|sobre (?:el|la|o|a) autora?|artículos relacionados|noticias relacionadas|te puede interesar|comentarios|articoli correlati|potrebbe interessarti|commenti|artigos relacionados|comentários|gerelateerde artikelen|reacties|over de auteur)\s*[:.!…]*$/i;
/** Tail-section headings are short. */
export const TAIL_SECTION_MAX_CHARS = 60;

/** Editorial disclaimers that sites append to every column. */
export const DISCLAIMER_RE =
  /\b(?:views|opinions)(?:,? (?:views|opinions|statements))*(?:,)? (?:and|or) (?:opinions|views|statements) expressed\b|\bdo(?:es)? not necessarily (?:represent|reflect)\b.{0,80}\b(?:views|opinions|position)|\bdoes not give (?:financial|investment|medical|legal) advice\b/i;

/**
 * Legal disclaimers under a story: "for informational purposes only", "does not constitute financial advice",
 * "do not provide tax, legal or accounting advice", and the risk warning investment advisers must print ("Past
 * performance is no guarantee of future returns. Investing involves risk…"). A news sentence may quote such
 * words, so the caller only drops a block that is labelled a disclaimer or stands in the story's second half.
 */
export const LEGAL_DISCLAIMER_RE =
  /\bpast performance (?:is no guarantee|is not (?:a guarantee|indicative|an indication)|does not guarantee)\b|\binvesting involves risks?\b|\bfor (?:general )?(?:informational|educational)(?: and (?:informational|educational))? purposes(?: only)?\b|\bnot (?:constitute |(?:intended|meant) to (?:be|constitute|provide) |a substitute for |provide )?(?:professional |personali[sz]ed )?(?:(?:legal|tax|financial|investment|medical|accounting)(?:,? (?:or |and )?)?)+(?:any other (?:sort|kind|form) of )?advice\b/i;
/** "Disclaimer:", "Legal notice:" */
export const DISCLAIMER_LABEL_RE =
  /^(?:disclaimer|legal (?:notice|disclaimer)|important (?:notice|information))\s*:/i;
/** Disclaimers run to a paragraph at most. */
export const LEGAL_DISCLAIMER_MAX_CHARS = 1000;

/**
 * Affiliate disclosures: the site earns from what the reader buys through its links ("If you purchase
 * something through one of those links I may receive a small commission", "As an Amazon Associate I earn
 * from qualifying purchases", "BGR may receive a commission on orders placed through this article"). A
 * story about affiliate marketing says the same words without the links, so both parts are asked.
 */
export function isAffiliateDisclosure(text: string): boolean {
  return AFFILIATE_EARNING_RE.test(text) && AFFILIATE_LINK_RE.test(text);
}
const AFFILIATE_EARNING_RE =
  /\b(?:earns?|receives?|gets?|makes?)\b[^.!?]{0,40}?\b(?:commissions?|compensation|percentage of|share of (?:the )?(?:sales?|revenue))\b|\bfrom qualifying purchases\b/i;
const AFFILIATE_LINK_RE =
  /\blinks?\b|\bif you (?:click|buy|purchase|make a purchase|shop|choose to)\b|\b(?:purchases?|orders?) (?:made |placed )?through\b|\bqualifying purchases\b/i;

/** Teaser kickers that introduce links to other stories. */
export const TEASER_KICKER_RE =
  /^(?:must (?:watch|read|see)|watch|read (?:more|also|next)|also read|see also|related|recommended|don'?t miss|more|trending|popular|editor'?s picks?|you (?:may|might) also like)\s*[:|»›>-]\s*\S/i;

/**
 * The lead-in of a related-posts list whose links were dropped: "If you liked this post you might also
 * like:", "You may also enjoy". A short block that is only that phrase (the kicker form with a headline
 * after it is {@link TEASER_KICKER_RE}).
 */
export const RELATED_LEAD_RE =
  /^(?:if you (?:liked|enjoyed) this (?:post|article|story|piece)[,.]?\s+)?you (?:may|might) also (?:like|enjoy)\s*[:.…]?$/i;

/**
 * Cookie / newsletter / paywall prompts (sentence-level; only applied to short blocks). A prompt that prose
 * can say too keeps a prompt's shape: "Already have an account?" is asked (or is the whole line, a button's
 * "I already have an account") and a plea opens its sentence ("Please spread the word!", "Help us spread
 * the word"): "If you already have an account with a bank, …" and "Use these tools to help spread the word."
 * are a story's sentences.
 */
export const PROMPT_RE =
  /\b(?:we use cookies|^follow [^.!?]{1,60} on (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|bluesky|google news|whatsapp|telegram)\b|^have a (?:news )?tip\b|^(?:like|enjoy(?:ed)?) this (?:story|article|post)\? (?:share|subscribe|sign up)|this (?:site|website) uses cookies|accept (?:all )?cookies|cookie (?:policy|settings)|sign up for (?:our|the) (?:\w+ )?newsletters?|subscribe to (?:our|the) (?:\w+ )?newsletters?|get (?:our|the) (?:\w+ )?newsletters?|enter your email|by signing up,? you agree|already (?:have an account|a subscriber)(?=\?|\s*[.!]?$)|subscribe (?:now|today) (?:for|to)|click here to subscribe|follow us on|folgen sie uns (?:auf|bei)|folgt uns auf|suivez[- ]nous sur|síguenos en|seguici su|siga-nos n[oa]|segue-nos n[oa]|volg ons op|obserwuj nas (?:na|w)|följ oss på|følg oss på|følg os på|ikuti (?:kami|saluran|whatsapp channel)|berita dan artikel (?:yg|yang) lain di google news|share this (?:article|story|post)|all rights reserved|©\s*\d{4}|copyright\s*©?\s*\d{4}|this (?:document|article|material) is subject to copyright|no part (?:of this [a-z]+ )?may be reproduced|click here to (?:subscribe|sign up|turn on|get|receive|download|read)|turn on (?:desktop |browser )?notifications|get (?:breaking|the latest) news (?:alerts|in your)|download (?:our|the) (?:\w+ )?app|subscribe to get\b|(?:delivered|texted|sent) (?:straight |right )?to your (?:inbox|phone)|sign up now (?:for|to)|be the first to know|exclusive to [\w+ ]{1,30} subscribers|leave a (?:star )?rating|join (?:our|the) (?:mailing|e-?mail) list|join \w+ for free|(?:^|[.!?]\s+)(?:please )?(?:help (?:me |us )?)?(?:tell your friends|spread the word)\b|funded by readers|please (?:consider )?(?:supporting|sharing|liking|subscribing|share (?:it|this)|support us|subscribe)|pin (?:it )?for later|as an amazon associate|contains? affiliate links|affiliate links? (?:on|in) (?:this|some|our)|earn (?:a )?(?:small )?(?:commission|from qualifying purchases)|we may (?:be compensated|earn (?:a )?(?:small )?commission)|supported by commissions)\b/i;

/** Tail bylines: "Written by Jane Doe", "Posted by David at December 16, 2025 11:15 AM". */
export const BYLINE_LINE_RE =
  /^(?:[Ww]ritten|[Pp]osted|[Rr]eviewed|[Ee]dited|[Ff]act[- ]checked|[Mm]edically reviewed) by\s+\p{Lu}[^.!?]{0,80}$/u;

const AGENCIES =
  '(?:getty images|afp(?: via getty images)?|ap(?: photo)?|reuters|shutterstock|istock(?:photo)?|epa(?:-efe)?|alamy|bloomberg|xinhua|anadolu(?: agency)?)';
/**
 * Photo credits naming an agency after a slash or bar ("Sakib Ali/Hindustan Times/Getty Images"), or first,
 * before the photographer ("Getty Images / Holger Leue", "Shutterstock | Jane Doe").
 */
export const AGENCY_CREDIT_RE = new RegExp(`[/|]\\s*${AGENCIES}\\s*$|^${AGENCIES}\\s*[/|]\\s*\\S`, 'i');
/** Agency credits are a name or two and the agency. */
export const AGENCY_CREDIT_MAX_CHARS = 80;
/** Wire-story trailers: "(Reporting by …; Editing by …)". */
export const WIRE_TRAILER_RE = /^\(?(?:reporting|additional reporting|writing|editing) by\b[^()]*\)?$/i;

/** Reviewer and editor credits: "Medically reviewed by …, MD, Editor in Chief, …", "Edited by: …". */
export const CREDIT_LINE_RE =
  /^(?:medically |clinically |expert )?(?:reviewed|edited|fact[- ]?checked)(?: and (?:reviewed|edited|fact[- ]?checked))? by\b/i;
/**
 * The editor credit closing Chinese and Japanese stories: "（责任编辑：陈静）", "責任編輯：王小明", "编辑 李华",
 * "（編集：山田太郎）": the counterpart of "Edited by". Han names only, so a sentence about editors stays.
 */
export const CJK_EDITOR_LINE_RE =
  /^[（(【[]?\s*(?:责任编辑|責任編輯|责编|編集|编辑|編輯|校对|審校)\s*[：:]?\s*\p{Script=Han}{2,4}(?:[\s、，,]+\p{Script=Han}{2,4}){0,3}\s*[）)】\]]?$/u;
/** Credit lines list names and titles, a sentence or two at most. */
export const CREDIT_LINE_MAX_CHARS = 250;

/** Byline remnants: only punctuation and at most two joining words ("in ,", "by |", "— ,"). */
export const REMNANT_RE = /^(?:(?:in|by|on|at|and|posted|filed|under|from|\|)\s*)*[\s,;:|·•/\\—–-]*$/i;

/** Calls to action: short buttons and banners selling something next to the story. */
export const CTA_RE =
  /^(?:get started(?: for free| today| now)?|start (?:your |a )?free trial|try (?:it )?(?:for )?free|request a (?:quote|demo|consultation|call)|book a (?:demo|call|consultation)|schedule a (?:demo|call|consultation)|talk to (?:our|an|a) (?:experts?|specialists?|team)|contact us(?: today| now)?|get a (?:free )?(?:quote|estimate|demo)|join (?:our|the) (?:mailing list|newsletter|community|[\w-]+ group)|join our [\w ]{1,30}newsletter|sign up(?: for free| now| today)?|log ?in|download (?:now|free|the app)|learn more|shop now|buy now|order now|apply now|enroll now|see (?:pricing|plans))\b[^.]{0,60}[.!]?$/i;
/** "Call us at (919) 277-0150 or fill out this form…", "Have a tip? Text us on +44 20 7946 0958": contact prompts. */
export const PHONE_CTA_RE =
  /\b(?:call|text|phone|ring|reach|contact) us\b[^.!?]{0,30}?\+?\(?\d[\d\s().-]{6,}\d/i;
/** Short CTA blocks only; a sentence that merely starts with "Learn more about…" and goes on is prose. */
export const CTA_MAX_CHARS = 90;

/** "Jane Doe is a freelance writer…": the author-bio box's opening sentence. */
export const AUTHOR_BIO_RE =
  /^(?:about the author:?\s*)?\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){0,3} (?:is|has been) (?:an?|the|our) (?:[\p{L}-]+ ){0,5}(?:writer|journalist|editor|reporter|contributor|author|blogger|copywriter|columnist|correspondent|content creator|content strategist|freelancer)\b/u;
/** "Hi, I'm Jessica! Welcome to…": a blogger's self-introduction box; story text when it opens the page, a bio after it. */
export const GREETING_BIO_RE = new RegExp(
  String.raw`^${anyCase('(?:hey|hi|hello)(?: there)?')}[,!]?\s+${anyCase("(?:i'm|i’m|i am|my name is)")}\s+\p{Lu}`,
  'u',
);
/** Bios are a few sentences long. */
export const AUTHOR_BIO_MAX_CHARS = 500;

/**
 * A short block opening with the copyright sign is a rights notice or a picture credit ("© RIPRODUZIONE
 * RISERVATA", "© Reuters"), in any language; story sentences do not start with it.
 */
export const COPYRIGHT_MARK_RE = /^©/;

/** True when a short block (≤ {@link SHORT_BLOCK_CHARS}) is obvious page furniture. */
export function isFurnitureText(text: string): boolean {
  const t = text.trim();
  if (t.length === 0) return true;
  if (REMNANT_RE.test(t) && /[,;:|·•/\\—–-]/.test(t)) return true;
  if (t.length <= SHORT_BLOCK_CHARS) {
    if (
      UI_LABEL_RE.test(t) ||
      UI_LABEL_I18N_RE.test(t) ||
      PLAYER_TIME_RE.test(t) ||
      COMMENT_WIDGET_RE.test(t) ||
      TEASER_KICKER_RE.test(t) ||
      RELATED_LEAD_RE.test(t)
    )
      return true;
  }
  if (t.length <= CTA_MAX_CHARS && CTA_RE.test(t)) return true;
  if (t.length <= PROMPT_BLOCK_CHARS && PHONE_CTA_RE.test(t)) return true;
  if (t.length <= SHORT_BLOCK_CHARS && (BYLINE_LINE_RE.test(t) || COPYRIGHT_MARK_RE.test(t))) return true;
  // "박지훈 기자 jhpark@…", "记者 王小明": a byline line, in the header or closing the story.
  if (reporterBylineNames(t)) return true;
  if (isRemainderNotice(t)) return true;
  if (
    t.length <= CREDIT_LINE_MAX_CHARS &&
    (CREDIT_LINE_RE.test(t) || WIRE_TRAILER_RE.test(t) || CJK_EDITOR_LINE_RE.test(t))
  )
    return true;
  if (t.length <= AGENCY_CREDIT_MAX_CHARS && AGENCY_CREDIT_RE.test(t)) return true;
  if (t.length <= PROMPT_BLOCK_CHARS && PROMPT_RE.test(t)) return true;
  if (t.length <= PROMPT_BLOCK_CHARS * 2 && DISCLAIMER_RE.test(t)) return true;
  return false;
}

/**
 * A paywall's "how much is left" notice closing a teaser: "Pozostało jeszcze 89% artykułu" (89 % of the
 * article remains), "You have 75% of this article left to read". It is short, gives a share of 1–99 % and
 * names the article, in the words of the languages the extractor meets most; a percentage in a short
 * block alone is a table cell or a statistic.
 */
const REMAINDER_PERCENT_RE = /(?:^|[^\d.,])[1-9]\d?\s?%/;
const ARTICLE_WORD_RE =
  /(?:^|[^\p{L}])(?:articles?|artykuł\p{L}*|artikel\p{L}*|artícul\p{L}*|articol\p{L}*|artig\p{L}*|стать\p{L}*|makale\p{L}*)(?=$|[^\p{L}])/iu;
export const REMAINDER_NOTICE_MAX_CHARS = 80;

export function isRemainderNotice(text: string): boolean {
  const t = text.trim();
  return t.length <= REMAINDER_NOTICE_MAX_CHARS && REMAINDER_PERCENT_RE.test(t) && ARTICLE_WORD_RE.test(t);
}

/** Furniture lines are short: a prose sentence that merely starts with "Share" is kept. */
export const SHORT_BLOCK_CHARS = 120;
/** Prompts (cookie, newsletter) are one or two sentences; longer blocks mentioning cookies are prose. */
export const PROMPT_BLOCK_CHARS = 220;
