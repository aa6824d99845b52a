import { describe, expect, it } from 'vitest';
import { analyseItem } from '../../../src/analysis/analyse-item.js';
import { judgeRelevance } from '../../../src/analysis/relevance.js';
import { item, shippedLexicon, shippedTopics } from './shipped-config.js';

/**
 * The shipped lexicon in French, Spanish, German and Arabic: the definition of peace talks is the
 * same in every language (DESIGN.md, "An item is about peace talks when…"), and so are the traps
 * (trade, wage and coalition talks, a sports truce, a strike report that names the talks once).
 * Relevant headlines must also be tagged with their conflict; the others must stay out on the
 * lexicon's words alone, without help from the topic rule.
 */
type Case = { language: string; title: string; summary: string; topic: string };
type Negative = { language: string; title: string; summary: string; trap: string };

const relevant: Case[] = [
  {
    language: 'fr',
    title: 'Gaza : nouvelles négociations à Doha pour un cessez-le-feu',
    summary:
      'Les médiateurs qatariens et égyptiens tentent de rapprocher Israël et le Hamas sur une trêve de 60 jours.',
    topic: 'gaza',
  },
  {
    language: 'fr',
    title: 'Ukraine : Russes et Ukrainiens se retrouvent à Istanbul pour un deuxième cycle de pourparlers',
    summary: 'Kiev réclame un cessez-le-feu inconditionnel avant toute rencontre entre Zelensky et Poutine.',
    topic: 'ukraine',
  },
  {
    language: 'fr',
    title: "La Russie et l'Ukraine procèdent à un échange de prisonniers, 390 contre 390",
    summary:
      "C'est le plus important échange depuis le début de la guerre, convenu lors des pourparlers d'Istanbul.",
    topic: 'ukraine',
  },
  {
    language: 'fr',
    title: 'Plan de paix pour l’Ukraine : Zelensky exige des garanties de sécurité',
    summary:
      'Le président ukrainien a reçu les émissaires américains à Genève pour discuter du texte en 28 points.',
    topic: 'ukraine',
  },
  {
    language: 'fr',
    title: 'Soudan : l’armée accepte une trêve humanitaire proposée par les médiateurs',
    summary: 'Washington et Riyad pressent les deux camps de revenir à la table des négociations à Djeddah.',
    topic: 'sudan',
  },
  {
    language: 'fr',
    title: 'La RDC et le Rwanda signent un accord de paix à Washington',
    summary: 'Kinshasa et Kigali s’engagent à cesser tout soutien aux groupes armés dans l’est du Congo.',
    topic: 'drc',
  },
  {
    language: 'es',
    title: 'Israel y Hamás negocian en Doha una tregua de 60 días en Gaza',
    summary: 'Los mediadores de Qatar y Egipto presentaron una nueva propuesta de alto el fuego.',
    topic: 'gaza',
  },
  {
    language: 'es',
    title: 'Rusia y Ucrania celebran en Estambul una nueva ronda de negociaciones de paz',
    summary: 'Las delegaciones acordaron un canje de prisioneros de mil por mil.',
    topic: 'ukraine',
  },
  {
    language: 'es',
    title: 'Rusia y Ucrania intercambian 84 prisioneros de guerra con mediación de Emiratos',
    summary: 'Es el tercer canje desde las conversaciones de Estambul.',
    topic: 'ukraine',
  },
  {
    language: 'es',
    title: 'Zelenski presenta un plan de paz y pide garantías de seguridad a Europa',
    summary: 'El presidente ucraniano se reunirá con el enviado especial de Trump la próxima semana.',
    topic: 'ukraine',
  },
  {
    language: 'es',
    title: 'Sudán: el Ejército acepta una tregua humanitaria mediada por Arabia Saudí y EE UU',
    summary: 'Las Fuerzas de Apoyo Rápido aún no han respondido a la propuesta de los mediadores.',
    topic: 'sudan',
  },
  {
    language: 'es',
    title: 'Líbano e Israel inician conversaciones sobre la frontera bajo mediación de EE UU',
    summary: 'Beirut exige que Israel respete el alto el fuego firmado con Hezbolá.',
    topic: 'lebanon',
  },
  {
    language: 'de',
    title: 'Gaza: Neue Verhandlungen in Doha über Waffenruhe und Freilassung der Geiseln',
    summary: 'Katar und Ägypten vermitteln zwischen Israel und der Hamas.',
    topic: 'gaza',
  },
  {
    language: 'de',
    title: 'Russland und die Ukraine: Zweite Runde der Friedensgespräche in Istanbul',
    summary: 'Die Delegationen vereinbarten einen Gefangenenaustausch, eine Waffenruhe lehnte Moskau ab.',
    topic: 'ukraine',
  },
  {
    language: 'de',
    title: 'Gefangenenaustausch: Russland und die Ukraine tauschen je 84 Soldaten aus',
    summary: 'Die Vereinigten Arabischen Emirate hatten vermittelt.',
    topic: 'ukraine',
  },
  {
    language: 'de',
    title: 'Ukraine fordert Sicherheitsgarantien für einen Friedensplan',
    summary: 'Kiew will kein Abkommen ohne Schutz vor einem neuen russischen Angriff unterschreiben.',
    topic: 'ukraine',
  },
  {
    language: 'de',
    title: 'Sudan: Armee stimmt humanitärer Feuerpause zu',
    summary: 'Die USA und Saudi-Arabien hatten zwischen den Kriegsparteien vermittelt.',
    topic: 'sudan',
  },
  {
    language: 'de',
    title: 'Kongo und Ruanda unterzeichnen Friedensabkommen in Washington',
    summary: 'Die Vereinbarung soll die Kämpfe mit der M23-Miliz im Osten des Landes beenden.',
    topic: 'drc',
  },
  {
    language: 'ar',
    title: 'مفاوضات في الدوحة لوقف إطلاق النار في غزة',
    summary: 'الوسطاء القطريون والمصريون يقدمون مقترحا جديدا لحماس وإسرائيل.',
    topic: 'gaza',
  },
  {
    language: 'ar',
    title: 'جولة جديدة من المحادثات بين روسيا وأوكرانيا في إسطنبول',
    summary: 'اتفق الوفدان على تبادل الأسرى ومواصلة المفاوضات.',
    topic: 'ukraine',
  },
  {
    language: 'ar',
    title: 'تبادل الأسرى بين روسيا وأوكرانيا يعيد 390 جنديا إلى ديارهم',
    summary: 'جرت عملية التبادل بوساطة إماراتية.',
    topic: 'ukraine',
  },
  {
    language: 'ar',
    title: 'حماس توافق على مقترح الهدنة الذي قدمه الوسطاء في القاهرة',
    summary: 'يشمل الاتفاق إطلاق سراح الرهائن مقابل أسرى فلسطينيين.',
    topic: 'gaza',
  },
  {
    language: 'ar',
    title: 'خطة السلام الأمريكية: أوكرانيا تطالب بضمانات أمنية',
    summary: 'المبعوث الأمريكي ويتكوف يلتقي المسؤولين الأوكرانيين في جنيف.',
    topic: 'ukraine',
  },
  {
    language: 'ar',
    title: 'السودان: الجيش يقبل هدنة إنسانية بوساطة سعودية أمريكية',
    summary: 'لم ترد قوات الدعم السريع بعد على مقترح الوسطاء.',
    topic: 'sudan',
  },
];

