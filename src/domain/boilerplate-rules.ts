/**
 * Patterns of page furniture that survives main-text extraction, in English, Russian and Ukrainian
 * (plus common German and French forms). Each rule applies only to paragraphs up to `maxLength`
 * characters, and most are anchored at the start, so that an article sentence that merely mentions
 * "support", "newsletter" or "cookies" is kept. `\b` only knows ASCII word characters, so after a
 * Cyrillic word the end of the word is written `(?![\p{L}\p{N}])`.
 */
export type BoilerplateKind =
  | 'read-more'
  | 'donation'
  | 'newsletter'
  | 'cookie'
  | 'paywall'
  | 'credit'
  | 'byline'
  | 'photo'
  | 'advert'
  | 'meta'
  | 'share'
  | 'prompt';
export type BoilerplateRule = {
  readonly kind: BoilerplateKind;
  readonly pattern: RegExp;
  readonly maxLength: number;
};

/** Kinds whose message often spans several <br>-separated lines and is judged as a whole. */
export const messageKinds: ReadonlySet<BoilerplateKind> = new Set([
  'donation',
  'newsletter',
  'cookie',
  'paywall',
]);

const sentence = 300;
const line = 120;

export const boilerplateRules: readonly BoilerplateRule[] = [
  // Cross-links to other articles.
  {
    kind: 'read-more',
    pattern:
      /^(read|see|watch|listen)( (more|also|next|the full (story|article)|our|the latest|more about))\b|^(more|related)( (stories|articles|coverage|news|on this (story|topic)|from|reading))?\s*[:|»›>]|^(related|recommended|most read|most popular|top stories)\s*(:|$)|^(related|recommended) (stories|articles|content|reading|coverage|posts|links)\b|^(continue reading|more on this story)\b|\byou (may|might) also (like|enjoy|be interested)|\b(könnte|könnten) (dich|sie|euch) auch interessieren/iu,
    maxLength: sentence,
  },
  {
    kind: 'read-more',
    pattern:
      /^(читайте|читать|смотрите|см\.) (также|еще|ещё|тоже|далее|подробнее|больше|по теме)|^(по теме|ещё по теме|еще по теме|подробнее|популярное|самое читаемое)\s*(:|$)/iu,
    maxLength: sentence,
  },
  {
    kind: 'read-more',
    pattern:
      /^(читайте|читати|дивіться|дивись) (також|більше|далі|детальніше)|^(по темі|детальніше|популярне|найпопулярніше|більше новин)\s*(:|$)/iu,
    maxLength: sentence,
  },
  {
    kind: 'read-more',
    pattern:
      /^(lesen sie (auch|mehr|hier)|mehr (zum thema|dazu)|weiterlesen|weiterführende[rn]? links?|auch interessant|ebenfalls interessant|lire aussi|à lire (aussi|également)|voir aussi|lire la suite)\b/iu,
    maxLength: sentence,
  },
  // Pointers to the rest of the story elsewhere: "Подробнее читайте на сайте РИА Новости", "Click here
  // to read the full story", "Follow our live coverage." (alone: "Follow the latest developments:
  // delegations met…" is news).
  {
    kind: 'read-more',
    pattern:
      /^(подробнее|детальніше) (читайте|читати|смотрите|дивіться)(?!\p{L})|^(click|tap) here\b|^follow (our|the) (live (blog|coverage|updates)|latest (updates|news|coverage))( here| on)?\s*[.:!]?\s*$|^for (the latest|more) (updates|news|coverage),? (follow|visit|see|go)\b/iu,
    maxLength: sentence,
  },
  // Spanish, Italian, Portuguese, Turkish, Polish and Arabic cross-links ("Lee también:", "Leggi anche",
  // "Leia mais", "Devamını oku", "Czytaj także", "اقرأ أيضا"), as a label before a colon or alone: "Leer
  // más allá de los titulares…" is prose.
  {
    kind: 'read-more',
    pattern:
      /^(lee (también|tambien|más|mas)|leer más|te puede interesar|(le|les) puede interesar|ver también|leggi (anche|tutto|di più|di piu)|potrebbe interessarti|(leia|veja) (também|tambem|mais)|saiba mais|devamını oku|ayrıca (okuyun|bakınız)|ilginizi çekebilir|czytaj (także|też|więcej|dalej)|zobacz (także|też|więcej)|اقرأ (أيضا|أيضاً|المزيد))\s*([:|»›>]|$)/iu,
    maxLength: sentence,
  },
  // Donation and membership appeals.
  {
    kind: 'donation',
    pattern: /^(dear|to our) readers?\b|^(уважаемые|дорогие) читател|^(шановні|дорогі) читач/iu,
    maxLength: 2000,
  },
  {
    kind: 'donation',
    pattern:
      /^(please )?(support|donate|contribute|chip in|help)( to)? (us|our|independent|(the|this) (guardian|newsroom|project)|today|now)\b|support (independent|quality|our) (journalism|reporting|work)|\b(become|join us as) an? (member|supporter|patron|paying subscriber|donor)\b|\b(on|via|at) patreon\b|patreon\.com/iu,
    maxLength: 600,
  },
  {
    kind: 'donation',
    pattern:
      /(поддержите|поддержать) (нас|наш|редакци|независим|проект|журналист)|(підтримайте|підтримати) (нас|наш|редакці|незалежн|проєкт|проект|журналіст)|(станьте|стать) (нашим )?(спонсором|донатером|донором|патроном|подписчиком)|(станьте|стать) (нашим членом|членом (нашего|клуба|сообщества))/iu,
    maxLength: 600,
  },
  // Newsletter and channel sign-up boxes.
  {
    kind: 'newsletter',
    pattern:
      /^(sign up|subscribe|register|get|receive|join)\b.{0,80}\b(newsletters?|briefing|inbox|email alerts|digest|updates)\b|\b(sign up|subscribe) (for|to) our\b|^newsletters?\b|^(subscribe|join) (to )?(our|us on) (telegram|youtube|whatsapp|channel)|newsletter (abonnieren|bestellen)|abonnez-vous|^start your (day|morning|week) (the right way )?with\b/iu,
    maxLength: sentence,
  },
  {
    kind: 'newsletter',
    pattern:
      /^(подпис(ывайтесь|аться|ывайся|ка)|присоединяйтесь)(?![\p{L}\p{N}]).{0,60}(рассылк|telegram|телеграм|канал|новост|наш|соцсет)|^(підпис(уйтесь|атися|уйся|ка)|приєднуйтесь)(?![\p{L}\p{N}]).{0,60}(розсилк|telegram|телеграм|канал|новин|наш|соцмереж)/iu,
    maxLength: sentence,
  },
  {
    kind: 'newsletter',
    pattern:
      /^(suscríbete|suscribete|iscriviti|inscreva-se|assine) .{0,60}(newsletter|boletín|boletin|canal)|(bültenimize|bültene) abone ol|^zapisz się .{0,40}newslett|^(اشترك|اشتركوا) .{0,40}(النشرة|قناتنا)/iu,
    maxLength: sentence,
  },
  // Cookie, consent and paywall notices.
  {
    kind: 'cookie',
    pattern:
      /\b(we|this (site|website)|our (site|website|partners)) (uses?|use) cookies\b|\bcookies?\b.{0,100}\b(accept|consent|agree|settings|preferences|policy)\b|(используем|использует|используются|використовуємо|використовує) (файлы |файли )?(cookie|куки)/iu,
    maxLength: 600,
  },
  {
    kind: 'paywall',
    pattern:
      /\b(subscribe|log ?in|sign in|register) to (continue|read|unlock|keep reading|access)|\balready (a subscriber|have an account)|you('ve| have) (reached|read) (your|the|all)\b.{0,30}\b(limit|free (articles|stories))|\b(article|content|story) is (only )?(available|reserved|exclusive) (to|for) (subscribers|members)|доступ(ен|на|ний|на) (только|лише) (по подписке|подписчикам|передплатникам|за підпискою)/iu,
    maxLength: 400,
  },
  // Credits: reporting lines, bylines, photo and agency credits.
  {
    kind: 'credit',
    pattern:
      /^(additional )?(reporting|writing|editing|compiled|produced|graphics) by\b|\b(contributed|contributing) (to )?(this )?(report|reporting|story)\b|\bediting by\b/iu,
    maxLength: sentence,
  },
  {
    kind: 'byline',
    pattern:
      /^([Bb]y|BY|[Vv]on|VON|[Pp]ar|PAR)\s+\p{Lu}[\p{L}.'’-]*((\s+|\s*,\s*|\s+(and|und|et|&)\s+)(\p{Lu}[\p{L}.'’-]*|de|van|von|al))*\s*(\|.*)?$/u,
    maxLength: line,
  },
  {
    kind: 'byline',
    pattern: /^(authors?|written by|автор|авторы|автори|авторка|текст)\s*[:|]/iu,
    maxLength: line,
  },
  // An author's bio at the end of a piece: "Efrat Lachter is an investigative reporter and war
  // correspondent." Names, then the role and where, and nothing else happening in the sentence.
  {
    kind: 'byline',
    pattern:
      /^\p{Lu}[\p{L}.'’-]+(\s+\p{Lu}[\p{L}.'’-]+){1,3}\s+is\s+(an?|the)\s+([\p{L}-]+\s+){0,4}(reporter|correspondent|journalist|editor|writer|columnist|contributor|producer)(\s+and\s+([\p{L}-]+\s+){0,3}(reporter|correspondent|journalist|editor|writer|columnist|contributor|producer|author))?(\s+(for|at|with|based in|in|covering)\s+[^.;:!?]{1,60})?\.?$/u,
    maxLength: 200,
  },
  {
    kind: 'photo',
    pattern:
      /^\(?(photo|photos|photograph|image|picture|illustration|video|credit|фото|фотография|ілюстрація|иллюстрация|видео|відео|foto|bild)\s*(:|©|by\b|credit|\/)|^(click|tap) (to|for) (enlarge|expand|zoom)|zum vergrößern|^(©|\(c\)|copyright\b)|getty images|shutterstock|\/\s*(reuters|ap|afp|epa|ap photo|getty|tass|тасс|ria novosti|рия новости)\s*\.?\s*$/iu,
    maxLength: 250,
  },
  {
    kind: 'photo',
    pattern:
      /^\(?\s*(reuters|ap|afp|ap photo|epa|efe|dpa|ians|pti|тасс|рия новости|интерфакс|укрінформ|уніан|unian)\s*\)?\.?$/iu,
    maxLength: line,
  },
  {
    kind: 'advert',
    pattern:
      /^(advertisement|advertising|sponsored( content)?|paid content|anzeige|werbung|реклама|publicité)\s*:?$/iu,
    maxLength: 40,
  },
  {
    kind: 'meta',
    pattern:
      /^(views|aufrufe|просмотры|просмотров|перегляди|переглядів|rating|bewertung|tags|schlagworte|теги|мітки|posted by|hinzugefügt von|comments|kommentare( insgesamt)?|комментарии|коментарі)\s*:/iu,
    maxLength: line,
  },
  // Share, follow, comment and typo prompts.
  {
    kind: 'share',
    pattern:
      /^(share|share this( article| story)?|share on|tweet|email|print|copy link|поделиться|поділитися|teilen|partager)(?![\p{L}\p{N}])[\s\p{L}]{0,40}$|^(follow|join) us\b|\b(follow|keep up with|connect with|find) (me|us|him|her)\b.{0,40}\b(on|via) (twitter|x|facebook|instagram|telegram|linkedin|mastodon|bluesky|threads)\b|\bfollow (us|[\p{L} ]{1,30}) on (twitter|x|facebook|instagram|telegram|youtube|linkedin|tiktok)\b|^(следите за|подписывайтесь на) .{0,40}(telegram|телеграм|facebook|twitter|вконтакте|youtube|соцсет)|^(стежте за|слідкуйте за) .{0,40}(telegram|телеграм|facebook|twitter|youtube|соцмереж)/iu,
    maxLength: 200,
  },
  {
    kind: 'prompt',
    pattern:
      /^(comments?|leave a (comment|reply)|add (a )?comment|комментарии|коментарі|kommentare|kommentare schreiben)\s*(\(\d+\))?:?$|^(comments are closed|kommentare geschlossen|комментарии закрыты|коментарі закрито)|^(load|show) more\b|^(lade|mehr) (weitere|laden)|^показать (ещё|еще|больше)|^показати (ще|більше)|\b(download|herunterladen)\b.{0,30}\bpdf\b|\bpdf\b.{0,30}\b(download|herunterladen)\b|(нашли|заметили|знайшли|помітили) (ошибку|опечатку|помилку)|(if you (notice|spot|found) an? (error|typo|mistake))|ctrl\s*\+\s*enter/iu,
    maxLength: 250,
  },
  // Page chrome that article extraction leaves between real sentences, found sentence by sentence
  // in the news-dumpster 2025-05-21 items (Fox, CNBC, NYT, BBC, Mainichi, AllAfrica, Independent, DW,
  // Le Monde, Zeit): rights and market-data notices, browser and access prompts, newsletter flows.
  // Unanchored, so written without the `u` flag (no \p classes needed): V8 runs these 20–50 times
  // faster in non-Unicode mode, and they are tried on every sentence of every summary.
  {
    kind: 'meta',
    pattern:
      /\ball rights reserved\b|\bmay not be (re)?published\b|\b(broadcast|rewritten),? or redistributed\b|\bcopyright\s*(©|\(c\)|\d{4}|the\b)|©\s*\d{4}|\b(market|fund|etf) data (is )?(provided|delayed)\b|\bdata is delayed\b|\bquotes (are )?(displayed|delayed) in real[- ]time\b|\bpowered and implemented by\b|\bstock quotes,? and market data\b|\bthis (article|story) was (originally )?(written|published) in (english|german|french|russian|ukrainian|spanish)\b|все права защищены|всі права захищені|alle rechte vorbehalten|tous droits réservés|hat diese meldung redaktionell nicht bearbeitet/i,
    maxLength: 300,
  },
  {
    kind: 'prompt',
    pattern:
      /\b(enable|activate|turn on) javascript\b|\bjavascript is (disabled|deactivated|turned off)\b|\bmay not (be displayed|display) (properly|correctly)\b|\bskip(ping)? (to )?(the )?main (menu|content|navigation)\b|\b(refresh|reload) (the|this|your) (page|browser)\b|\bverify(ing)? (your )?access\b|\btrouble (retrieving|loading) the (article|page|content)\b|\breader mode\b|\bnotifications can be managed\b|\bmust be logged in to (post|comment)\b|\bprotected by recaptcha\b|\bnot responsible for the content of external\b|\bapproach to external linking\b|\bwe want to hear from you\b|\b(please )?try again later\b|\bproblem processing your (submission|request)\b|^while you'?re here\b|\bclosed captioning\b.{0,40}\bavailable\b|^danke,? dass sie\b|\bmit ihrer registrierung\b|\bin der beta-phase befindet\b|\brestera connecté\b/i,
    maxLength: 300,
  },
  {
    kind: 'newsletter',
    pattern:
      /\bconfirm your email( address)?\b|\binstructions in the email\b|\b(you'?ve|you have) (successfully )?subscribed\b|\bsuccessfully subscribed\b|\bby entering your email\b|\bopt[ -]out at any time\b|\b(to|in|into) your inbox\b|\bsign up here\b|^subscribe now\b|\bnewsletter\b.{0,40}\byou\b|^(subscribe|sign up) (to|for) [\w&'’ .-]{1,40}[!.]?$/i,
    maxLength: 300,
  },
  {
    kind: 'paywall',
    pattern:
      /\bunlimited access\b|\bthe rest is for subscribers\b|\bsubscribe for all of\b|\blog ?in(to)? (to )?your .{0,20}account\b|votre abonnement|sur un (seul|autre) appareil|mot de passe|continuer à lire|ce message s['’]affichera|testen sie unser .{0,20}abo\b/i,
    maxLength: 300,
  },
  {
    kind: 'donation',
    pattern: /\byour (donation|support|contribution)s? (allows|helps|makes|keeps|enables)\b/i,
    maxLength: 300,
  },
  // Author notes at the end of an article: "Greg Wehner is a breaking news reporter for Fox News Digital."
  {
    kind: 'byline',
    pattern:
      /^(\p{Lu}[\p{L}'’.-]+ ){1,3}(is (an?|the) )?([\p{L}-]+ ){0,3}(reporter|correspondent|writer|editor|journalist|producer|contributor|columnist)s? (for|at|with) (the )?\p{Lu}|^(\p{Lu}[\p{L}'’.-]+ ){1,3}(covers|writes about|reports on) .{1,80} for (the )?\p{Lu}/u,
    maxLength: 200,
  },
  // Captions: "Photo of Sterling Williams, who is accused of…".
  {
    kind: 'photo',
    pattern: /^(file )?(photo|image|picture|фото|снимок|світлина) (of|shows|показывает|показує)\b/iu,
    maxLength: 250,
  },
];
