import { describe, expect, it } from 'vitest';

import {
  looksLikePhone,
  normalizeText,
  phoneDigits,
  prepareQuery,
  searchDocument,
} from './normalize.js';

/**
 * One stored spelling of a name and how users look for it.
 * - `same`: other spellings that reduce to the same canonical form, so each finds the other in
 *   both directions (stored in Cyrillic, typed in Latin, and the other way round);
 * - `foundBy`: alternative spellings that find the stored record through the variants its
 *   `search_text` carries (but that are not a canonical spelling themselves).
 */
interface NameCase {
  readonly stored: string;
  readonly same?: readonly string[];
  readonly foundBy?: readonly string[];
}

/** The user's query is found in the stored record's search_text. */
function finds(query: string, stored: string): boolean {
  const text = normalizeText(query);
  return text !== '' && searchDocument([stored]).includes(text);
}

const NAMES: Readonly<Record<string, readonly NameCase[]>> = {
  'sr-Cyrl / sr-Latn': [
    { stored: 'Петровић', same: ['Petrović', 'petrovic', 'PETROVIĆ'] },
    {
      stored: 'Ђорђевић',
      same: ['Đorđević', 'Djordjević', 'djordjevic', 'ĐORĐEVIĆ'],
      foundBy: ['dordevic', 'Dorđević'],
    },
    { stored: 'Đorđević', foundBy: ['dordevic', 'Ђорђ'] },
    { stored: 'Јовановић', same: ['Jovanović', 'jovanovic'] },
    { stored: 'Љубомир', same: ['Ljubomir', 'ljubomir', 'LJUBOMIR'] },
    { stored: 'Љубица', same: ['Ljubica'] },
    { stored: 'Његош', same: ['Njegoš', 'njegos'] },
    { stored: 'Њего', same: ['Njego'] },
    {
      stored: 'Петар II Петровић Његош',
      same: ['Petar II Petrović Njegoš'],
      foundBy: ['petrovic njegos', 'Petar II'],
    },
    { stored: 'Џајић', same: ['Džajić', 'dzajic', 'DŽAJIĆ'] },
    { stored: 'Ћосић', same: ['Ćosić', 'cosic'] },
    { stored: 'Чолић', same: ['Čolić', 'colic'] },
    { stored: 'Шапић', same: ['Šapić', 'sapic'] },
    { stored: 'Живковић', same: ['Živković', 'zivkovic'] },
    {
      stored: 'Љиљана Ђукић',
      same: ['Ljiljana Đukić', 'ljiljana djukic'],
      foundBy: ['ljiljana dukic', 'dukic'],
    },
    {
      stored: 'Вук Стефановић Караџић',
      same: ['Vuk Stefanović Karadžić'],
      foundBy: ['karadzic', 'Stefanović Karadžić'],
    },
    {
      stored: 'Новак Ђоковић',
      same: ['Novak Đoković', 'novak djokovic'],
      foundBy: ['dokovic', 'novak dokovic'],
    },
    { stored: 'Милош Обилић', same: ['Miloš Obilić', 'milos obilic'] },
    { stored: 'Јелена Шћекић', same: ['Jelena Šćekić', 'jelena scekic'] },
    { stored: 'Гордана Жижић', same: ['Gordana Žižić', 'gordana zizic'] },
    { stored: 'Београд', same: ['Beograd', 'BEOGRAD'] },
    { stored: 'Ниш', same: ['Niš', 'nis'] },
    { stored: 'Нови Сад', same: ['Novi Sad'] },
    { stored: 'Крагујевац', same: ['Kragujevac'] },
    { stored: 'Чачак', same: ['Čačak', 'cacak'] },
    { stored: 'Зрењанин', same: ['Zrenjanin'] },
    { stored: 'Ужице', same: ['Užice', 'uzice'] },
    { stored: 'Кнез Михаилова улица', same: ['Knez Mihailova ulica'], foundBy: ['knez mihail'] },
    {
      stored: 'Булевар краља Александра 73',
      same: ['Bulevar kralja Aleksandra 73'],
      foundBy: ['kralja aleksandra'],
    },
    {
      stored: 'Улица Ђорђа Станојевића 14',
      same: ['Ulica Đorđa Stanojevića 14'],
      foundBy: ['dorda stanojevica'],
    },
    { stored: 'Телеком Србија а.д.', same: ['Telekom Srbija a.d.'], foundBy: ['telekom srbija'] },
    { stored: 'Нафтна индустрија Србије', same: ['Naftna industrija Srbije'] },
  ],
  mk: [
    {
      stored: 'Ѓорѓиевски',
      same: ['Gjorgjievski', 'gjorgjievski', 'ЃОРЃИЕВСКИ'],
      foundBy: ['gorgievski'],
    },
    { stored: 'Ќосевска', same: ['Kjosevska'], foundBy: ['kosevska'] },
    { stored: 'Ѕвезданоски', same: ['Dzvezdanoski', 'dzvezdanoski'] },
    { stored: 'Ѓуровски', same: ['Gjurovski'], foundBy: ['gurovski'] },
    { stored: 'Ќосев', same: ['Kjosev'], foundBy: ['kosev'] },
    { stored: 'Љупчо Ѓорѓиев', same: ['Ljupčo Gjorgjiev'], foundBy: ['ljupco gorgiev'] },
    { stored: 'Ѓорче Петров', same: ['Gjorče Petrov', 'gjorce petrov'], foundBy: ['gorce petrov'] },
    { stored: 'Тоше Проески', same: ['Toše Proeski', 'tose proeski'] },
    { stored: 'Кочо Рацин', same: ['Kočo Racin', 'koco racin'] },
    { stored: 'Џемаил Шаќири', same: ['Džemail Šakjiri'], foundBy: ['dzemail sakiri'] },
    { stored: 'Скопје', same: ['Skopje', 'skopje'] },
    { stored: 'Битола', same: ['Bitola'] },
    { stored: 'Охрид', same: ['Ohrid'] },
    { stored: 'Штип', same: ['Štip', 'stip'] },
    { stored: 'Куманово', same: ['Kumanovo'] },
    { stored: 'Тетово', same: ['Tetovo'] },
    { stored: 'Струмица', same: ['Strumica'] },
    { stored: 'Гевгелија', same: ['Gevgelija'] },
    { stored: 'Ѓорѓи Ѓуроски', same: ['Gjorgji Gjuroski'], foundBy: ['Gorgi Guroski'] },
    { stored: 'Македонски Телеком АД Скопје', same: ['Makedonski Telekom AD Skopje'] },
    { stored: 'улица Македонија бр. 12', same: ['ulica Makedonija br. 12'] },
  ],
  sl: [
    { stored: 'Šuštar', same: ['sustar', 'Sustar', 'ŠUŠTAR'] },
    { stored: 'Žnidaršič', same: ['znidarsic', 'Žnidaršič'] },
    { stored: 'Čeh', same: ['ceh', 'ČEH'] },
    { stored: 'Potočnik', same: ['potocnik'] },
    { stored: 'Kovačič', same: ['kovacic'] },
    { stored: 'Zupančič', same: ['zupancic'] },
    { stored: 'Božič', same: ['bozic'] },
    { stored: 'Hočevar', same: ['hocevar', 'Хочевар'] },
    { stored: 'Mlakar', same: ['Млакар'] },
    { stored: 'Jože Plečnik', same: ['joze plecnik'] },
    { stored: 'France Prešeren', same: ['france preseren'] },
    { stored: 'Prešernov trg 1', same: ['presernov trg 1'] },
    { stored: 'Trubarjeva cesta 5', same: ['trubarjeva cesta 5'] },
    { stored: 'Ljubljana', same: ['LJUBLJANA', 'Љубљана'] },
    { stored: 'Škofja Loka', same: ['skofja loka'] },
    { stored: 'Celje', same: ['Цеље'] },
    { stored: 'Murska Sobota', same: ['murska sobota'] },
    {
      stored: 'Krka, tovarna zdravil, d. d., Novo mesto',
      foundBy: ['krka', 'tovarna zdravil', 'novo mesto'],
    },
    { stored: 'Gorenje d.d.', same: ['gorenje d.d.'], foundBy: ['gorenje'] },
  ],
  hr: [
    { stored: 'Kovačević', same: ['kovacevic', 'Ковачевић'] },
    { stored: 'Knežević', same: ['knezevic', 'Кнежевић'] },
    { stored: 'Blažević', same: ['blazevic'] },
    { stored: 'Đurđević', same: ['Djurdjević', 'Ђурђевић'], foundBy: ['durdevic'] },
    // "Ð" (U+00D0, Icelandic eth) is what legacy Croatian data often holds instead of "Đ".
    { stored: 'ÐURÐEVIĆ', same: ['Đurđević'], foundBy: ['durdevic'] },
    { stored: 'Đakovo', same: ['djakovo'], foundBy: ['dakovo'] },
    { stored: 'Međimurje', same: ['medjimurje'], foundBy: ['medimurje'] },
    { stored: 'Čakovec', same: ['cakovec'] },
    { stored: 'Šibenik', same: ['sibenik'] },
    { stored: 'Požega', same: ['pozega'] },
    { stored: 'Zagreb', same: ['ZAGREB', 'Загреб'] },
    { stored: 'Rijeka', same: ['Ријека'] },
    {
      stored: 'Trg bana Josipa Jelačića',
      same: ['trg bana josipa jelacica'],
      foundBy: ['jelacic'],
    },
    { stored: 'Ulica kralja Zvonimira 12', same: ['ulica kralja zvonimira 12'] },
    {
      stored: 'Končar – Elektroindustrija d.d.',
      foundBy: ['koncar', 'Končar Elektroindustrija'],
    },
    { stored: 'Podravka d.d.', foundBy: ['podravka'] },
    { stored: 'INA – Industrija nafte, d.d.', foundBy: ['ina industrija nafte'] },
  ],
  bs: [
    { stored: 'Hadžić', same: ['hadzic', 'Хаџић'] },
    { stored: 'Hodžić', same: ['hodzic'] },
    { stored: 'Džaferović', same: ['Џаферовић', 'dzaferovic'] },
    { stored: 'Ćatić', same: ['catic', 'Ћатић'] },
    { stored: 'Šehić', same: ['sehic'] },
    { stored: 'Mehmedović', same: ['mehmedovic'] },
    { stored: 'Edin Džeko', same: ['edin dzeko', 'Един Џеко'] },
    { stored: 'Alija Izetbegović', same: ['alija izetbegovic'] },
    { stored: 'Sarajevo', same: ['Сарајево'] },
    { stored: 'Banja Luka', same: ['Бања Лука'] },
    { stored: 'Baščaršija', same: ['bascarsija'] },
    { stored: 'Ferhadija 15', same: ['ферхадија 15'] },
    { stored: 'Mostar', same: ['Мостар'] },
    { stored: 'Zenica', same: ['Зеница'] },
    { stored: 'BH Telecom d.d. Sarajevo', foundBy: ['bh telecom'] },
  ],
  el: [
    {
      stored: 'Παπαδόπουλος',
      same: ['Papadopoulos', 'papadopoulos', 'ΠΑΠΑΔΟΠΟΥΛΟΣ', 'Παπαδοπουλος'],
      foundBy: ['papadopulos', 'Papadopul'],
    },
    {
      stored: 'Χρήστος',
      same: ['Christos', 'ΧΡΗΣΤΟΣ'],
      foundBy: ['Hristos', 'xristos', 'Христос'],
    },
    { stored: 'Γεώργιος', same: ['Georgios', 'ΓΕΩΡΓΙΟΣ'] },
    {
      stored: 'Ευάγγελος',
      same: ['Evangelos', 'ΕΥΑΓΓΕΛΟΣ'],
      foundBy: ['Euaggelos', 'Evaggelos', 'Euangelos'],
    },
    {
      stored: 'Μπακογιάννης',
      same: ['Bakogiannis'],
      foundBy: ['Mpakogiannis', 'Bakoyannis', 'Bakoyiannis'],
    },
    { stored: 'Ντόρα', same: ['Dora'], foundBy: ['Ntora'] },
    { stored: 'Γκίκας', same: ['Gikas'], foundBy: ['Gkikas'] },
    { stored: 'Κυριάκος', same: ['Kyriakos'], foundBy: ['Kiriakos'] },
    { stored: 'Θεσσαλονίκη', same: ['Thessaloniki', 'ΘΕΣΣΑΛΟΝΙΚΗ'] },
    { stored: 'Βασίλης', same: ['Vasilis'], foundBy: ['Basilis'] },
    { stored: 'Αθήνα', same: ['Athina', 'ΑΘΗΝΑ'] },
    { stored: 'Ελευθέριος', same: ['Eleftherios'], foundBy: ['Eleutherios'] },
    { stored: 'Αικατερίνη', same: ['Aikaterini'], foundBy: ['Ekaterini'] },
    { stored: 'Ειρήνη', same: ['Eirini'], foundBy: ['Irini'] },
    { stored: 'Παναγιώτης', same: ['Panagiotis'], foundBy: ['Panayotis', 'Panayiotis'] },
    { stored: 'Γιάννης', same: ['Giannis'], foundBy: ['Yannis', 'Yiannis'] },
    { stored: 'Ιωάννης', same: ['Ioannis'] },
    { stored: 'Δημήτριος', same: ['Dimitrios'] },
    { stored: 'Νικόλαος', same: ['Nikolaos'] },
    { stored: 'Κωνσταντίνος', same: ['Konstantinos'], foundBy: ['Konstandinos'] },
    { stored: 'Αλέξανδρος', same: ['Alexandros'], foundBy: ['Aleksandros'] },
    { stored: 'Σπύρος', same: ['Spyros'], foundBy: ['Spiros'] },
    { stored: 'Μιχάλης', same: ['Michalis'], foundBy: ['Mihalis'] },
    { stored: 'Παύλος', same: ['Pavlos'], foundBy: ['Paulos'] },
    { stored: 'Ευστάθιος', same: ['Efstathios'], foundBy: ['Eustathios'] },
    { stored: 'Ζαχαρίας', same: ['Zacharias'], foundBy: ['Zaharias'] },
    {
      stored: 'Χαράλαμπος',
      same: ['Charalampos'],
      foundBy: ['Haralambos', 'Charalambos', 'Xaralampos'],
    },
    { stored: 'Ξανθή', same: ['Xanthi'], foundBy: ['Ksanthi'] },
    { stored: 'Ψαράς', same: ['Psaras'] },
    { stored: 'Μητσοτάκης', same: ['Mitsotakis'] },
    { stored: 'Οικονόμου', same: ['Oikonomou'], foundBy: ['Ikonomou'] },
    { stored: 'Αγγελική', same: ['Angeliki'], foundBy: ['Aggeliki'] },
    { stored: 'Αυγερινός', same: ['Avgerinos'], foundBy: ['Augerinos'] },
    { stored: 'Τζένη', same: ['Tzeni'] },
    { stored: 'Ηλίας', same: ['Ilias'] },
    { stored: 'Ιωάννα Ντούλα', same: ['Ioanna Doula'], foundBy: ['Ntoula', 'Dula'] },
    { stored: 'Μαρία Κάλλας', same: ['Maria Kallas'] },
    { stored: 'Πειραιάς', same: ['Peiraias'], foundBy: ['Pireas'] },
    { stored: 'Ηράκλειο', same: ['Irakleio'], foundBy: ['Iraklio'] },
    { stored: 'Κέρκυρα', same: ['Kerkyra'], foundBy: ['Kerkira'] },
    { stored: 'Χανιά', same: ['Chania'], foundBy: ['Hania'] },
    { stored: 'Βέροια', same: ['Veroia'], foundBy: ['Veria'] },
    { stored: 'Πάτρα', same: ['Patra'] },
    { stored: 'Καλαμάτα', same: ['Kalamata'] },
    // Dialytika: no digraph. ELOT 743: "Ταΰγετος" → Taygetos.
    { stored: 'Ταΰγετος', same: ['Taygetos'] },
    { stored: 'Ευρώπη', same: ['Evropi'] },
    { stored: 'Άγιος Νικόλαος', same: ['Agios Nikolaos'], foundBy: ['Ayios'] },
    { stored: 'Οδός Ερμού 25', same: ['Odos Ermou 25'], foundBy: ['Ermu'] },
    {
      stored: 'Λεωφόρος Βασιλίσσης Σοφίας',
      same: ['Leoforos Vasilissis Sofias'],
      foundBy: ['Basilissis Sofias'],
    },
    { stored: 'Εγνατία 100', same: ['Egnatia 100'] },
    { stored: 'Εθνική Τράπεζα της Ελλάδος', same: ['Ethniki Trapeza tis Ellados'] },
    {
      stored: 'Οργανισμός Τηλεπικοινωνιών Ελλάδος',
      same: ['Organismos Tilepikoinonion Ellados'],
      foundBy: ['tilepikinonion'],
    },
    {
      stored: 'Χρήστος Παπαδόπουλος',
      same: ['Christos Papadopoulos'],
      foundBy: ['hristos papadopulos', 'Hristos Papadopoulos'],
    },
  ],
  'bg / ru / uk customers': [
    { stored: 'София', same: ['Sofiya'], foundBy: ['Sofia', 'Sofija'] },
    {
      stored: 'Мария Иванова',
      same: ['Mariya Ivanova'],
      foundBy: ['Maria Ivanova', 'Marija Ivanova'],
    },
    { stored: 'Жечев', same: ['Žečev'], foundBy: ['Zhechev'] },
    { stored: 'Шишков', same: ['Šiškov'], foundBy: ['Shishkov'] },
    { stored: 'Цветков', same: ['Cvetkov'], foundBy: ['Tsvetkov'] },
    { stored: 'Щерев', same: ['Shterev'] },
    { stored: 'Търново', same: ['Tarnovo'] },
    { stored: 'Пловдив', same: ['Plovdiv'] },
    { stored: 'Николай', same: ['Nikolaj'], foundBy: ['Nikolay', 'Nikolai'] },
    { stored: 'Юрий', same: ['Yurij'], foundBy: ['Yuriy', 'Jurij'] },
    { stored: 'Олексій', same: ['Oleksij'], foundBy: ['Oleksiy'] },
    { stored: 'Эдуард', same: ['Eduard'] },
  ],
  // Stored in Latin (as it came from a spreadsheet, a web form or an e-mail signature), typed
  // by a colleague in their own script: the other direction of the tables above.
  'stored in Latin, typed in Cyrillic or Greek': [
    { stored: 'Dragan Stojanović', same: ['Драган Стојановић', 'dragan stojanovic'] },
    { stored: 'Jelena Đurić', same: ['Јелена Ђурић', 'jelena djuric'], foundBy: ['Јелена'] },
    { stored: 'Nenad Ćirić', same: ['Ненад Ћирић'] },
    { stored: 'Nikola Tesla', same: ['Никола Тесла'], foundBy: ['Тесла'] },
    { stored: 'Aleksandar Gjorgjievski', same: ['Александар Ѓорѓиевски'] },
    { stored: 'Blagoja Kjoseski', same: ['Благоја Ќосески'] },
    { stored: 'Marija Dzvezdanovska', same: ['Марија Ѕвездановска'] },
    { stored: 'Papadopoulos', same: ['Παπαδόπουλος', 'ΠΑΠΑΔΟΠΟΥΛΟΣ'], foundBy: ['Παπαδ'] },
    { stored: 'Georgios Nikolaidis', same: ['Γεώργιος Νικολαΐδης'] },
    { stored: 'Thessaloniki', same: ['Θεσσαλονίκη'], foundBy: ['Θεσσαλ'] },
    { stored: 'Eleni Konstantinou', same: ['Ελένη Κωνσταντίνου'], foundBy: ['Κωνσταντ'] },
    { stored: 'Skopje', same: ['Скопје'] },
    { stored: 'Podgorica', same: ['Подгорица'] },
    { stored: 'Đukanović', same: ['Ђукановић'], foundBy: ['dukanovic'] },
  ],
  // Montenegrin and Croatian letters that the other scripts do not have.
  me: [
    { stored: 'Śekularac', same: ['sekularac', 'Sekularac'] },
    { stored: 'Źaković', same: ['zakovic'] },
    { stored: 'Njegoševa 12, Cetinje', same: ['Његошева 12, Цетиње', 'njegoseva 12 cetinje'] },
    { stored: 'Херцег Нови', same: ['Herceg Novi'] },
    { stored: 'Жабљак', same: ['Žabljak', 'zabljak'] },
  ],
  'en and other Latin': [
    { stored: 'John Smith', same: ['JOHN SMITH', 'john  smith', ' John\tSmith '] },
    { stored: "O'Brien", same: ["o'brien", 'O’Brien'], foundBy: ['obrien', 'OBrien'] },
    { stored: 'Smith & Wesson', same: ['smith wesson', 'Smith&Wesson'] },
    { stored: 'Hewlett-Packard', same: ['hewlett packard'] },
    { stored: 'Müller GmbH', same: ['Muller GmbH'], foundBy: ['Mueller'] },
    { stored: 'Hauptstraße 5', same: ['Hauptstrasse 5'] },
    { stored: 'Łukasz Żółć', same: ['Lukasz Zolc'] },
    { stored: 'Søren Kierkegaard', same: ['Soren Kierkegaard'] },
    { stored: 'François', same: ['Francois'] },
    { stored: 'José Martínez', same: ['Jose Martinez'] },
    { stored: 'Ångström', same: ['Angstrom'] },
    { stored: 'İstanbul', same: ['istanbul', 'ISTANBUL'] },
    { stored: 'ﬁnance ﬂow', same: ['finance flow'] },
    { stored: 'ＡＣＭＥ Ｌｔｄ', same: ['ACME Ltd'] },
    { stored: 'Őrség Kft.', same: ['Orseg Kft'] },
    { stored: 'Ștefan Popescu', same: ['Stefan Popescu', 'Ştefan Popescu'] },
    { stored: 'Durrës', same: ['Durres'] },
    { stored: 'Microsoft Corporation', foundBy: ['microsoft', 'soft corp'] },
  ],
};

