import { addDays } from './time';

/** How each hub language writes dates: French of France, British English (day before month). */
const INTL_LOCALE = { fr: 'fr-FR', en: 'en-GB' } as const satisfies Record<string, string>;
export type UiLocale = keyof typeof INTL_LOCALE;

export type EventSpan = {
	allDay: boolean;
	/** YYYY-MM-DD for all-day events, an ISO instant for timed ones. */
	start: string;
	/** Inclusive last day for all-day events, an ISO instant for timed ones. */
	end: string;
	timeZone: string;
};

// Building an Intl formatter costs more than formatting with it: keep one per set of options.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: UiLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = locale + JSON.stringify(options);
	let fmt = formatters.get(key);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
		formatters.set(key, fmt);
	}
	return fmt;
}

const regionNames = new Map<UiLocale, Intl.DisplayNames>();

function dateAtUtcNoon(date: string): number {
	// Noon keeps a pure calendar date on the same day whatever the formatter's zone.
	return Date.parse(`${date}T12:00:00Z`);
}

/**
 * The event's dates as a reader of `locale` writes them, in the event's own zone.
 * `style: 'long'` names weekdays (event page), `'short'` does not (lists).
 */
export function formatEventSpan(
	span: EventSpan,
	locale: UiLocale,
	style: 'long' | 'short' = 'long'
): string {
	const base: Intl.DateTimeFormatOptions = {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		...(style === 'long' ? { weekday: 'long' } : {})
	};
	if (span.allDay) {
		const fmt = dateFormat(locale, { ...base, timeZone: 'UTC' });
		if (span.start === span.end) return fmt.format(dateAtUtcNoon(span.start));
		return fmt.formatRange(dateAtUtcNoon(span.start), dateAtUtcNoon(span.end));
	}
	const start = Date.parse(span.start);
	const end = Date.parse(span.end);
	const fmt = dateFormat(locale, {
		...base,
		hour: '2-digit',
		minute: '2-digit',
		timeZone: span.timeZone
	});
	return `${fmt.formatRange(start, end)} (${zoneName(start, span.timeZone, locale)})`;
}

/** The zone's name as in force at `instant`, e.g. « heure d’été d’Europe centrale ». */
export function zoneName(instant: number, timeZone: string, locale: UiLocale): string {
	const parts = dateFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(instant);
	return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** A publication date (YYYY-MM-DD) as the reader writes it. */
export function formatDate(date: string, locale: UiLocale): string {
	return dateFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(dateAtUtcNoon(date));
}

/** A country code (ISO 3166) in the reader's language; unknown codes are shown as they are. */
export function countryName(code: string, locale: UiLocale): string {
	try {
		let names = regionNames.get(locale);
		if (!names) {
			names = new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' });
			regionNames.set(locale, names);
		}
		return names.of(code) ?? code;
	} catch {
		return code;
	}
}

/** The day after an all-day event's last day: calendars want the end exclusive. */
export function exclusiveEndDate(lastDay: string): string {
	return addDays(lastDay, 1);
}

/**
 * A moment (UTC ms) as a date, a time and the zone's full name, written the same way in both
 * languages: « 28 novembre 2026 à 21:05 (heure normale d’Europe centrale) », "28 November 2026
 * at 21:05 (Central European Standard Time)". What the organisers' history and conflicts show.
 */
export function formatMoment(instant: number, timeZone: string, locale: UiLocale): string {
	const when = dateFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
		instant
	);
	return `${when} (${zoneName(instant, timeZone, locale)})`;
}

/**
 * When a forum message was written, in the hub's zone: « 28 novembre 2026 à 21:05 »,
 * "28 November 2026 at 21:05". A thread shows dozens of these: the zone is not repeated.
 */
export function formatPosted(instant: number, timeZone: string, locale: UiLocale): string {
	return dateFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(instant);
}
