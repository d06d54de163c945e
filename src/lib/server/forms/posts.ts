import { postForm, type PostFormValues } from '$lib/forms/post';
import type { PostKind } from '../db/schema';
import type { HubPost, PostInput, PostInputProblem } from '../content/posts';

export type { PostFormValues };

/** What was submitted, as typed. */
export function readPostForm(form: FormData): PostFormValues {
	return postForm.read(form);
}

/** What the form shows of a post (or of a merged save: the content fields and a version). */
export function postFormValues(
	post: Pick<
		HubPost,
		'kind' | 'eventId' | 'publishedOn' | 'mediaUrl' | 'slug' | 'texts' | 'version'
	>
): PostFormValues {
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
	return { ...postForm.empty(), kind: eventId ? 'recap' : 'article', eventId };
}

/** The post's content as typed: never its status, which only the named actions change. */
export function postInputFromForm(values: PostFormValues): PostInput {
	const eventId = /^\d+$/.test(values.eventId) ? Number(values.eventId) : null;
	// Body text is kept exactly as typed; only titles and single-line fields are trimmed.
	const text = (title: string, body: string) =>
		title.trim() || body.trim() ? { title: title.trim(), body } : undefined;
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
	return postForm.messages(problems);
}
