import * as m from '$lib/paraglide/messages';
import { HUB_TIME_ZONE } from '$lib/content';
import * as format from '$lib/format';
import { getLocale } from '$lib/paraglide/runtime';
import type { Flat } from '../content/merge';

/*
 * The names and shown values of the content fields (the keys of events.contentFields and
 * posts.contentFields), in the organiser's language: what a conflict lists side by side and what a
 * history entry says was changed.
 */

const LABELS: Record<string, () => string> = {
	slug: m.field_slug,
	allDay: m.field_all_day,
	start: m.field_start,
	end: m.field_end,
	timeZone: m.field_time_zone,
	country: m.field_country,
	host: m.field_organiser,
	title: m.field_title,
	summary: m.field_summary,
	// Named without the editor's "(Markdown)": a history line or conflict names the field only.
	description: m.field_name_description,
	venue: m.field_venue,
	city: m.field_city,
	kind: m.field_kind,
	eventId: m.field_event,
	publishedOn: m.field_published_on,
	mediaUrl: m.field_media_url,
	body: m.field_name_body
};

const KINDS: Record<string, () => string> = {
	recap: m.post_kind_recap,
	article: m.post_kind_article,
	podcast: m.post_kind_podcast
};

const LANGUAGES: Record<string, () => string> = { fr: m.language_name_fr, en: m.language_name_en };

/** "Title (English)" for `title_en`, "Start" for `start`. */
export function fieldLabel(key: string): string {
	const [name, lang] = key.split('_') as [string, string | undefined];
	const label = LABELS[name]?.() ?? name;
	return lang && LANGUAGES[lang]
		? m.field_in_language({ field: label, language: LANGUAGES[lang]() })
		: label;
}

/** Fields whose values are paragraphs, shown as preformatted text. */
export function isMultiline(key: string): boolean {
	return key.startsWith('description_') || key.startsWith('body_');
}

/**
 * One field's value as the organiser reads it: times in the event's zone, yes/no, kinds and
 * events by name. `eventTitle` names a post's event.
 */
export function shownValue(
	key: string,
	flat: Flat,
	eventTitle: (id: number) => string | null = () => null
): string {
	const value = flat[key];
	const locale = getLocale() as format.UiLocale;
	if (value === undefined || value === null || value === '') return m.value_empty();
	if (typeof value === 'boolean') return value ? m.value_yes() : m.value_no();
	if ((key === 'start' || key === 'end') && flat.allDay !== true) {
		const zone = String(flat.timeZone ?? 'UTC');
		try {
			return format.formatMoment(Date.parse(value), zone, locale);
		} catch {
			return value;
		}
	}
	if (key === 'start' || key === 'end' || key === 'publishedOn')
		return format.formatDate(value, locale);
	if (key === 'kind') return (KINDS[value] ?? (() => value))();
	if (key === 'eventId') return eventTitle(Number(value)) ?? value;
	return value;
}

/**
 * What a conflict box shows: who saved the version the form now carries and when (the zone
 * named), and each field both sides changed, theirs and yours as the organiser reads them.
 */
export function conflictDetails(
	saved: { authorName: string | null; createdAt: number } | null,
	version: number,
	keys: string[],
	sides: { theirs: Flat; yours: Flat },
	eventTitle?: (id: number) => string | null
) {
	const when = saved
		? format.formatMoment(saved.createdAt, HUB_TIME_ZONE, getLocale() as format.UiLocale)
		: '';
	return {
		version,
		by: saved?.authorName
			? m.conflict_by({ name: saved.authorName, when })
			: m.conflict_by_unknown({ when }),
		at: when,
		fields: keys.map((key) => ({
			key,
			label: fieldLabel(key),
			theirs: shownValue(key, sides.theirs, eventTitle),
			yours: shownValue(key, sides.yours, eventTitle),
			multiline: isMultiline(key)
		}))
	};
}
