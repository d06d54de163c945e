import type Database from 'better-sqlite3';

/*
 * Display names: what a member is called beside every message they write, so they must be
 * readable, visible and one per person. Pure functions, and the backfill of older rows, which
 * the database's opening runs (it cannot import the accounts module: that loads Argon2).
 */

export const MIN_NAME_LENGTH = 2;
export const MAX_NAME_LENGTH = 40;

export type NameProblem = 'required' | 'too_short' | 'too_long' | 'invalid_characters';

/*
 * Refused rather than cleaned, so that what is shown is what was typed: control and format
 * characters (\p{C}: bidi overrides and isolates, zero-width spaces and joiners, soft hyphen,
 * the BOM, unassigned and private-use code points), line and paragraph separators, and the
 * letters that draw nothing (Hangul fillers, the blank Braille pattern), with which a name
 * could look empty or like someone else's.
 */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0\u2800]/u;
// More marks on one letter than any language needs: a name that spills over its neighbours' lines.
const STACKED_MARKS = /\p{M}{4,}/u;
const SOMETHING_TO_READ = /[\p{L}\p{N}]/u;
/*
 * Scripts whose letters pass for Latin ones ("Orgа" with a Cyrillic а is not "Orga"): a name
 * mixes at most one of them, so nobody takes an organiser's name with a letter swapped.
 */
const LOOKALIKE_SCRIPTS = [
	/\p{Script=Latin}/u,
	/\p{Script=Cyrillic}/u,
	/\p{Script=Greek}/u,
	/\p{Script=Armenian}/u,
	/\p{Script=Cherokee}/u
];

/**
 * Letters of other scripts drawn like Latin ones, as the name key reads them (after folding,
 * lower case); the word lists read them so too.
 */
export const LOOKS_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
	[
		...'аa вb еe кk мm нh оo рp сc тt уy хx іi јj ѕs һh ԁd ԛq ԝw ӏl'.split(' '),
		...'αa βb εe ηn ιi κk νv οo ρp τt υu χx ωw γy'.split(' ')
	].map((pair) => [pair[0]!, pair[1]!])
);

/** The name as stored: NFC, every run of spaces one space, trimmed. */
export function cleanName(raw: string): string {
	return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** What is wrong with a display name as typed, or null. Its length is counted after trimming, in characters. */
export function nameProblem(raw: string): NameProblem | null {
	if (INVISIBLE.test(raw)) return 'invalid_characters';
	const name = cleanName(raw);
	if (!name) return 'required';
	const length = [...name].length;
	if (length > MAX_NAME_LENGTH) return 'too_long';
	if (STACKED_MARKS.test(name.normalize('NFD')) || !SOMETHING_TO_READ.test(name))
		return 'invalid_characters';
	if (LOOKALIKE_SCRIPTS.filter((script) => script.test(name)).length > 1)
		return 'invalid_characters';
	if (length < MIN_NAME_LENGTH) return 'too_short';
	return null;
}

/**
 * The key two names share when people would take them for one: compatibility forms unified
 * (NFKC: full-width letters, ligatures), case folded (upper then lower: "ß" and "SS" meet),
 * accents and other combining marks removed, spaces collapsed and trimmed.
 * "Élise  Durand" and "ELISE DURAND" have the key "elise durand"; letters of other scripts that
 * are drawn like Latin ones read as those ("Рара" in Cyrillic is "papa").
 */
export function foldName(name: string): string {
	return name
		.normalize('NFKC')
		.toUpperCase()
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{Mn}/gu, '')
		.normalize('NFKC')
		.replace(/\s+/gu, ' ')
		.trim()
		.replace(/./gu, (letter) => LOOKS_LATIN[letter] ?? letter);
}

/**
 * Gives every account without a name key its key (accounts older than migration 0009). Names
 * were not unique before: when two fold alike, the oldest account (lowest id) gets the key and
 * each other one gets it followed by ` #id`, so the migration cannot fail and nobody is renamed
 * behind their back; their name stays as it was, and no new account can take it. Runs in
 * one transaction; does nothing once every row has a key.
 */
export function backfillNameKeys(sqlite: Database.Database): number {
	// A database stopped before 0009 (the migration tests build them) has no key to fill.
	const columns = sqlite.prepare('select name from pragma_table_info(?)').pluck().all('accounts');
	if (!columns.includes('name_key')) return 0;
	const rows = sqlite
		.prepare('select id, name from accounts where name_key is null order by id')
		.all() as { id: number; name: string }[];
	if (rows.length === 0) return 0;
	const taken = sqlite.prepare('select 1 from accounts where name_key = ?').pluck();
	const set = sqlite.prepare('update accounts set name_key = ? where id = ?');
	sqlite.transaction(() => {
		for (const { id, name } of rows) {
			let key = foldName(name);
			while (!key || taken.get(key)) key = `${key} #${id}`.trim();
			set.run(key, id);
		}
	})();
	return rows.length;
}