const irrelevant: Negative[] = [
  {
    language: 'fr',
    title: 'Droits de douane : l’UE et les États-Unis reprennent les négociations commerciales',
    summary: 'Bruxelles espère éviter une guerre commerciale avant l’échéance du 1er août.',
    trap: 'trade talks',
  },
  {
    language: 'fr',
    title: 'Israël : la Histadrout appelle à la grève générale après l’échec des négociations salariales',
    summary: 'Les syndicats du secteur public réclament une hausse des salaires de 5 %.',
    trap: 'wage talks',
  },
  {
    language: 'fr',
    title: 'Allemagne : conservateurs et sociaux-démocrates concluent leurs pourparlers de coalition',
    summary:
      'Le futur chancelier promet un budget de la défense en hausse et un soutien durable à l’Ukraine.',
    trap: 'coalition talks',
  },
  {
    language: 'fr',
    title: 'Ligue 1 : trêve dans la guerre des droits télé entre la LFP et DAZN',
    summary: 'Le diffuseur versera sa prochaine échéance, le championnat ira à son terme.',
    trap: 'sports truce',
  },
  {
    language: 'fr',
    title: 'Frappes russes sur Kharkiv : 12 morts à la veille des pourparlers d’Istanbul',
    summary: 'Les secours fouillent les décombres d’un immeuble touché par deux missiles.',
    trap: 'battlefield report',
  },
  {
    language: 'fr',
    title: 'Sommet de Bruxelles : les Vingt-Sept s’écharpent sur le cadre financier pluriannuel',
    summary: 'Les dirigeants européens ont aussi évoqué l’aide militaire à l’Ukraine.',
    trap: 'EU budget summit',
  },
  {
    language: 'es',
    title: 'Aranceles: la UE y EE UU retoman las negociaciones comerciales',
    summary: 'Bruselas quiere evitar una guerra comercial antes del 1 de agosto.',
    trap: 'trade talks',
  },
  {
    language: 'es',
    title: 'Israel: el sindicato Histadrut convoca una huelga general tras fracasar la negociación salarial',
    summary: 'Los funcionarios piden una subida del 5 %.',
    trap: 'wage talks',
  },
  {
    language: 'es',
    title: 'Israel: Netanyahu negocia con los ultraortodoxos para salvar su gobierno de coalición',
    summary: 'Los partidos religiosos amenazan con abandonar el Ejecutivo por el servicio militar.',
    trap: 'coalition talks',
  },
  {
    language: 'es',
    title: 'LaLiga y la Federación firman una tregua en su guerra por los horarios',
    summary: 'Tebas y Louzán aplazan el conflicto hasta el final de la temporada.',
    trap: 'sports truce',
  },
  {
    language: 'es',
    title: 'Un ataque ruso con drones deja 15 muertos en Kiev antes de las conversaciones de Estambul',
    summary: 'Los equipos de rescate buscan supervivientes entre los escombros.',
    trap: 'battlefield report',
  },
  {
    language: 'es',
    title: 'Cumbre de la UE: los Veintisiete chocan por el marco financiero plurianual',
    summary: 'Los líderes también debatieron la ayuda militar a Ucrania.',
    trap: 'EU budget summit',
  },
  {
    language: 'de',
    title: 'Zölle: EU und USA nehmen Handelsgespräche wieder auf',
    summary: 'Brüssel will einen Handelskrieg vor dem 1. August vermeiden.',
    trap: 'trade talks',
  },
  {
    language: 'de',
    title: 'Tarifverhandlungen bei Rheinmetall gescheitert: IG Metall ruft zu Warnstreiks auf',
    summary:
      'Der Rüstungskonzern profitiert vom Krieg in der Ukraine, die Beschäftigten fordern acht Prozent mehr Lohn.',
    trap: 'wage talks',
  },
  {
    language: 'de',
    title: 'Israel: Koalitionsgespräche über die Wehrpflicht für Ultraorthodoxe gescheitert',
    summary: 'Dem Premier droht der Verlust seiner Mehrheit in der Knesset, die Verhandlungen gehen weiter.',
    trap: 'coalition talks',
  },
  {
    language: 'de',
    title: 'Bundesliga: Waffenruhe zwischen Bayern und Dortmund nach Streit um Transfer',
    summary: 'Die Vereine haben ihren Streit um den Wechsel des Stürmers beigelegt.',
    trap: 'sports truce',
  },
  {
    language: 'de',
    title: 'Russischer Drohnenangriff auf Kiew: Mindestens 15 Tote vor den Gesprächen in Istanbul',
    summary: 'Rettungskräfte suchen in den Trümmern nach Überlebenden.',
    trap: 'battlefield report',
  },
  {
    language: 'de',
    title: 'EU-Gipfel in Brüssel: Streit über den mehrjährigen Finanzrahmen',
    summary: 'Auch die Militärhilfe für die Ukraine stand auf der Tagesordnung.',
    trap: 'EU budget summit',
  },
  {
    language: 'de',
    title: 'Inneren Frieden finden: Fünf Tipps für mehr Gelassenheit im Alltag',
    summary: 'Wer Gespräche mit Freunden sucht, baut Stress ab.',
    trap: 'wellness',
  },
  {
    language: 'ar',
    title: 'الرسوم الجمركية: مفاوضات تجارية بين الصين والولايات المتحدة في جنيف',
    summary: 'يسعى الطرفان إلى تجنب حرب تجارية جديدة.',
    trap: 'trade talks',
  },
  {
    language: 'ar',
    title: 'نقابة المعلمين في لبنان تعلن الإضراب بعد فشل مفاوضات الأجور',
    summary: 'يطالب المعلمون بزيادة الرواتب بنسبة عشرين في المئة.',
    trap: 'wage talks',
  },
  {
    language: 'ar',
    title: 'لبنان: مفاوضات تشكيل الحكومة تتعثر بين الكتل السياسية',
    summary: 'لم تتفق الأحزاب بعد على توزيع الحقائب الوزارية.',
    trap: 'coalition talks',
  },
  {
    language: 'ar',
    title: 'هدنة في حرب التصريحات بين الأهلي والزمالك قبل قمة الدوري الممتاز',
    summary: 'اتفق الناديان على وقف التصريحات الإعلامية حتى نهاية الموسم.',
    trap: 'sports truce',
  },
  {
    language: 'ar',
    title: 'غارات إسرائيلية على غزة تسفر عن عشرات القتلى رغم المفاوضات',
    summary: 'قال الدفاع المدني إن القصف استهدف منازل في خان يونس.',
    trap: 'battlefield report',
  },
  {
    language: 'ar',
    title: 'قمة أوروبية في بروكسل لبحث ميزانية الاتحاد الأوروبي',
    summary: 'ناقش القادة أيضا المساعدات العسكرية لأوكرانيا.',
    trap: 'EU budget summit',
  },
];