const ALL_CASES = Object.values(NAMES).flat();

describe('the same name in any script and spelling finds the stored record', () => {
  for (const [locale, cases] of Object.entries(NAMES)) {
    describe(locale, () => {
      const pairs: [string, string][] = [];
      for (const { stored, same = [], foundBy = [] } of cases) {
        const spellings = [stored, ...same];
        for (const query of spellings)
          for (const other of spellings) if (query !== other) pairs.push([query, other]);
        for (const query of foundBy) pairs.push([query, stored]);
      }
      it.each(pairs)('query %j finds stored %j', (query, stored) => {
        expect(searchDocument([stored])).toContain(normalizeText(query));
        expect(finds(query, stored)).toBe(true);
      });

      it.each(cases.filter((c) => c.same !== undefined).map((c) => [c.stored, c.same ?? []]))(
        '%j has one canonical form for all its spellings',
        (stored, same) => {
          for (const spelling of same) expect(normalizeText(spelling)).toBe(normalizeText(stored));
        },
      );
    });
  }
});

describe('canonical form', () => {
  it.each([
    ['Петровић', 'petrovic'],
    ['Ђорђевић', 'djordjevic'],
    ['Џајић', 'dzajic'],
    ['Љубица Њего', 'ljubica njego'],
    ['Ѓорѓиевски', 'gjorgjievski'],
    ['Ќосевска', 'kjosevska'],
    ['Ѕвезданоски', 'dzvezdanoski'],
    ['Παπαδόπουλος', 'papadopoulos'],
    ['Ευάγγελος', 'evangelos'],
    ['Ευστάθιος', 'efstathios'],
    ['Μπακογιάννης', 'bakogiannis'],
    ['Λάμπρος', 'lampros'],
    ['Ντόρα', 'dora'],
    ['Αντώνης', 'antonis'],
    ['Γκίκας', 'gikas'],
    ['Άγκυρα', 'agkyra'],
    ['Σφίγξ', 'sfinx'],
    ['Τζένη', 'tzeni'],
    ['Ψυχή', 'psychi'],
    ['Ζευς', 'zefs'],
    ['ΐ ΰ ς', 'i y s'],
    ['Щука Ёжик Юля', 'shtuka ezik yulya'],
    ['Straße', 'strasse'],
  ])('%j → %j', (input, canonical) => {
    expect(normalizeText(input)).toBe(canonical);
  });

  it('is plain Latin letters, digits and single spaces for every name of the eight locales', () => {
    for (const { stored, same = [], foundBy = [] } of ALL_CASES) {
      for (const spelling of [stored, ...same, ...foundBy]) {
        expect(normalizeText(spelling)).toMatch(/^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$/);
      }
    }
  });

  it('is idempotent: normalizing the canonical form changes nothing', () => {
    for (const { stored, same = [] } of ALL_CASES) {
      for (const spelling of [stored, ...same]) {
        const once = normalizeText(spelling);
        expect(normalizeText(once)).toBe(once);
      }
    }
  });

  it('keeps letters of other scripts, in lower case', () => {
    expect(normalizeText('Ярослав 李小龍 ТЕСТ')).toBe('yaroslav 李小龍 test');
    expect(normalizeText('한국어 テスト')).toBe('한국어 テスト');
    expect(normalizeText('ԱՐԱՄ')).toBe('արամ');
  });

  it('drops invisible characters inside a word instead of splitting it', () => {
    expect(normalizeText('Pe\u00adtro\u200bvić')).toBe('petrovic');
  });
});

