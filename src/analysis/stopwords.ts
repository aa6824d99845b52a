import { tokenize } from './tokenize.js';

/**
 * Function words of English, Russian, Ukrainian, French, Spanish, German, Italian, Portuguese,
 * Turkish, Polish, Arabic, Hebrew and Persian. They carry no topic, so clustering leaves them out. Sources: the
 * Snowball stop lists (https://snowballstem.org/algorithms/english/stop.txt, …/russian/, …/french/,
 * …/spanish/, …/german/, …/italian/, …/portuguese/stop.txt), the common Ukrainian list
 * (https://github.com/skupriienko/Ukrainian-Stopwords), the most common words of Lucene's Turkish and
 * Polish lists, Jacques Savoy's Arabic list as Lucene ships it
 * (lucene/analysis/common/…/analysis/ar/stopwords.txt, http://members.unine.ch/jacques.savoy/clef/index.html),
 * plus newswire filler (said, says, reported, according; selon, según, dijo; detto, disse, dedi,
 * powiedział; قال, أضاف).
 *
 * English, Russian, Ukrainian, Arabic and Hebrew words are dropped whatever the item's language: their
 * scripts keep them apart, or English rules serve untagged items. French, Spanish, German, Italian,
 * Portuguese, Turkish and Polish words are dropped only in items of that language, because many of
 * them are English words or name particles in English text (war, man, son, un, sea, era, con, ten;
 * de Mistura, von der Leyen, El-Sisi). Persian ones too, since Persian folds to Arabic letters and
 * some of its function words are Arabic words (كرد, did, is Arabic for Kurds).
 */
const english = `
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each few for from further had hadn't has hasn't have haven't having he he'd he'll her here hers
herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's me
more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over
own same shan't she she'd she'll should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too
under until up very was wasn't we we'd we'll we're we've were weren't what what's when where which
while who who's whom why will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves said says say saying according told tells reported reports report also would
could may might must one two new year years week day days time mr mrs ms via amid per
`;

const russian = `
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его
ее ей ему если есть еще же за здесь и из или им их к как какая какой когда кто ли либо между меня мне
много может можно мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень
по под после потому почему при про с так также такой там те тем то того тоже той только том тот ту ты
у уже хотя чего чей чем что чтобы чье чья эта эти это этого этой этом этот я будет будут был бывший
себя себе свой своей своего свои своих сам сама само сами самый где-то которые который которая
которое которых котором этих этим всё всем всеми сейчас теперь тогда снова ещё лишь более менее
заявил заявила заявили сообщил сообщила сообщили сообщает сказал сказала сказали отметил отметила
по словам словам ранее также году года лет день дня время
`;

const ukrainian = `
а або але без би був була були було бути в вам вас весь во вже від він вона вони воно все всі всього
всіх ви де для до його її їй йому ж же за з зі і й із інших їх к як яка який які коли хто чи між мене
мені може можна ми на над не нема немає ні них але о об однак він від дуже по під після тому чому при
про с так також такий там ті тим то того теж тієї тільки тому той ту ти у уже хоча чого чий чим що щоб
це цей ця ці цього цієї цих цим цьому я буде будуть був себе собі свій своєї свого свої своїх сам сама
саме самі який яка яке яких якому ще лише зараз тепер тоді знову заявив заявила заявили повідомив
повідомила повідомили повідомляє сказав сказала сказали зазначив зазначила раніше році року років
та через щодо проти якщо навіть тощо
`;

// Written as in print and folded below.
const french = `
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi
mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu une vos
votre vous été étée étées étés étant suis es est sommes êtes sont serai seras sera serons serez seront
serais serait serions seriez seraient étais était étions étiez étaient fus fut fûtes furent sois soit
soyons soyez soient fusse fusses fût fussions fussiez fussent ayant eue eues eus as avons avez ont
aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait aviez avaient
eut eûmes eûtes eurent aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent cette
cet celui celle ceux celles elles leurs comme aussi plus selon après avant entre lors dont sans sous
vers chez contre depuis pendant tout tous toute toutes très déjà encore alors ainsi donc cependant
lorsque puis si car non un eu ai fûmes déclaré affirmé indiqué précisé
`;

