import * as m from '$lib/paraglide/messages';
import {
	defineForm,
	inEachLanguage,
	CONTENT_MESSAGES,
	SLUG_FIELD,
	VERSION_FIELD,
	type FormValues
} from './define';

/** The post form, declared once: fields in the order it shows them, labels, hints, limits, messages. */
export const postForm = defineForm(
	{
		kind: { label: m.field_kind },
		eventId: { label: m.field_event },
		publishedOn: { label: m.field_published_on },
		mediaUrl: { label: m.field_media_url, max: 'line' },
		slug: SLUG_FIELD,
		...inEachLanguage({
			title: { label: m.field_title, max: 'title' },
			body: { label: m.field_body, max: 'body' }
		}),
		version: VERSION_FIELD
	},
	{
		messages: {
			...CONTENT_MESSAGES,
			kind: { '*': m.error_kind_invalid },
			eventId: { archived: m.error_event_archived, '*': m.error_event_invalid },
			publishedOn: { '*': m.error_date_invalid },
			mediaUrl: { '*': m.error_url_invalid }
		}
	}
);

/** What the post form holds, as typed: handed back on an error so nothing is lost. */
export type PostFormValues = FormValues<typeof postForm>;