describe('search_text document', () => {
  it('contains the canonical form of every part, so every canonical query finds it', () => {
    for (const { stored } of ALL_CASES) {
      expect(searchDocument([stored])).toContain(normalizeText(stored));
    }
  });

  it('joins the parts of a record and finds a query in any of them', () => {
    const doc = searchDocument(['Ана', 'Петровић', 'ana.petrovic@example.rs', 'Телеком Србија']);
    for (const query of ['Ana Petrović', 'ana petrovic', 'Telekom', 'Србија', 'example.rs']) {
      expect(doc).toContain(normalizeText(query));
    }
  });

  it('skips empty, null and undefined parts and has no double or edge spaces', () => {
    const doc = searchDocument([null, '  Ana  ', undefined, '', '🙂', 'Petrović']);
    expect(doc).toBe('ana petrovic');
  });

  it('does not repeat what it already contains', () => {
    expect(searchDocument(['Petrović', 'petrovic', 'PETROVIC'])).toBe('petrovic');
    expect(searchDocument(['Đorđević', 'Ђорђевић'])).toBe(searchDocument(['Đorđević']));
  });

  it('emits no alternatives for a word that has no ambiguous letter', () => {
    expect(searchDocument(['Θεσσαλονίκη'])).toBe('thessaloniki');
    expect(searchDocument(['Marko Marković'])).toBe('marko markovic');
  });

  it('caps the alternatives per word', () => {
    for (const word of ['Χαράλαμπος', 'Ευάγγελος', 'Μπακογιάννης', 'Ђорђевић', 'Χριστόδουλος']) {
      const words = searchDocument([word]).split(' ');
      expect(words.length).toBeLessThanOrEqual(5);
    }
  });

  // Except for ж ш ч ц, which in Cyrillic also get the Bulgarian/Russian spelling (zh sh ch ts).
  it('gives the same document for a Serbian name in Cyrillic and in Latin', () => {
    for (const [cyrillic, latin] of [
      ['Петровић', 'Petrović'],
      ['Ђорђевић', 'Đorđević'],
      ['Љиљана Ђукић', 'Ljiljana Đukić'],
      ['Новак Ђоковић', 'Novak Đoković'],
    ] as const) {
      expect(searchDocument([cyrillic])).toBe(searchDocument([latin]));
    }
  });
});