const spanish = `
de la que el en los del se las por un para con no una su al lo como más pero sus le ya este sí porque
esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les
ni contra otros ese eso ante ellos esto mí antes algunos qué unos yo otro otras otra él tanto esa
estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu
tus ellas nosotras vosotros vosotras os mío mía míos mías tuyo tuya tuyos tuyas suyo suya suyos suyas
nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy estás está
estamos estáis están esté estés estemos estéis estén estaré estarás estará estaremos estaréis
estarán estaría estarías estaríamos estaríais estarían estaba estabas estábamos estabais estaban
estuve estuviste estuvo estuvimos estuvisteis estuvieron estuviera estuvieras estuviéramos
estuvierais estuvieran estuviese estuvieses estuviésemos estuvieseis estuviesen estando estad he has
ha hemos habéis han haya hayas hayamos hayáis hayan habré habrás habrá habremos habréis habrán habría
habrías habríamos habríais habrían había habías habíamos habíais habían hube hubiste hubo hubimos
hubisteis hubieron hubiera hubieras hubiéramos hubierais hubieran hubiese hubieses hubiésemos
hubieseis hubiesen habiendo habido habida habidos habidas soy eres es somos sois son sea seas seamos seáis
sean seré serás será seremos seréis serán sería serías seríamos seríais serían era eras éramos erais eran fui
fuiste fue fuimos fuisteis fueron fuera fueras fuéramos fuerais fueran fuese fueses fuésemos
fueseis fuesen siendo sido tengo tienes tiene tenemos tenéis tienen tenga tengas tengamos tengáis
tengan tendré tendrás tendrá tendremos tendréis tendrán tendría tendrías tendríamos tendríais
tendrían tenía tenías teníamos teníais tenían tuve tuviste tuvo tuvimos tuvisteis tuvieron tuviera
tuvieras tuviéramos tuvierais tuvieran tuviese tuvieses tuviésemos tuvieseis tuviesen teniendo
tenido tenida tenidos tenidas tened según dijo afirmó aseguró señaló indicó
`;

const german = `
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm
andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß dass
derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem
deinen deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort
durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er ihn ihm
es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin
hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder
jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte
machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste
nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich
sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns
unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter
welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
wollte würde würden zu zum zur zwar zwischen sagte erklärte laut
`;

const arabic = `
من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا الا ألا إلا لكن ما وما
كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان فأن وان وأن وإن التى التي الذى
الذي الذين الى الي إلى إلي على عليها عليه اما أما إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى
وهي وهو فهى فهي فهو انت أنت لك لها له هذه هذا تلك ذلك هناك كانت كان يكون تكون وكانت وكان غير بعض قد
نحو بين بينما منذ ضمن حيث الان الآن خلال بعد قبل حتى عند عندما لدى جميع قال قالت وقال وقالت أضاف
وأضاف أكد وأكد حسب وفق اليوم أمس
`;

const italian = `
ad al allo ai agli all alla alle con col coi da dal dallo dai dagli dall dalla dalle di del dello dei
degli dell della delle in nel nello nei negli nell nella nelle su sul sullo sui sugli sull sulla sulle
per tra fra il lo la li le gli un uno una ed ma se che chi cui non più anche come dove quando perché
già ancora sempre solo dopo prima contro senza verso durante mentre però quindi cioè io tu lui lei
noi voi loro mio mia miei mie suo sua suoi sue nostro nostra nostri nostre mi ti ci vi si ne questo
questa questi queste quello quella quelli quelle quale quali è sono era erano sarà saranno essere
stato stata stati state ha hanno aveva avevano avere ho abbiamo fa secondo detto dichiarato spiegato
ieri oggi
`;

