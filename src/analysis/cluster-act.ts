/**
 * The act a headline reports. Reports of one conflict on one day share its names and words, so the
 * term and entity cosines cannot tell "India and Pakistan agree to ceasefire" from "India and
 * Pakistan accuse each other of violations" (0.73 on a real day): the act can. Acts are coarse
 * classes of verbs and phrases, one bit each; a headline may report several ("agree to a ceasefire
 * but clashes persist"), none when no rule matches (unknown, compatible with anything).
 *
 * Only opposite outcomes keep an item out of a story (compatibleActs): a positive one (an agreement,
 * an extension, an exchange, a truce holding) against a negative one (a violation or accusation, a
 * collapse or walk-out, a rejection). Proposals, talks, meetings and statements go with anything: one
 * summit's reports tell of talks, proposals and agreements alike. Rules are English, Russian and
 * Ukrainian; other languages are always unknown.
 */
export const Act = {
  agreement: 1,
  violation: 2,
  rejection: 4,
  collapse: 8,
  proposal: 16,
  talks: 32,
  exchange: 64,
  extension: 128,
  holding: 256,
} as const;

const POSITIVE = Act.agreement | Act.extension | Act.exchange | Act.holding;
const NEGATIVE = Act.violation | Act.collapse | Act.rejection;
/** The acts that keep an item out of a story (the others go with any). */
export const OUTCOME_ACTS = POSITIVE | NEGATIVE;

type Rule = { act: number; pattern: RegExp };

// A word start: JavaScript's \b knows ASCII letters only, so Cyrillic needs the explicit form.
const START = '(?<![\\p{L}\\p{N}])';

function rules(list: ReadonlyArray<readonly [number, string]>): Rule[] {
  return list.map(([act, source]) => ({ act, pattern: new RegExp(`${START}(?:${source})`, 'u') }));
}

// "(?<!to )": "urges Hamas to agree", "calls on Russia to declare" report a call, not the act.
const ENGLISH = rules([
  [
    Act.violation,
    'violat|breach|accus|blames?\\b|clashes (?:persist|continue)|fighting (?:persists|continues|resumes)|despite (?:the )?(?:cease-?fire|truce)|(?:cease-?fire|truce) (?:broken|shattered)',
  ],
  [
    Act.collapse,
    'collaps|fail(?:s|ed|ure)?\\b|stall|suspen(?:d|ds|ded|ding|sion)\\b (?:of )?(?:\\S+ ){0,3}(?:talks|negotiations|participation|deal|agreement|dialogue|contacts)|(?:paus|halt)(?:e|es|ed|s)? (?:\\S+ ){0,3}(?:talks|negotiations)|walk(?:s|ed)? out|(?:pull(?:s|ed|ing)? out|withdraw(?:s|n|ing)?|withdrew) (?:of |from )(?:the )?(?:\\S+ )?(?:talks|negotiations|deal|agreement|accord|process)|dead ?end|break(?:s)? down|broke down|breakdown|cut(?:s)? short|derail|scrap(?:s|ped)?\\b|call(?:s|ed)? off|take a hit|leave (?:(?!open\\b)\\S+ ){0,3}talks|quit(?:s|ting)? (?:the )?(?:talks|negotiations)',
  ],
  [
    Act.rejection,
    "reject|refus|dismiss|no (?:legal )?right|rules? out|ruled out|won'?t|won’t|will not|not to (?:give up|abandon|enter|accept)|den(?:y|ies|ied)\\b|snub|spurn|turn(?:s|ed)? down",
  ],
  [
    Act.extension,
    '(?:extend|prolong)\\S{0,24} (?:the |a |an )?(?:\\S+ )?(?:cease-?fire|truce|humanitarian pause|deadline|talks|deal|agreement|arrangement)|(?:cease-?fire|truce|pause|deal|agreement|arrangement|talks)\\S{0,24} (?:\\S+ ){0,2}(?:extended|extension|prolonged)',
  ],
  [
    Act.agreement,
    "(?<!(?<![\\p{L}\\p{N}])(?:to|not|never|no|yet) |n[’']t |(?<![\\p{L}\\p{N}])no (?:\\S+ ){1,2})(?:agree(?:s|d)?\\b|sign(?:s|ed)?\\b(?! of)|seal(?:s|ed)?\\b|accept(?:s|ed)\\b|declar(?:e|es|ed) (?:(?!end\\b|over\\b)\\S+ ){0,3}(?:cease-?fire|truce)\\b(?! (?:is |was )?(?:over|dead|void)))|(?<!(?<![\\p{L}\\p{N}])no (?:\\S+ )?)agreement (?:reached|signed)|(?<!(?<![\\p{L}\\p{N}])(?:to|not|never) |n[’']t )reach(?:es|ed)? (?:a |an )?(?:\\S+ )?(?:deal|agreement|truce|cease-?fire)|(?:strik(?:e|es|ing)|struck) (?:a |an )?(?:\\S+ )?(?:deal|agreement|truce|cease-?fire)|signing|clinch|approv(?:e|es|ed) (?:\\S+ ){0,2}(?:deal|agreement|truce|cease-?fire)|(?<!(?<![\\p{L}\\p{N}])(?:remains?|is|are|stays?) )commit(?:s|ted)? to|announc(?:e|es|ed) (?:a |an )?(?:\\S+ )?(?:cease-?fire|truce)|(?:cease-?fire|truce) (?:takes|took|goes|went) (?:into )?effect|(?:cease-?fire|truce|deal|agreement|accord) comes into force|confirm(?:s|ed)? (?:(?!no\\b|not\\b)\\S+ ){0,4}(?:agreement|deal|cease-?fire|truce)",
  ],
  [
    Act.holding,
    '(?:cease-?fire|truce) (?:holds|holding|is holding|largely holds)|calm (?:returns|prevails)|cautious calm',
  ],
  [
    Act.exchange,
    'releas\\S{0,24} (?!(?:\\S+ )?(?:video|footage|clip|images?|photos?|names?|list|statement|audio|recording|proof)\\b)(?:\\S+ ){0,3}(?:hostages?|prisoners?|captives?|detainees?|pows?)\\b|(?:hostages?|prisoners?|captives?|detainees?|pows?) (?:are |were |to be )?released|(?:hostage|prisoner) release|(?<!land |territor\\S{0,8} |debt )swap|exchang(?!\\S{0,24} (?:of )?(?:\\S+ )?(?:fire|blows|strikes|attacks|drone|missile|shelling|accusations|barbs|threats|rate))|(?:hostages?|prisoners?|captives?|detainees?|pows?) (?:\\S+ ){0,2}freed\\b|free(?:s|d)? (?:\\S+ ){0,3}(?:hostages?|prisoners?|captives?|detainees?|pows?)\\b|hand(?:s|ed)? over',
  ],
  [
    Act.proposal,
    'propos|offer|plan\\b|plans\\b|draft|framework|initiative|put(?:s)? forward|present(?:s|ed)\\b|suggest|unveil|memorandum',
  ],
  [
    Act.talks,
    'meet(?:s|ing)?\\b|met\\b|visit|arriv|hold(?:s|ing)? (?:\\S+ )?talks|held (?:\\S+ )?talks|talks (?:begin|began|start|kick off|open|resume|held|underway)|round of (?:talks|negotiations)|host(?:s|ed|ing)?\\b|call with|phone (?:call|talks)|summit',
  ],
]);

