import { describe, expect, it } from 'vitest';
import { isBoilerplate, stripBoilerplate, stripTrailingLinkText } from '../../../src/domain/boilerplate.js';

describe('isBoilerplate', () => {
  it.each([
    // English
    ['Dear readers, our journalism depends on you. Please consider a donation today.'],
    ['Support us: become a member for as little as $5 a month.'],
    ['Support independent journalism and help keep our reporting free for everyone.'],
    ['Sign up for our daily newsletter to get the top stories in your inbox.'],
    ['Click here to read the full story on our website.'],
    ['Follow our live coverage.'],
    ['Follow the latest updates here:'],
    ['Подробнее читайте на сайте РИА Новости.'],
    ['Детальніше читайте на сайті.'],
    ['Start your day the right way with a combination of news, sport and entertainment.'],
    ['Read more: Ceasefire talks stall over prisoner lists'],
    ['READ ALSO: What the Istanbul memorandum says'],
    ['We use cookies to personalise content and ads. By continuing you accept our cookie policy.'],
    ['Subscribe to continue reading. Already a subscriber? Log in.'],
    ['Reporting by Tom Balmforth; Editing by Peter Graff'],
    ['Additional reporting by Jane Doe in Kyiv.'],
    ['Lee Keath contributed reporting from Cairo.'],
    ['By John Smith and Jane Doe'],
    ['Efrat Lachter is an investigative reporter and war correspondent.'],
    ['Jane Doe is a senior correspondent for Fox News based in Jerusalem.'],
    ['Photo: Getty Images'],
    ['(Reuters)'],
    ['Ukrainian delegation in Istanbul. Photograph: Ozan Kose/AFP via Getty Images'],
    ['Share this article'],
    ['Follow us on Twitter and Facebook for the latest updates.'],
    ['Advertisement'],
    ['Published: 10:00am, 20 Jan, 2020'],
    ['23.10.2018, 19:49'],
    // Russian
    ['Читайте также: Как прошёл первый раунд переговоров'],
    ['Уважаемые читатели! Поддержите независимую журналистику.'],
    ['Подписывайтесь на наш Telegram-канал'],
    ['Фото: ТАСС'],
    ['Мы используем файлы cookie, чтобы сайт работал лучше.'],
    ['Автор: Иван Петров'],
    ['12 марта 2025, 14:05'],
    // Ukrainian
    ['Читайте також: Що відомо про новий раунд переговорів'],
    ['Детальніше:'],
    ['Шановні читачі, підтримайте нашу редакцію донатом.'],
    ['Підписуйтесь на наш Telegram-канал, щоб не пропустити головне.'],
    ['Фото: Укрінформ'],
    ['Оновлено 20 січня 2025, 10:15'],
    // Spanish, Italian, Portuguese, Turkish, Polish, Arabic
    ['Lee también: Qué se sabe de la tregua en Gaza'],
    ['Leggi anche: i colloqui di Istanbul'],
    ['Leia mais: o que diz o plano de paz'],
    ['Devamını oku'],
    ['Czytaj także: Rozmowy pokojowe w Stambule'],
    ['اقرأ أيضا: ما الذي نعرفه عن الهدنة'],
    ['Suscríbete a nuestra newsletter para recibir lo más importante.'],
    ['Iscriviti alla newsletter del mattino'],
  ])('drops %j', (paragraph) => {
    expect(isBoilerplate(paragraph)).toBe(true);
  });

  it.each([
    ['The European Union pledged to support Ukraine in the negotiations, the commissioner said.'],
    ['In a newsletter to investors, the fund said the ceasefire had calmed markets.'],
    ['Dozens of readers wrote to the paper after the peace plan was published.'],
    ['By Tuesday, the ceasefire had collapsed and both sides blamed each other.'],
    ['Reuters reported that the talks would resume in Geneva next week.'],
    ['Follow the talks closely, analysts urged investors.'],
    ['Follow the latest developments: Russian and Ukrainian delegations met in Istanbul on Friday.'],
    ['Follow the full text of the 20-point plan, published by the White House on Monday.'],
    ['Подробнее о переговорах рассказал Песков.'],
    ['Share prices in Moscow rose after the call between the two presidents.'],
    ['The talks began on 16 May 2025 in Istanbul, the first direct meeting in three years.'],
    ['Cookies and tea were served to the delegations during the break, a witness said.'],
    ['Стороны договорились поддержать гуманитарную инициативу ООН.'],
    ['Переговоры в Стамбуле начались 16 мая.'],
    ['Подробнее о ходе переговоров рассказал министр иностранных дел Турции.'],
    ['Related negotiations in Doha stalled over the sequencing of the hostage releases.'],
    ['Україна готова підтримати ідею повного припинення вогню, заявив міністр.'],
    ['Делегації обговорили обмін полоненими, повідомили у штабі.'],
    ['Leer más allá de los titulares es la tarea de los negociadores, dijo el mediador.'],
    ['Saiba-se que a trégua foi violada duas vezes, segundo a ONU.'],
    // a journalist who is the news, not a bio line
    ['Evan Gershkovich is a reporter who spent 491 days in a Russian prison before the swap.'],
    ['Steve Witkoff is the special envoy who brokered the ceasefire in January.'],
  ])('keeps %j', (paragraph) => {
    expect(isBoilerplate(paragraph)).toBe(false);
  });

  it('keeps a long article paragraph that happens to start like a donation appeal', () => {
    const paragraph = `Support for the deal ${'grew steadily among lawmakers as the details emerged, '.repeat(15)}`;
    expect(isBoilerplate(paragraph)).toBe(false);
  });
});

