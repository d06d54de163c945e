import { LOOKS_LATIN } from '../accounts/names';
import { authorize, type Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { LOCALES, WORD_ACTIONS, type Locale, type WordAction } from '../db/schema';
import { markdownToText } from '../formats/markdown';
import * as log from './log';

/*
 * Word lists per language, managed by admins: a listed word blocks a message (refused, the
 * word named) or holds it for the moderators. Matching is on whole words, whatever their case,
 * accents, ligatures or width, so French "con" never matches "conférence", and an English word
 * never matches inside German "weniger" (Lemmy's filter did). Words are the runs of letters and
 * digits (\p{L}\p{N}) of the folded text: apostrophes and hyphens separate them, so the French
 * elision "d’con" and the English "con's" are caught. A listed phrase ("foo bar") matches its
 * words one after the other, with only spaces, hyphens or apostrophes between them.
 *
 * A message is read twice: as typed, and as its readers see it, Markdown and HTML markup gone
 * and entities decoded, so "via**gra**", "vi`a`gra", "viag&#114;a", "via<!-- -->gra" or
 * "via<b>gra</b>" are "viagra". Letters of other scripts drawn like Latin ones read as those
 * (the display names' table), so a Cyrillic "а" in "viаgra" does not hide it. Not caught:
 * letters spread apart ("v-i-a-g-r-a", "v i a g r a"), which whole-word matching cannot tell
 * from ordinary words without false alarms; the moderators' queue and reports are for those.
 */

export type WordMatch = { word: string; locale: Locale; action: WordAction };

export type WordRule = {
	id: number;
	locale: Locale;
	word: string;
	action: WordAction;
	createdAt: number;
	/** The admin who added it, while their account exists. */
	createdByName: string | null;
};

/** The longest word or phrase a list takes, in characters. */
export const MAX_WORD_LENGTH = 64;

export type WordProblem =
	| { field: 'word'; code: 'required' | 'invalid_characters' | 'taken' }
	| { field: 'word'; code: 'too_long'; max: number }
	| { field: 'locale' | 'action'; code: 'invalid' };

export class WordInputError extends Error {
	constructor(readonly problems: WordProblem[]) {
		super(`Invalid word rule: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'WordInputError';
	}
}

/*
 * Invisible characters go before anything is compared: format characters (zero-width spaces and
 * joiners, soft hyphens, bidi controls) and the blank "letters" (Hangul fillers) that make
 * "c\u200bon" look like "con" on the page. Combining marks go after NFKD: accents.
 */
const DROPPED = /[\p{M}\p{Cf}\u115f\u1160\u3164\uffa0]/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** What may stand between the words of a listed phrase: spaces, hyphens, apostrophes. */
const PHRASE_GAP = /[\s\p{Pd}'’ʼ`´_]/u;
/** Letters NFKD keeps whole that readers take for plain ones (after lower-casing). */
const PLAIN: Record<string, string> = {
	œ: 'oe',
	æ: 'ae',
	ß: 'ss',
	ø: 'o',
	đ: 'd',
	ð: 'd',
	ł: 'l',
	ı: 'i',
	ħ: 'h',
	ŧ: 't',
	ŋ: 'n',
	ĸ: 'k',
	þ: 'th',
	ς: 'σ'
};

const PLAIN_BY_CODE = new Map(
	Object.entries({ ...LOOKS_LATIN, ...PLAIN }).map(([from, to]) => [from.codePointAt(0)!, to])
);

/** What a character is to matching (0: not classified yet). */
const Kind = { Unknown: 0, Word: 1, Dropped: 2, Gap: 3, Separator: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function classify(character: string): Kind {
	if (DROPPED.test(character)) return Kind.Dropped;
	if (WORD_CHARACTER.test(character)) return Kind.Word;
	return PHRASE_GAP.test(character) ? Kind.Gap : Kind.Separator;
}

/*
 * Unicode property classes are slow to run over a long text (some 0.2 ms for 10,000
 * characters): each character of the Basic Multilingual Plane is classified once, then read
 * from this table (64 KB); the rarer others are classified as met.
 */
const BMP = new Uint8Array(0x10000);

function kindOf(code: number): Kind {
	if (code >= 0x10000) return classify(String.fromCodePoint(code));
	let kind = BMP[code] as Kind;
	if (kind === Kind.Unknown) BMP[code] = kind = classify(String.fromCharCode(code));
	return kind;
}

type Words = { words: string[]; joined: boolean[] };

/**
 * The words of a text as they are compared: compatibility-decomposed (ligatures, full-width and
 * styled letters become plain ones), lower-cased, accents and invisible characters dropped; and
 * whether each is joined to the one before as in a phrase. One pass over the text.
 */
function wordsOf(text: string): Words {
	const folded = text.normalize('NFKD').toLowerCase();
	const words: string[] = [];
	const joined: boolean[] = [];
	// The word being read: `done` so far, then the characters from `from` on, kept as they are.
	let done = '';
	let from = -1;
	let gapJoins = true;
	for (let i = 0; i < folded.length; i++) {
		let code = folded.charCodeAt(i);
		let width = 1;
		if (code >= 0xd800 && code <= 0xdbff) {
			code = folded.codePointAt(i)!;
			if (code >= 0x10000) width = 2;
		}
		const kind = kindOf(code);
		const plain = code >= 0xc0 && kind === Kind.Word ? PLAIN_BY_CODE.get(code) : undefined;
		if (kind === Kind.Word && plain === undefined) {
			if (from === -1) from = i;
		} else if (kind === Kind.Word || kind === Kind.Dropped) {
			// Inside a word, a character written otherwise or left out: what came before is kept.
			if (from !== -1) done += folded.slice(from, i);
			if (plain !== undefined) done += plain;
			from = -1;
		} else {
			if (from !== -1) done += folded.slice(from, i);
			if (done !== '') {
				joined.push(words.length > 0 && gapJoins);
				words.push(done);
				gapJoins = true;
			}
			done = '';
			from = -1;
			if (kind === Kind.Separator) gapJoins = false;
		}
		i += width - 1;
	}
	if (from !== -1) done += folded.slice(from);
	if (done !== '') {
		joined.push(words.length > 0 && gapJoins);
		words.push(done);
	}
	return { words, joined };
}

/** A text as words are compared: its words, folded, one space between them. */
export function fold(text: string): string {
	return wordsOf(text).words.join(' ');
}

/** A listed entry, compiled: the words after its first (a phrase's), and what it does. */
type Rule = { match: WordMatch; rest: string[] };
/** One language's list by first word: a message's words are looked up, never the list scanned. */
type Compiled = Map<string, Rule[]>;
type Lists = Record<Locale, Compiled>;

const compiled = new WeakMap<object, { version: string; lists: Lists }>();

/**
 * What says the lists changed: a counter every write bumps (kept in `meta`, so a second process
 * on the same file sees it too), with the count and newest id for rows written otherwise.
 */
function versionOf(db: Db): string {
	const bumped = prepared(db, "select value from meta where key = 'word_rules_version'").get() as
		{ value: string } | undefined;
	// Named: an empty table would be scanned otherwise, and the query-plan test refuses scans.
	const rows = prepared(
		db,
		'select count(*) as n, max(id) as last from word_rules indexed by word_rules_once_idx'
	).get() as {
		n: number;
		last: number | null;
	};
	return `${bumped?.value ?? 0}:${rows.n}:${rows.last ?? 0}`;
}

function bumpVersion(db: Db): void {
	prepared(
		db,
		`insert into meta (key, value) values ('word_rules_version', '1')
		 on conflict (key) do update set value = cast(value as integer) + 1`
	).run();
}

function compile(db: Db): Lists {
	const lists: Lists = { fr: new Map(), en: new Map() };
	// The whole list, read once per change; through its index, so it comes sorted and bounded.
	const rows = prepared(
		db,
		`select locale, word, folded, action from word_rules indexed by word_rules_once_idx
		 order by locale, folded`
	).all() as {
		locale: Locale;
		word: string;
		folded: string;
		action: WordAction;
	}[];
	for (const row of rows) {
		// Folded again: words listed before the folding last changed are read as today's.
		const [first, ...rest] = fold(row.word).split(' ');
		if (!first) continue;
		const list = lists[row.locale];
		const rules = list.get(first) ?? [];
		rules.push({ match: { word: row.word, locale: row.locale, action: row.action }, rest });
		list.set(first, rules);
	}
	return lists;
}

/** The lists as they are now, compiled once per change. */
function listsOf(db: Db): Lists {
	const version = versionOf(db);
	const cached = compiled.get(db.$client);
	if (cached?.version === version) return cached.lists;
	const lists = compile(db);
	compiled.set(db.$client, { version, lists });
	return lists;
}

function matchesAt(rule: Rule, text: Words, at: number): boolean {
	for (let k = 0; k < rule.rest.length; k++) {
		const i = at + 1 + k;
		if (text.words[i] !== rule.rest[k] || !text.joined[i]) return false;
	}
	return true;
}

/*
 * Markup as it is taken away: comments (an unclosed one runs to the end, as browsers read it)
 * and tags. A tag that breaks a line or a block separates words; others join what they split.
 */
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<\/?([a-z][a-z0-9]*)\b[^<>]*>/giu;
const BREAKING = /^(?:br|p|div|li|ul|ol|tr|td|th|h[1-6]|blockquote|pre|hr|section|article)$/i;

/** What Markdown or HTML could take away from between two letters. */
const MAY_JOIN = /[*_`&<\\~[]/;

function withoutMarkup(text: string): string {
	return text.includes('<')
		? text.replace(MARKUP, (_, name: string | undefined) =>
				name !== undefined && BREAKING.test(name) ? ' ' : ''
			)
		: text;
}

/** A text as typed, and as read once rendered (when that differs). */
function readings(text: string): string[] {
	// Most messages have no markup that could join letters: they are not rendered for nothing.
	if (!MAY_JOIN.test(text)) return [text];
	const rendered = withoutMarkup(markdownToText(withoutMarkup(text)));
	return rendered === text ? [text] : [text, rendered];
}

/**
 * The first listed word found in `texts`, a block before a hold; whole words, case- and
 * accent-insensitive. A message in French is read against the French list, in English
 * against the English one, without a language against both.
 */
export function check(db: Db, locale: Locale | null, texts: string[]): WordMatch | null {
	const lists = listsOf(db);
	const read =
		locale === 'fr' || locale === 'en' ? [lists[locale]] : LOCALES.map((code) => lists[code]);
	const used = read.filter((list) => list.size > 0);
	if (used.length === 0) return null;
	let hold: WordMatch | null = null;
	for (const text of texts.flatMap(readings)) {
		const words = wordsOf(text);
		for (let i = 0; i < words.words.length; i++) {
			for (const list of used) {
				const rules = list.get(words.words[i]!);
				if (!rules) continue;
				for (const rule of rules) {
					if (!matchesAt(rule, words, i)) continue;
					if (rule.match.action === 'block') return rule.match;
					hold ??= rule.match;
				}
			}
		}
	}
	return hold;
}

/* Admins' side: the lists, adding and removing. */

/** What a word may be made of: letters (with their accents), digits, spaces, hyphens, apostrophes. */
const WORD_CHARACTERS = /^[\p{L}\p{M}\p{N} '’ʼ\p{Pd}]+$/u;
/** Never in a word: controls, format (zero-width, bidi) and private or unassigned characters, blank letters. */
const HOSTILE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u115f\u1160\u3164\uffa0\u2800]/u;

type WordInput = { word: string; locale: string; action: string };

/** The word as stored (spaces collapsed, composed) and as compared; problems if any. */
export function cleanWord(raw: string): { word: string; folded: string; problems: WordProblem[] } {
	const word = raw
		.normalize('NFC')
		.replace(/[ \p{Zs}]+/gu, ' ')
		.trim();
	const problems: WordProblem[] = [];
	const folded = HOSTILE.test(word) ? '' : fold(word);
	if (word === '') problems.push({ field: 'word', code: 'required' });
	else if ([...word].length > MAX_WORD_LENGTH)
		problems.push({ field: 'word', code: 'too_long', max: MAX_WORD_LENGTH });
	else if (HOSTILE.test(word) || !WORD_CHARACTERS.test(word) || folded === '')
		problems.push({ field: 'word', code: 'invalid_characters' });
	return { word, folded, problems };
}

function isLocale(value: string): value is Locale {
	return (LOCALES as readonly string[]).includes(value);
}

function isAction(value: string): value is WordAction {
	return (WORD_ACTIONS as readonly string[]).includes(value);
}

/** Both lists, each in the order words are read (alphabetical, folded). */
export function list(db: Db): Record<Locale, WordRule[]> {
	const rows = prepared(
		db,
		`select w.id, w.locale, w.word, w.action, w.created_at, a.name as created_by_name
		 from word_rules w left join accounts a on a.id = w.created_by
		 order by w.locale, w.folded`
	).all() as {
		id: number;
		locale: Locale;
		word: string;
		action: WordAction;
		created_at: number;
		created_by_name: string | null;
	}[];
	const lists: Record<Locale, WordRule[]> = { fr: [], en: [] };
	for (const r of rows)
		lists[r.locale].push({
			id: r.id,
			locale: r.locale,
			word: r.word,
			action: r.action,
			createdAt: r.created_at,
			createdByName: r.created_by_name
		});
	return lists;
}

/**
 * Adds a word to a language's list, logged. Throws WordInputError with every problem (a word
 * already listed in that language, whatever its case or accents, is `taken`), Forbidden
 * unless `actor` is an admin.
 */
export function add(db: Db, actor: Actor, input: WordInput, now = Date.now()): WordRule {
	authorize(actor, 'manage', { type: 'word-rules' });
	const { word, folded, problems } = cleanWord(input.word);
	if (!isLocale(input.locale)) problems.push({ field: 'locale', code: 'invalid' });
	if (!isAction(input.action)) problems.push({ field: 'action', code: 'invalid' });
	if (problems.length > 0) throw new WordInputError(problems);
	const locale = input.locale as Locale;
	const action = input.action as WordAction;
	const id = db.$client
		.transaction(() => {
			const { changes, lastInsertRowid } = prepared(
				db,
				`insert into word_rules (locale, word, folded, action, created_by, created_at)
				 values (?, ?, ?, ?, ?, ?) on conflict (locale, folded) do nothing`
			).run(locale, word, folded, action, actor.id, now);
			if (changes === 0) throw new WordInputError([{ field: 'word', code: 'taken' }]);
			bumpVersion(db);
			log.record(db, { actor, action: 'word_rule_added', snapshot: { locale, word, action } }, now);
			return Number(lastInsertRowid);
		})
		.immediate();
	return list(db)[locale].find((rule) => rule.id === id)!;
}

/**
 * Removes a word from its list, logged. False when there was none by that id (removed already:
 * a second click changes nothing). Throws Forbidden unless `actor` is an admin.
 */
export function remove(db: Db, actor: Actor, id: number, now = Date.now()): boolean {
	authorize(actor, 'manage', { type: 'word-rules' });
	return db.$client
		.transaction(() => {
			const row = prepared(db, 'select locale, word, action from word_rules where id = ?').get(
				id
			) as { locale: Locale; word: string; action: WordAction } | undefined;
			if (!row) return false;
			prepared(db, 'delete from word_rules where id = ?').run(id);
			bumpVersion(db);
			log.record(db, { actor, action: 'word_rule_removed', snapshot: row }, now);
			return true;
		})
		.immediate();
}