describe('what must NOT match', () => {
  it.each([
    ['Branko', 'Vranko'],
    ['Бранко', 'Vranko'],
    ['Nikolić', 'Νικολάου'],
    ['Nikolaou', 'Nikolić'],
    ['Petrović', 'Petrov'],
    ['Jovanović', 'Jovanovski'],
    ['Šuštar', 'Šuster'],
    ['Christos', 'Chrysostomos'],
    ['Vasilis', 'Βασιλική'],
    ['Papadopoulos', 'Παπαδάκης'],
    ['Ana', 'Анђела'],
    ['Παύλος', 'Paulo'],
    ['Gjorgjievski', 'Ѓорѓиоски'],
    ['ana.petrovic@example.rs', 'ana.petrovic@example.com'],
    ['marko@example.rs', 'ana.petrovic@example.rs'],
  ])('query %j does not find %j', (query, stored) => {
    expect(finds(query, stored)).toBe(false);
  });

  it('finds both by a shared beginning (partial queries are substrings)', () => {
    expect(finds('Nikol', 'Nikolić')).toBe(true);
    expect(finds('Nikol', 'Νικολάου')).toBe(true);
  });
});

describe('emails', () => {
  const stored = 'ana.petrovic@example.rs';

  it.each([
    'ana.petrovic@example.rs',
    'Ana.Petrovic@Example.RS',
    'petrovic@exa',
    'ana.petrovic',
    'ana.petrovic@',
    '@example.rs',
    'example.rs',
  ])('query %j finds the stored email', (query) => {
    expect(finds(query, stored)).toBe(true);
  });

  it('is found whole even when the name in the same record repeats its words', () => {
    const doc = searchDocument(['Ana', 'Petrović', stored]);
    expect(doc).toContain(normalizeText('ana.petrovic@example.rs'));
  });

  it.each([
    ['jovan_djordjevic+crm@mail.co.rs', 'jovan_djordjevic'],
    ['jovan_djordjevic+crm@mail.co.rs', 'djordjevic+crm'],
    ['jovan_djordjevic+crm@mail.co.rs', 'mail.co.rs'],
    ['Đorđe.Jović@Firma.rs', 'djordje.jovic@firma.rs'],
  ])('stored %j is found by %j', (email, query) => {
    expect(finds(query, email)).toBe(true);
  });
});

