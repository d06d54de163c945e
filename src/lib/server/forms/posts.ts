import * as m from '$lib/paraglide/messages';
import type { PostKind } from '../db/schema';
import type { HubPost, PostInput, PostInputProblem } from '../content/posts';
import { tooLongMessage } from './limits';
import { readFields } from './read';

/** What the post form holds, as typed: handed back on an error so nothing is lost. */
export type PostFormValues = {
	kind: string;
	eventId: string;
	publishedOn: string;
	mediaUrl: string;
	slug: string;
	title_fr: string;
	body_fr: string;
	title_en: string;
	body_en: string;
	version: string;
};

const FIELDS = ['kind', 'eventId', 'publishedOn', 'mediaUrl', 'slug', 'title_fr', 'body_fr', 'title_en', 'body_en', 'version'] as const;

export function readPostForm(form: FormData): PostFormValues {
	return readFields(form, FIELDS);
}

/** The form's fields in the order it shows them: the error summary lists problems in this order. */
export const POST_FIELD_ORDER = FIELDS;

/** What the form shows of a post (or of a merged save: the content fields and a version). */
export function postFormValues(post: Pick<HubPost, 'kind' | 'eventId' | 'publishedOn' | 'mediaUrl' | 'slug' | 'texts' | 'version'>): PostFormValues {
	return {
		kind: post.kind,
		eventId: post.eventId == null ? '' : String(post.eventId),
		publishedOn: post.publishedOn ?? '',
		mediaUrl: post.mediaUrl ?? '',
		slug: post.slug,
		title_fr: post.texts.fr?.title ?? '',
		body_fr: post.texts.fr?.body ?? '',
		title_en: post.texts.en?.title ?? '',
		body_en: post.texts.en?.body ?? '',
		version: String(post.version)
	};
}

export function emptyPostForm(eventId = ''): PostFormValues {
	return { kind: eventId ? 'recap' : 'article', eventId, publishedOn: '', mediaUrl: '', slug: '', title_fr: '', body_fr: '', title_en: '', body_en: '', version: '' };
}

/** The post's content as typed: never its status, which only the named actions change. */
export function postInputFromForm(values: PostFormValues): PostInput {
	const eventId = /^\d+$/.test(values.eventId) ? Number(values.eventId) : null;
	// Body text is kept exactly as typed; only titles and single-line fields are trimmed.
	const text = (title: string, body: string) => (title.trim() || body.trim() ? { title: title.trim(), body } : undefined);
	const texts: PostInput['texts'] = {};
	const fr = text(values.title_fr, values.body_fr);
	const en = text(values.title_en, values.body_en);
	if (fr) texts.fr = fr;
	if (en) texts.en = en;
	return {
		slug: values.slug.trim(),
		kind: values.kind as PostKind,
		eventId,
		publishedOn: values.publishedOn.trim() || null,
		mediaUrl: values.mediaUrl.trim() || null,
		texts
	};
}

/** A message per field, in the organiser's language. */
export function postProblemMessages(problems: PostInputProblem[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const p of problems) {
		if (p.code === 'too_long') errors[p.field] = tooLongMessage(p.max);
		else if (p.field === 'texts') errors.title_fr = m.error_title_none();
		else if (p.field === 'slug') errors.slug = p.code === 'taken' ? m.error_slug_taken() : m.error_slug_invalid();
		else if (p.field === 'kind') errors.kind = m.error_kind_invalid();
		else if (p.field === 'eventId') errors.eventId = p.code === 'archived' ? m.error_event_archived() : m.error_event_invalid();
		else if (p.field === 'publishedOn') errors.publishedOn = m.error_date_invalid();
		else if (p.field === 'mediaUrl') errors.mediaUrl = m.error_url_invalid();
		else if (p.field === 'title_fr' || p.field === 'title_en') {
			errors[p.field] = m.error_title_for_texts({ language: p.field === 'title_fr' ? m.language_name_fr() : m.language_name_en() });
		}
	}
	return errors;
}
