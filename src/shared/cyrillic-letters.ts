// Letters only one of the Cyrillic languages Parley's readers write uses: Ukrainian і ї є ґ, Russian
// ы э ё (Bulgarian, Serbian and Macedonian have none of them), Belarusian ў, Serbian and Macedonian
// ј љ њ ђ ћ џ ѓ ќ ѕ, Kazakh ә ғ қ ң ө ұ ү һ. Russian ъ is left out: Bulgarian has it as a vowel.

/** Letters Ukrainian has and Russian does not. */
export const ukrainianOnly = /[іїєґ]/iu;
/** Letters Russian has and Ukrainian, Bulgarian, Serbian and Macedonian do not. */
export const russianOnly = /[ыэё]/iu;
/** Letters of the other Cyrillic languages (Belarusian, Serbian, Macedonian, Kazakh) only. */
export const otherCyrillic = /[ўјљњђћџѓќѕәғқңөұүһ]/iu;
