/**
 * The longest text each kind of field takes, in characters: enforced by the server (text.ts)
 * and said next to each field by the editors, so the two can never disagree. Every page, feed
 * and search reads these texts on a miss; a 100 KB body took 200 ms to render, holding every
 * other request. A long article is some 8,000 words: the body limit leaves room for it.
 */
export const MAX_LENGTH = {
	/** Titles: a calendar entry, a tab or a search result shows them whole. */
	title: 200,
	slug: 120,
	/** Other one-line fields: venue, city, host ("Organised by"), media address. */
	line: 300,
	summary: 2_000,
	description: 20_000,
	body: 50_000,
	/** A forum message: a long answer, not an article. */
	message: 10_000,
	/** The words of another message quoted in an answer. */
	quote: 2_000
} as const satisfies Record<string, number>;

export type LengthKind = keyof typeof MAX_LENGTH;
