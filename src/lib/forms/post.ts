import { MAX_LENGTH } from '$lib/limits';
import * as m from '$lib/paraglide/messages';
import { defineForm, inEachLanguage, TITLE_MESSAGES, type FormValues } from './define';

/** The post form, declared once: fields in the order it shows them, labels, hints, limits, messages. */
export const postForm = defineForm(
	{
		kind: { label: m.field_kind },
		eventId: { label: m.field_event },
		publishedOn: { label: m.field_published_on },
		mediaUrl: { label: m.field_media_url, max: 'line' },
		slug: { label: m.field_slug, hint: () => m.editor_slug_hint({ max: MAX_LENGTH.slug }) },
		...inEachLanguage({
			title: { label: m.field_title, max: 'title' },
			body: { label: m.field_body, max: 'body' }
		}),
		/** The version the form was opened at. */
		version: {}
	},
	{
		messages: {
			...TITLE_MESSAGES,
			slug: { taken: m.error_slug_taken, '*': m.error_slug_invalid },
			kind: { '*': m.error_kind_invalid },
			eventId: { archived: m.error_event_archived, '*': m.error_event_invalid },
			publishedOn: { '*': m.error_date_invalid },
			mediaUrl: { '*': m.error_url_invalid }
		}
	}
);

/** What the post form holds, as typed: handed back on an error so nothing is lost. */
export type PostFormValues = FormValues<typeof postForm>;
