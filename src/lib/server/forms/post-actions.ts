import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { pickText } from '$lib/content';
import * as format from '$lib/format';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import * as events from '../content/events';
import { renderPreview } from '../formats/markdown';
import type { Account } from '../accounts/accounts';
import { refusal } from './forbidden';
import * as posts from '../content/posts';
import * as revisions from '../content/revisions';
import * as content from './content';
import { conflictDetails } from './fields';
import {
	postFormValues,
	postInputFromForm,
	postProblemMessages,
	readPostForm,
	type PostFormValues
} from './posts';

/*
 * The post editor's form actions, shared by the "new" and "edit" pages. Every failure hands
 * back what was typed, with a message per field in the organiser's language.
 */

const POST_SAVE: content.SaveSpec<PostFormValues, posts.PostInput> = {
	kind: 'post',
	read: readPostForm,
	input: postInputFromForm,
	tooLong: (input) =>
		postProblemMessages(posts.checkInput(input).filter((p) => p.code === 'too_long')),
	problems: (input, _values, id) => {
		const db = database();
		const current = id === null ? undefined : (posts.findById(db, id) ?? undefined);
		return postProblemMessages(posts.findProblems(db, input, current));
	},
	preview: (values) => ({ fr: renderPreview(values.body_fr), en: renderPreview(values.body_en) }),
	// Published at once, a post is dated today unless a date is given.
	create: (input, actor, publish) =>
		posts.create(database(), { ...input, status: 'draft' }, { actor, publish }),
	edit: (id, input, options) => posts.edit(database(), id, input, options),
	refused: (error, values) => {
		if (error instanceof posts.PostInputError)
			return content.invalid(values, postProblemMessages(error.problems));
		if (error instanceof posts.PostConflictError) return conflictAnswer(error, values);
		return undefined;
	}
};

/** Preview, save or publish a post (a new one when `id` is null). */
export function savePost(requestEvent: RequestEvent, account: Account, id: number | null) {
	return content.save(POST_SAVE, requestEvent, account, id);
}

/** The form with their other changes merged in, and the fields both changed side by side. */
function conflictAnswer(error: posts.PostConflictError, values: PostFormValues) {
	const { current } = error;
	const merged = error.merged ? { ...error.merged, slug: error.merged.slug || current.slug } : null;
	const theirs = posts.contentFields(posts.toInput(current));
	const yours = posts.contentFields(merged ?? postInputFromForm(values));
	const saved = revisions.whoSaved(database(), 'post', current.id, current.version);
	const locale = getLocale() as format.UiLocale;
	const eventTitle = (id: number) => {
		const event = events.findById(database(), id);
		return event ? (pickText(event.texts, locale)?.value.title ?? event.slug) : null;
	};
	return fail(409, {
		values: merged
			? postFormValues({
					...merged,
					kind: merged.kind,
					slug: merged.slug ?? '',
					eventId: merged.eventId ?? null,
					publishedOn: merged.publishedOn ?? null,
					mediaUrl: merged.mediaUrl ?? null,
					texts: textsOf(merged),
					version: current.version
				})
			: { ...values, version: String(current.version) },
		conflict: conflictDetails(saved, current.version, error.fields, { theirs, yours }, eventTitle),
		message: m.conflict_title()
	});
}

function textsOf(input: posts.PostInput): posts.HubPost['texts'] {
	return Object.fromEntries(
		Object.entries(input.texts).map(([l, t]) => [l, { title: t.title, body: t.body ?? '' }])
	);
}

/** Publish (dated today if undated) or unpublish (asks first: the post leaves the site and its feed). */
export async function changeState(
	requestEvent: RequestEvent,
	account: Account,
	id: number,
	action: 'publish' | 'unpublish'
) {
	const form = await requestEvent.request.formData();
	const ask = action === 'unpublish' ? content.confirmationNeeded('post', id, form, action) : null;
	if (ask) return ask;
	try {
		posts.changeState(database(), id, action, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(
		303,
		content.editorLocation('post', id, action === 'publish' ? 'published' : 'unpublished')
	);
}
