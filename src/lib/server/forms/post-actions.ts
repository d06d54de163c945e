import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { database } from '../app';
import { renderMarkdown } from '../markdown';
import type { Organiser } from '../organisers';
import * as posts from '../posts';
import { postFormValues, postInputFromForm, postProblemMessages, readPostForm, type PostFormValues } from './posts';

/*
 * The post editor's form actions, shared by the "new" and "edit" pages. Every failure hands
 * back what was typed, with a message per field in the organiser's language.
 */

function previewOf(values: PostFormValues) {
	return { fr: renderMarkdown(values.body_fr), en: renderMarkdown(values.body_en) };
}

/** Save (as draft or published, from the button pressed), or show a preview. */
export async function savePost(event: RequestEvent, organiser: Organiser, id: number | null) {
	const form = await event.request.formData();
	const values = readPostForm(form);
	const intent = String(form.get('intent') ?? 'draft');
	if (intent === 'preview') return { values, preview: previewOf(values) };

	const input = postInputFromForm(values, intent === 'publish' ? 'published' : 'draft');
	const organiserId = organiser.id;
	let saved: posts.HubPost;
	try {
		saved =
			id === null
				? posts.createPost(database(), input, { organiserId })
				: posts.updatePost(database(), id, input, { organiserId, expectedVersion: Number(values.version) });
	} catch (error) {
		if (error instanceof posts.PostInputError) {
			return fail(400, { values, errors: postProblemMessages(error.problems), message: m.form_has_errors() });
		}
		if (error instanceof posts.PostConflictError) {
			// Show both: theirs as saved, ours as typed, and let the next save go over theirs.
			return fail(409, {
				values: { ...values, version: String(error.current.version) },
				conflict: { version: error.current.version, theirs: postFormValues(error.current) },
				message: m.conflict_title()
			});
		}
		throw error;
	}
	redirect(303, `${href(`/organiser/posts/${saved.id}`)}?saved=1`);
}

export function setArchived(organiser: Organiser, id: number, archived: boolean) {
	// Bringing back what was deleted is an admin's decision.
	if (!archived && organiser.role !== 'admin') return fail(403, { message: m.admins_only() });
	posts.setPostArchived(database(), id, archived, { organiserId: organiser.id });
	redirect(303, href(`/organiser/posts/${id}`));
}