describe('stripBoilerplate', () => {
  it('drops a "Read also:" heading together with the link titles under it', () => {
    const text = 'The talks ended without an agreement on the future of the occupied territories.';
    const after = 'Both delegations are expected back in Istanbul next month, officials said.';
    expect(
      stripBoilerplate([text, 'Read also:', 'Envoys meet in Riyadh', 'What the memorandum says', after]),
    ).toEqual([text, after]);
  });

  it('removes furniture lines from a paragraph built from <br>-separated lines', () => {
    expect(
      stripBoilerplate(['Views: 1120\nThe ceasefire held through the night.\nComments are closed']),
    ).toEqual(['The ceasefire held through the night.']);
  });

  it('keeps paragraphs in their original order', () => {
    const paragraphs = ['First paragraph of the report.', 'Second paragraph of the report.', 'Third one.'];
    expect(stripBoilerplate(paragraphs)).toEqual(paragraphs);
  });
});

describe('stripTrailingLinkText', () => {
  it.each([
    [
      'Kiev has rejected a humanitarian pause, the Russian Defense Ministry said Read Full Article at RT.com',
      'Kiev has rejected a humanitarian pause, the Russian Defense Ministry said',
    ],
    ['Delegations met in Doha. Read more: https://punchng.com/talks/', 'Delegations met in Doha.'],
    ['Talks resumed on Monday. READ MORE', 'Talks resumed on Monday.'],
    [
      'Envoys met in Cairo. The post Gaza talks resume appeared first on Example News.',
      'Envoys met in Cairo.',
    ],
    ['The envoy arrived in Kyiv. Continue reading →', 'The envoy arrived in Kyiv.'],
  ])('takes the link text off %j', (text, expected) => {
    expect(stripTrailingLinkText(text)).toBe(expected);
  });

  it('looks at the end only, in time linear in the length', () => {
    const long = `${' '.repeat(100_000)}x`;
    const started = performance.now();
    expect(stripTrailingLinkText(long)).toBe(long);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it.each([
    'Analysts say they will read more into the ceasefire terms',
    'Readers can read more',
    'The post of envoy was filled.',
    'Envoys met. The post by Medvedev appeared first on his Telegram channel.',
    'The post of special envoy appeared first on a list of demands.',
    'Continue reading the draft overnight, the envoy told his team.',
    'Read more',
  ])('leaves prose alone: %j', (text) => {
    expect(stripTrailingLinkText(text)).toBe(text);
  });
});