/**
 * Items written by an independent probe (realistic 2024–2025 headlines, labelled before Parley saw
 * them): the mediation verbs and peace declarations it found missing, and battlefield headlines whose
 * verbs (erobert, ataca, s'emparent, ضربات) were not battlefield words until then.
 */
const fromProbe: Case[] = [
  {
    language: 'fr',
    title: 'Arménie-Azerbaïdjan : Pachinian et Aliev paraphent un accord de paix à la Maison Blanche',
    summary:
      "Les deux dirigeants ont signé une déclaration commune sous l'égide de Donald Trump, qui prévoit notamment une route de transit à travers la province arménienne du Syunik.",
    topic: 'caucasus',
  },
  {
    language: 'es',
    title: 'Estados Unidos anuncia un alto el fuego con los hutíes de Yemen mediado por Omán',
    summary:
      'Trump dijo que los rebeldes se comprometieron a dejar de atacar barcos en el mar Rojo y que Washington pondrá fin a los bombardeos.',
    topic: 'yemen',
  },
  {
    language: 'de',
    title: 'Jemen: Huthi-Miliz und USA vereinbaren Waffenruhe',
    summary:
      'Oman hat nach eigenen Angaben eine Einigung vermittelt: Die USA stellen ihre Luftangriffe ein, die Huthis greifen keine amerikanischen Schiffe mehr an.',
    topic: 'yemen',
  },
  {
    language: 'ar',
    title: 'وقف إطلاق النار بين إسرائيل وحزب الله يدخل حيز التنفيذ',
    summary:
      'ينص الاتفاق الذي توسطت فيه الولايات المتحدة وفرنسا على انسحاب القوات الإسرائيلية من جنوب لبنان خلال 60 يوما.',
    topic: 'lebanon',
  },
  {
    language: 'ar',
    title: 'أرمينيا وأذربيجان توقعان إعلانا للسلام في البيت الأبيض',
    summary:
      'وقع رئيس الوزراء الأرميني نيكول باشينيان والرئيس الأذربيجاني إلهام علييف على اتفاق ينهي عقودا من النزاع حول إقليم ناغورنو كاراباخ.',
    topic: 'caucasus',
  },
];

