import type { Db } from '../db';
import type { Locale, WordAction } from '../db/schema';

/* Word lists per language (stub: helper FLAGWORD owns it). */

export type WordMatch = { word: string; locale: Locale; action: WordAction };

/**
 * The first listed word found in `texts`, a block before a hold; whole words, case- and
 * accent-insensitive. A message in French is read against the French list, in English
 * against the English one, without a language against both.
 */
export function check(_db: Db, _locale: Locale | null, _texts: string[]): WordMatch | null {
	return null;
}