describe('phones', () => {
  it.each([
    ['+381 64 123-4567', '381641234567'],
    ['064/123 45 67', '0641234567'],
    ['(011) 123-45-67', '0111234567'],
    ['＋３８１ ６４ １２３', '38164123'],
    ['no digits', ''],
  ])('phoneDigits(%j) = %j', (input, digits) => {
    expect(phoneDigits(input)).toBe(digits);
  });

  it.each([
    ['+381 64 123-4567', true],
    ['064/123 45 67', true],
    ['00381 64 1234567', true],
    ['(011) 123.45.67', true],
    ['064 123–4567', true],
    ['123456', true],
    ['12345', false],
    ['064 123 4567 ext 12', false],
    ['Ana 064 123 4567', false],
    ['ana.petrovic@example.rs', false],
    ['1+1 = 2', false],
    ['+381+64', false],
    ['1'.repeat(30), false],
    ['', false],
  ])('looksLikePhone(%j) = %j', (input, expected) => {
    expect(looksLikePhone(input)).toBe(expected);
  });

  const FOUND: readonly (readonly [stored: string, queries: readonly string[]])[] = [
    [
      '+381 64 123-4567',
      [
        '0641234567',
        '064/123 45 67',
        '+381641234567',
        '00381 64 1234567',
        '641234567',
        '381641234567',
        '(064) 123-4567',
        '064 1234',
      ],
    ],
    ['00381641234567', ['0641234567', '+381 64 123 4567']],
    ['+381 (0)64 123 4567', ['0641234567', '+381641234567', '+381 (0)64 123 4567']],
    ['381641234567', ['0641234567', '+381641234567']],
    ['064/123 45 67', ['0641234567', '641234567', '064-123-4567']],
    ['+386 41 123 456', ['041 123 456', '+38641123456', '41123456']],
    ['+385 91 234 5678', ['091 234 5678', '00385912345678']],
    ['+387 61 123 456', ['061 123 456']],
    ['+382 67 123 456', ['067 123 456']],
    ['+389 70 123 456', ['070 123 456']],
    ['+30 210 1234567', ['2101234567', '210 123 4567', '+302101234567', '00302101234567']],
    ['+30 694 123 4567', ['6941234567']],
    ['+355 69 123 4567', ['069 123 4567']],
    ['+359 88 123 4567', ['088 123 4567']],
    ['+40 721 234 567', ['0721 234 567']],
    ['+36 30 123 4567', ['06 30 123 4567', '301234567']],
    ['+43 664 1234567', ['0664 1234567']],
    ['+49 30 12345678', ['030 12345678']],
    ['+39 06 1234 5678', ['06 1234 5678', '+390612345678']],
    ['+39 333 123 4567', ['333 123 4567']],
    ['+1 212 555 0123', ['+12125550123', '2125550123']],
    ['＋３８１ ６４ １２３ ４５６７', ['0641234567']],
  ];
  const foundPairs = FOUND.flatMap(([stored, queries]) => queries.map((q) => [q, stored]));

  it.each(foundPairs)('query %j finds stored %j', (query, stored) => {
    const { digits } = prepareQuery(query);
    expect(digits).not.toBeNull();
    expect(searchDocument([stored])).toContain(digits);
  });

  it.each([
    ['0641234567', '+381 65 123 4567'],
    ['+381641234567', '+385 64 123 4567'],
    ['064 123 4567', '064 123 4568'],
    // Italy has no trunk prefix: its mobile numbers never start with 0.
    ['0333 1234567', '+39 333 123 4567'],
    ['+30 210 1234568', '+30 210 1234567'],
  ])('query %j does not find stored %j', (query, stored) => {
    const { digits } = prepareQuery(query);
    expect(digits).not.toBeNull();
    expect(searchDocument([stored])).not.toContain(digits);
  });

  it('keeps a phone number apart from the other parts of the record', () => {
    const doc = searchDocument(['Ana Petrović', '+381 64 123-4567', 'Beograd']);
    expect(doc).toContain('ana petrovic');
    expect(doc).toContain('0641234567');
    expect(doc).toContain('beograd');
  });
});