const battlefieldFromProbe: Negative[] = [
  {
    language: 'de',
    title: 'Sudan: RSF-Miliz erobert El Fasher - Berichte über Massaker',
    summary:
      'Nach 18 Monaten Belagerung haben die Paramilitärs die letzte Armee-Hochburg in Darfur eingenommen. Vermittlungsbemühungen der USA für eine Waffenruhe waren zuvor gescheitert.',
    trap: 'battlefield report: a capture or strike, talks in passing',
  },
  {
    language: 'es',
    title: 'El ELN ataca una base militar en Arauca y mata a dos soldados',
    summary:
      'El ataque con drones se produce meses después de que Petro suspendiera los diálogos de paz con la guerrilla, con la que negociaban un cese al fuego, tras la ofensiva en el Catatumbo.',
    trap: 'battlefield report: a capture or strike, talks in passing',
  },
  {
    language: 'ar',
    title: 'إسرائيل تشن ضربات واسعة على منشآت نووية وعسكرية في إيران',
    summary:
      'استهدفت الغارات منشأة نطنز وقادة في الحرس الثوري، وقالت طهران إنها سترد، قبل يومين من جولة مفاوضات نووية ومحادثات كانت مقررة مع واشنطن.',
    trap: 'battlefield report: a capture or strike, talks in passing',
  },
  {
    language: 'fr',
    title: "Soudan : les FSR s'emparent d'El Fasher, des massacres signalés",
    summary:
      "Les paramilitaires ont pris la dernière place forte de l'armée au Darfour ; les efforts de médiation américains pour une trêve avaient échoué.",
    trap: 'battlefield report: a capture or strike, talks in passing',
  },
];

