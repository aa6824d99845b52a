/**
 * Function words of English, Russian and Ukrainian, folded (ё→е, apostrophe '). They carry no
 * topic, so clustering leaves them out. Sources: the Snowball stop lists
 * (https://snowballstem.org/algorithms/english/stop.txt, …/russian/stop.txt) and the common
 * Ukrainian list (https://github.com/skupriienko/Ukrainian-Stopwords), plus newswire filler
 * (said, says, reported, according).
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
`;

function wordSet(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.flatMap((list) => list.split(/\s+/)).filter((word) => word !== ''));
}

/** Every stopword of the three languages: a token is dropped whatever the item's language. */
export const stopwords: ReadonlySet<string> = wordSet(english, russian, ukrainian);