describe('queries', () => {
  it('prepares a name query with one canonical text and no digits', () => {
    expect(prepareQuery('Петровић')).toEqual({ text: 'petrovic', digits: null, tooShort: false });
  });

  it('prepares a phone query with its digits', () => {
    expect(prepareQuery('+381 64 123-4567')).toEqual({
      text: '381 64 123 4567',
      digits: '381641234567',
      tooShort: false,
    });
  });

  it.each(['', ' ', 'a', 'Ж', '5', '?', '🙂', '  .  '])('%j is too short to search', (q) => {
    expect(prepareQuery(q).tooShort).toBe(true);
  });

  it.each(['ab', 'Ni', '12', 'Ψ', 'Ђ'])('%j is long enough to search', (q) => {
    expect(prepareQuery(q).tooShort).toBe(false);
  });
});

describe('bad input never throws and gives a safe query', () => {
  it.each([
    ['empty', ''],
    ['one character', 'x'],
    ['emoji only', '🙂👍🏽🇷🇸❤️👨‍👩‍👧'],
    ['whitespace only', ' \t\n '],
    ['SQL-looking', "'; drop table x;--"],
    ['regex-looking', '.*[a-z]+('],
    ['LIKE wildcards', '50%_off\\'],
    ['lone surrogates', '\ud800abc\udc00'],
    ['control characters', '\u0000\u0007a\u001b[31mb'],
    ['combining marks only', '\u0301\u0308\u0306'],
  ])('%s', (_label, input) => {
    const q = prepareQuery(input);
    // Only letters, digits and single inner spaces: nothing a LIKE pattern or regex interprets.
    expect(q.text).toMatch(/^(?:[\p{L}\p{N}\p{M}]+(?: [\p{L}\p{N}\p{M}]+)*)?$/u);
    expect(() => searchDocument([input])).not.toThrow();
  });

  it('reduces emoji-only input to nothing', () => {
    expect(normalizeText('🙂👍🏽🇷🇸❤️👨‍👩‍👧')).toBe('');
    expect(searchDocument(['🙂👍🏽🇷🇸❤️'])).toBe('');
  });

  it('keeps the words around emoji and symbols', () => {
    expect(normalizeText('Ana 🙂 Petrović ★ d.o.o. ©')).toBe('ana petrovic d o o');
    expect(normalizeText("'; drop table x;--")).toBe('drop table x');
    expect(normalizeText('.*[a-z]+(')).toBe('a z');
    expect(normalizeText('50%_off\\')).toBe('50 off');
  });

  it('handles one string that mixes scripts', () => {
    expect(normalizeText('Petrović Петровић Παπαδόπουλος')).toBe('petrovic petrovic papadopoulos');
    // A Cyrillic "е" hidden in a Latin word (a common copy-paste accident).
    expect(normalizeText('Pеtrović')).toBe('petrovic');
  });

  it('handles 10,000-character input', () => {
    const long = 'Παπαδόπουλος Петровић Šuštar 🙂 ana.petrovic@example.rs '
      .repeat(200)
      .slice(0, 10_000);
    const text = normalizeText(long);
    expect(text.length).toBeGreaterThan(5_000);
    expect(searchDocument([long])).toContain(text);
    expect(prepareQuery(long)).toMatchObject({ digits: null, tooShort: false });
    expect(normalizeText('χ'.repeat(10_000))).toBe('ch'.repeat(10_000));
    expect(searchDocument(['đ'.repeat(10_000)])).toContain('dj'.repeat(10_000));
  });

  it('treats values that are not strings as empty', () => {
    const notAString = 42 as unknown as string;
    expect(normalizeText(notAString)).toBe('');
    expect(phoneDigits(notAString)).toBe('');
    expect(looksLikePhone(notAString)).toBe(false);
    expect(searchDocument([notAString])).toBe('');
  });
});
