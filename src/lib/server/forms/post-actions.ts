import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { HUB_TIME_ZONE, pickText } from '$lib/content';
import * as format from '$lib/format';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import * as events from '../content/events';
import { renderPreview } from '../formats/markdown';
import type { Account } from '../accounts/accounts';
import * as posts from '../content/posts';
import * as revisions from '../content/revisions';
import { conflictDetails } from './fields';
import { refusal } from './forbidden';
import { choicesOf, doneLocation, formNumber, saveDone } from './outcome';
import { postFormValues, postInputFromForm, postProblemMessages, readPostForm, type PostFormValues } from './posts';

/*
 * The post editor's form actions, shared by the "new" and "edit" pages. Every failure hands
 * back what was typed, with a message per field in the organiser's language.
 */

function previewOf(values: PostFormValues) {
	return { fr: renderPreview(values.body_fr), en: renderPreview(values.body_en) };
}

/**
 * Preview, save (content only: a draft stays a draft, a live post stays live) or publish (a new
 * post or a draft, stored and published at once, dated today unless a date is given).
 */
export async function savePost(requestEvent: RequestEvent, account: Account, id: number | null) {
	const form = await requestEvent.request.formData();
	const values = readPostForm(form);
	const intent = String(form.get('intent') ?? 'save');
	const input = postInputFromForm(values);
	if (intent === 'preview') {
		// Within the limits first: a preview renders what a save would store, no more.
		const tooLong = posts.checkPostInput(input).filter((p) => p.code === 'too_long');
		if (tooLong.length > 0) return fail(400, { values, errors: postProblemMessages(tooLong), message: m.form_has_errors() });
		return { values, preview: previewOf(values) };
	}
	const publish = intent === 'publish';
	const db = database();
	const current = id === null ? undefined : (posts.findPostById(db, id) ?? undefined);
	const problems = posts.findPostProblems(db, input, current);
	if (problems.length > 0) return fail(400, { values, errors: postProblemMessages(problems), message: m.form_has_errors() });

	if (id === null) {
		let created: posts.HubPost;
		try {
			created = posts.createPost(db, { ...input, status: 'draft' }, { actor: account, publish });
		} catch (error) {
			return refusal(error);
		}
		redirect(303, doneLocation(`/organiser/posts/${created.id}`, publish ? 'published' : 'created'));
	}
	let outcome: posts.SaveOutcome;
	let published = false;
	const choices = choicesOf(form);
	try {
		({ outcome, published } = posts.editPost(db, id, input, { actor: account, expectedVersion: formNumber(values.version), publish, takeTheirs: choices }));
	} catch (error) {
		if (error instanceof posts.PostInputError) {
			return fail(400, { values, errors: postProblemMessages(error.problems), message: m.form_has_errors() });
		}
		if (error instanceof posts.PostConflictError) return conflictAnswer(error, values);
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/posts/${id}`, saveDone(outcome, published, choices)));
}

/** The form with their other changes merged in, and the fields both changed side by side. */
function conflictAnswer(error: posts.PostConflictError, values: PostFormValues) {
	const { current } = error;
	const merged = error.merged ? { ...error.merged, slug: error.merged.slug || current.slug } : null;
	const theirs = posts.flatPost(posts.toInput(current));
	const yours = posts.flatPost(merged ?? postInputFromForm(values));
	const saved = revisions.whoSaved(database(), 'post', current.id, current.version);
	const locale = getLocale() as format.UiLocale;
	const eventTitle = (id: number) => {
		const event = events.findEventById(database(), id);
		return event ? (pickText(event.texts, locale)?.value.title ?? event.slug) : null;
	};
	return fail(409, {
		values: merged
			? postFormValues({ ...merged, kind: merged.kind, slug: merged.slug ?? '', eventId: merged.eventId ?? null, publishedOn: merged.publishedOn ?? null, mediaUrl: merged.mediaUrl ?? null, texts: textsOf(merged), version: current.version })
			: { ...values, version: String(current.version) },
		conflict: conflictDetails(saved, current.version, error.fields, { theirs, yours }, eventTitle),
		message: m.conflict_title()
	});
}

function textsOf(input: posts.PostInput): posts.HubPost['texts'] {
	return Object.fromEntries(Object.entries(input.texts).map(([l, t]) => [l, { title: t.title, body: t.body ?? '' }]));
}

/** Publish (dated today if undated) or unpublish (asks first: the post leaves the site and its feed). */
export async function changeState(requestEvent: RequestEvent, account: Account, id: number, action: 'publish' | 'unpublish') {
	const form = await requestEvent.request.formData();
	if (action === 'unpublish' && form.get('confirmed') !== '1') {
		return { confirm: { action, version: posts.findPostById(database(), id)!.version } };
	}
	try {
		posts.changePostState(database(), id, action, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/posts/${id}`, action === 'publish' ? 'published' : 'unpublished'));
}

/** Archive (asks first) or bring back (admins only: the policy's rule). */
export async function setArchived(requestEvent: RequestEvent, account: Account, id: number, archived: boolean) {
	const form = await requestEvent.request.formData();
	if (archived && form.get('confirmed') !== '1') {
		return { confirm: { action: 'archive' as const, version: posts.findPostById(database(), id)!.version } };
	}
	try {
		posts.setPostArchived(database(), id, archived, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/posts/${id}`, archived ? 'archived' : 'unarchived'));
}