// Russian and Ukrainian stems.
const SLAVIC = rules([
  [Act.violation, 'наруш|поруш(?!\\S{0,24} питання)|обвин|звинува'],
  [
    Act.collapse,
    'сорва|зірва|провал|приостанов|призупин|прерва|перерва|вышл[иа]? из переговор|вийш\\S{0,24} з переговор',
  ],
  [Act.rejection, 'отверг|отклон|відхил|отказ|відмов'],
  [
    Act.extension,
    'продл(?!(?:ит|ят)ся|ил(?:ся|ась|ось|ись))|продовжи\\S{0,24} (?:\\S+ ){0,2}(?:перемир|режим тиші|паузу|мораторі|переговор)|продовження (?:\\S+ )?перемир|(?:перемир|режим тиші|пауз|мораторі)\\S{0,8} (?:\\S+ ){0,2}продовж(?!у)',
  ],
  [
    Act.agreement,
    '(?<!(?<![\\p{L}\\p{N}])не )(?:договорил|домовил|согласил|согласова|погоди|погодж|подписа|підписа|заключил|уклал)|объяви\\S{0,24} (?:о )?(?:перемири|прекращени)|оголоси\\S{0,24} (?:про )?перемир',
  ],
  [
    Act.exchange,
    '(?:обмен|обмін)(?!\\S{0,24} (?:ударами|обвинени|звинувачен|мнениями|думками|территори|територі))|(?:освобо|звільн|верну|поверну)\\S{0,24} (?:\\S+ ){0,3}(?:пленн|заложник|полонен|заручник|из плена|з полону|додому|домой|на родину)|(?:из плена|з полону)',
  ],
  [Act.proposal, 'предлож|пропоз|пропону|план(?!\\p{L})|меморандум'],
  [
    Act.talks,
    'встрет|встреч|зустр|визит|візит|прибы|прибу|раунд|переговоры в|переговори в|саммит|саміт|телефонн',
  ],
]);

const BOTH = [...ENGLISH, ...SLAVIC];

/** The acts a headline reports, as Act bits; 0 when none is recognised or the language has no rules. */
export function eventActs(title: string, language: string | null): number {
  const key = (language ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
  const list = key === 'en' ? ENGLISH : key === 'ru' || key === 'uk' ? SLAVIC : key === '' ? BOTH : null;
  if (list === null) return 0;
  // Non-breaking and Unicode hyphens read as '-' ("Cease‑fire").
  // The first 1,000 characters: a headline, however long the feed's title field.
  const text = title
    .slice(0, 1000)
    .toLowerCase()
    .replace(/[\u2010\u2011]/g, '-');
  let acts = 0;
  for (const { act, pattern } of list) if (pattern.test(text)) acts |= act;
  return acts;
}

/**
 * Whether an item reporting acts `a` may join a story reporting acts `b`: false only when one reports
 * positive outcomes and no negative one, and the other negative outcomes and no positive one. Unknown
 * (0), talks and proposals go with anything; a headline of both kinds goes with either.
 */
export function compatibleActs(a: number, b: number): boolean {
  const positiveA = (a & POSITIVE) !== 0;
  const negativeA = (a & NEGATIVE) !== 0;
  const positiveB = (b & POSITIVE) !== 0;
  const negativeB = (b & NEGATIVE) !== 0;
  if (positiveA && !negativeA) return !(negativeB && !positiveB);
  if (negativeA && !positiveA) return !(positiveB && !negativeB);
  return true;
}

/** The names of the acts in `acts`, in Act's order ('agreement', 'exchange'); none for 0. */
export function actNames(acts: number): string[] {
  return Object.entries(Act)
    .filter(([, bit]) => (acts & bit) !== 0)
    .map(([name]) => name);
}