const portuguese = `
de a o que e do da em um para com não uma os no se na por mais as dos como mas ao ele das à seu sua
ou quando muito nos já também só pelo pela até isso ela entre depois sem mesmo aos seus quem nas me
esse eles essa num nem suas meu às minha numa pelos elas qual nós lhe deles essas esses pelas este
dele dela delas esta estes estas aquele aquela aqueles aquelas isto aquilo está estão foi foram ser
é são era eram será serão tem têm ter tinha havia há sobre após ainda contra durante segundo disse
afirmou declarou ontem hoje
`;

const turkish = `
ve veya ile ya da de ki mi mı mu mü bir bu şu o bunu bunun buna şunu onu onun ona onlar onların için
gibi kadar göre diye daha çok en ama ancak fakat ise hem her hiç ne neden nasıl niçin olarak olan
olduğu olduğunu oldu olacak olmak olması değil var yok sonra önce ayrıca yine zaten yani çünkü eğer
kendi tüm bütün biz siz ben sen bizim sizin dedi söyledi belirtti açıkladı ifade etti eden ettiği
dün bugün
`;

const polish = `
i w we z ze na do od za po o u a ale lub oraz czy że się nie to jest są był była było były będzie
być może można już tylko także też jak tak co kto gdy gdzie bo aby żeby więc jednak przez przy dla
nad pod przed między bez jego jej ich go mu im ten ta te tego tej tym tych temu który która które
którzy których którym jako jeszcze bardzo według powiedział powiedziała poinformował poinformowała
wczoraj dziś
`;

// The commonest Hebrew function words and newswire filler, as written (final letters fold in the
// tokenizer); a word with a prefix stuck to it (ועל, שלא) stays a word of its own.
const hebrew = `
של את על עם לא כי גם זה זו זאת הוא היא הם הן אני אנחנו אתה יש אין כל או אם אך אבל רק עוד כבר מאוד
היה הייתה היו יהיה אחרי לאחר לפני בין מול כמו כך כן מה מי איך למה אשר לו לה להם אותו אותה אותם
שלו שלה שלהם עד אל כדי לפי נגד ללא בלי אמר אמרה אמרו הודיע הודיעה לדברי היום אתמול השבוע
`;

// The commonest Persian function words, light verbs and newswire filler (Lucene's Persian list,
// lucene/analysis/common/…/analysis/fa/stopwords.txt, its most frequent words), and the plural and
// ezafe endings and the verbal prefix, which stand as words of their own behind a space (گروگان ها).
const persian = `
و در به از که این آن با برای را است بود شد شده شود شوند کرد کرده کند کنند کردند می نمی ها های
هم تا بر یک خود او وی آنها ما ما ایشان نیز اما یا اگر چه چون هر همه دیگر پس پیش بین روی زیر
دارد داشت دارند باید خواهد خواهند گفت گفته اعلام کرد کرده است بوده هست نیست ای ی ان ات
امروز دیروز همچنین درباره مورد سوی طی پیرامون ضمن حال گزارش داد دادند
`;

function words(...lists: string[]): string[] {
  return lists.flatMap((list) => list.split(/\s+/)).filter((word) => word !== '');
}

/** Folded as the tokenizer folds text: été → ete, über → uber, الذي → ذي. */
function folded(list: string): ReadonlySet<string> {
  return new Set(words(list).flatMap((word) => tokenize(word)));
}

/** Stopwords of every item, whatever its language: English, Russian, Ukrainian, Arabic and Hebrew. */
const stopwords: ReadonlySet<string> = new Set([
  ...words(english, russian, ukrainian),
  ...folded(arabic),
  ...folded(hebrew),
]);

const byLanguage: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['fr', folded(french)],
  ['es', folded(spanish)],
  ['de', folded(german)],
  ['it', folded(italian)],
  ['pt', folded(portuguese)],
  ['tr', folded(turkish)],
  ['pl', folded(polish)],
  ['fa', folded(persian)],
]);

/** Whether a folded token is a function word in an item of this language (ISO 639-1, as items carry). */
export function isStopword(token: string, language: string | null): boolean {
  if (stopwords.has(token)) return true;
  return language !== null && (byLanguage.get(language)?.has(token) ?? false);
}
