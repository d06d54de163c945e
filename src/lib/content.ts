export const CONTENT_LOCALES = ['fr', 'en'] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];

export type Picked<T> = {
	value: T;
	/** The language `value` is written in. */
	lang: ContentLocale;
	/** True when `value` is in the other language because the reader's is missing. */
	fallback: boolean;
};

/**
 * The reader's language when it exists, else the other one, saying which: a text is never
 * hidden because it was written in one language only.
 */
export function pickText<T>(
	texts: Partial<Record<ContentLocale, T>>,
	locale: ContentLocale
): Picked<T> | null {
	const own = texts[locale];
	if (own !== undefined) return { value: own, lang: locale, fallback: false };
	for (const other of CONTENT_LOCALES) {
		const value = texts[other];
		if (value !== undefined) return { value, lang: other, fallback: true };
	}
	return null;
}

/**
 * The hub's own time zone: the day a post is published on, and the times the organisers'
 * history shows. Its events and readers are in France and Belgium.
 */
export const HUB_TIME_ZONE = 'Europe/Paris';
