// Generates the benchmark feed: N items, multilingual (de, en, fr), several caption variants,
// realistic field lengths, deterministic (seeded). Usage: node generate-feed.mjs N > feed.json
let seed = 0x12345678;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const WORDS = {
  de: ['Unser', 'neues', 'Projekt', 'zeigt', 'wie', 'Teams', 'gemeinsam', 'mehr', 'erreichen', 'Kunden', 'Energie', 'Zukunft', 'Qualität', 'Werk', 'Standort', 'Bericht', 'Zahlen', 'Erfolg', 'Nachhaltigkeit', 'Ausbildung'],
  en: ['Our', 'new', 'project', 'shows', 'how', 'teams', 'achieve', 'more', 'together', 'customers', 'energy', 'future', 'quality', 'plant', 'site', 'report', 'numbers', 'success', 'sustainability', 'training'],
  fr: ['Notre', 'nouveau', 'projet', 'montre', 'comment', 'équipes', 'réussissent', 'ensemble', 'clients', 'énergie', 'avenir', 'qualité', 'usine', 'site', 'rapport', 'chiffres', 'succès', 'durabilité', 'formation', 'plus'],
};
const sentence = (lang, n) => Array.from({ length: n }, () => pick(WORDS[lang])).join(' ');
const n = Number(process.argv[2] ?? 10000);
const items = [];
for (let i = 0; i < n; i += 1) {
  const langs = rand() < 0.15 ? ['de', 'en', 'fr'] : ['de', 'en'];
  const title = Object.fromEntries(langs.map((l) => [l, sentence(l, 4)]));
  const summary = Object.fromEntries(langs.map((l) => [l, `${sentence(l, 8)}.`]));
  const captions = [];
  for (const l of langs) {
    const variants = 1 + (rand() < 0.4 ? 1 : 0);
    for (let v = 0; v < variants; v += 1) captions.push({ lang: l, text: `${sentence(l, 10)}: {url}` });
  }
  if (rand() < 0.3) captions.push({ lang: 'en', network: 'x', text: `${sentence('en', 8)} {url}` });
  const item = {
    id: `item-${i}`,
    url: `https://www.beispiel.de/news/${i}`,
    title,
    summary,
    campaign: `campaign-${i % 40}`,
    priority: Math.floor(rand() * 101),
    captions,
  };
  if (rand() < 0.5) item.image = `https://img.beispiel.de/${i}.jpg`;
  if (rand() < 0.2) item.audience = { teams: [pick(['Sales', 'Engineering', 'HR'])] };
  if (rand() < 0.3) item.publish_at = '2026-01-01T08:00:00+01:00';
  if (rand() < 0.3) item.expires_at = '2099-12-31T23:59:59+01:00';
  if (rand() < 0.2) item.hashtags = [`#Topic${i % 17}`];
  items.push(item);
}
process.stdout.write(JSON.stringify({ version: 1, organization: { name: 'Beispiel GmbH', hashtags: ['#BeispielGmbH'] }, items }));
