/*
 * Text as it may be stored and sent: what XML 1.0 and iCalendar (RFC 5545) forbid never gets
 * in, so no feed, calendar or JSON-LD can be made ill-formed by what an organiser pasted.
 * Forbidden: C0 controls but tab and line feed (CR is a line end, made LF), DEL and the C1
 * controls (RFC 5545's CONTROL; XML discourages them), lone surrogates, and the noncharacters
 * (U+FDD0–U+FDEF, the last two code points of every plane). U+2028/U+2029 are line breaks to
 * some readers and not to others: they become plain line feeds.
 *
 * The domain modules clean at input (events, posts, organisers: forms, CLI and seed all pass
 * there); the feeds clean again at output, for rows written before this existed.
 */

const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => {
	const last = (plane * 0x10000 + 0xfffe).toString(16);
	return `\\u{${last}}-\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`;
}).join('');

const FORBIDDEN = new RegExp(
	`[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u{fdd0}-\\u{fdef}${PLANE_ENDS}\\p{Cs}]`,
	'gu'
);

/** Multi-line text (descriptions, bodies): line ends as LF, forbidden characters dropped. */
export function cleanText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/\u2028/g, '\n')
		.replace(/\u2029/g, '\n\n')
		.replace(FORBIDDEN, '');
}

/**
 * One-line text (titles, names, places, slugs, addresses): as cleanText, then every line break
 * or tab becomes one space, and the ends are trimmed. A title that kept a line break would make
 * calendar clients drop the event.
 */
export function cleanLine(text: string): string {
	return cleanText(text)
		.replace(/[ \t\n]*[\t\n][ \t\n]*/g, ' ')
		.trim();
}

/** Text as XML character data or an attribute value: cleaned, then escaped. */
export function escapeXml(text: string): string {
	return cleanText(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

export { MAX_LENGTH, type LengthKind } from '$lib/limits';
import { MAX_LENGTH, type LengthKind } from '$lib/limits';

/** Whether `value` is over the limit for its kind of field. */
export function tooLong(value: string | null | undefined, kind: LengthKind): boolean {
	return value != null && value.length > MAX_LENGTH[kind];
}