describe('the shipped lexicon in French, Spanish, German and Arabic', () => {
  it.each([...relevant, ...fromProbe])(
    'finds $language "$title" about peace talks ($topic)',
    ({ language, title, summary, topic }) => {
      const analysis = analyseItem(item(title, summary, null, language), shippedLexicon, shippedTopics);
      expect(analysis.relevance.relevant).toBe(true);
      expect(analysis.topics.map((tag) => tag.topic)).toContain(topic);
    },
  );

  it.each([...irrelevant, ...battlefieldFromProbe])(
    'keeps $language "$title" out ($trap)',
    ({ language, title, summary }) => {
      const verdict = judgeRelevance(item(title, summary, null, language), shippedLexicon, shippedTopics);
      expect(verdict.relevant).toBe(false);
    },
  );

  it.each([
    ['fr', 'Accords commerciaux : l’UE et l’Ukraine prolongent la suspension des droits de douane', 'trade'],
    ['de', 'Koalitionsverhandlungen: SPD und Union ringen um den Haushalt', 'domestic-politics'],
    ['es', 'Acuerdo comercial entre la UE y Mercosur: los aranceles bajarán en diez años', 'trade'],
    ['ar', 'مفاوضات تجارية بين روسيا والصين حول صادرات الحبوب', 'trade'],
  ])('names the negative context that keeps %s "%s" out (%s)', (language, title, group) => {
    const verdict = judgeRelevance(item(title, '', null, language), shippedLexicon, shippedTopics);
    const negative = shippedLexicon.spec.groups.find((candidate) => candidate.name === group);
    expect(verdict.relevant).toBe(false);
    expect(verdict.matches.some((match) => match.weight < 0 && negative?.terms.includes(match.pattern))).toBe(
      true,
    );
  });
});
