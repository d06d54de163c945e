import { error, fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as views from '$lib/server/views/organiser';
import * as posts from '$lib/server/content/posts';
import { doneLocation, formNumber } from '$lib/server/forms/outcome';
import * as revisions from '$lib/server/content/revisions';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';
import { refusal } from '$lib/server/forms/forbidden';

function findPost(raw: string) {
	const post = /^\d{1,9}$/.test(raw) ? posts.findPostById(database(), Number(raw)) : null;
	if (!post) error(404, m.not_found_title());
	return post;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const post = findPost(params.id);
	return {
		post: { id: post.id, version: post.version, ...views.titleIn(post.texts, getLocale(), post.slug) },
		revisions: views.history(database(), 'post', post.id, getLocale()),
		viewing: views.revisionContent(database(), 'post', post.id, url.searchParams.get('revision'))
	};
};

export const actions = {
	restore: async ({ params, request }) => {
		const account = guard.requireRole('organiser');
		const post = findPost(params.id);
		const form = await request.formData();
		const revisionId = formNumber(String(form.get('revision') ?? ''));
		let outcome: posts.SaveOutcome;
		try {
			outcome = posts.restorePostRevision(database(), post.id, revisionId, {
				actor: account,
				expectedVersion: formNumber(String(form.get('version') ?? ''))
			}).outcome;
		} catch (e) {
			if (e instanceof posts.PostConflictError) return fail(409, { message: m.conflict_restore() });
			if (e instanceof posts.PostInputError) return fail(400, { message: m.form_has_errors() });
			if (e instanceof revisions.RevisionNotFoundError) return fail(404, { message: m.not_found_title() });
			return refusal(e);
		}
		redirect(303, doneLocation(`/organiser/posts/${post.id}`, outcome === 'unchanged' ? 'unchanged' : 'restored'));
	}
} satisfies Actions;
