import { error, fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as events from '$lib/server/content/events';
import * as views from '$lib/server/views/organiser';
import { doneLocation, formNumber } from '$lib/server/forms/outcome';
import * as revisions from '$lib/server/content/revisions';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';
import { refusal } from '$lib/server/forms/forbidden';

function findEvent(raw: string) {
	const event = /^\d{1,9}$/.test(raw) ? events.findEventById(database(), Number(raw)) : null;
	if (!event) error(404, m.not_found_title());
	return event;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const event = findEvent(params.id);
	return {
		event: { id: event.id, version: event.version, ...views.titleIn(event.texts, getLocale(), event.slug) },
		revisions: views.history(database(), 'event', event.id, getLocale()),
		viewing: views.revisionContent(database(), 'event', event.id, url.searchParams.get('revision'))
	};
};

export const actions = {
	restore: async ({ params, request }) => {
		const account = guard.requireRole('organiser');
		const event = findEvent(params.id);
		const form = await request.formData();
		let outcome: events.SaveOutcome;
		try {
			outcome = events.restoreEventRevision(database(), event.id, formNumber(String(form.get('revision') ?? '')), {
				actor: account,
				expectedVersion: formNumber(String(form.get('version') ?? ''))
			}).outcome;
		} catch (e) {
			if (e instanceof events.EventConflictError) return fail(409, { message: m.conflict_restore() });
			if (e instanceof events.EventInputError) return fail(400, { message: m.form_has_errors() });
			if (e instanceof revisions.RevisionNotFoundError) return fail(404, { message: m.not_found_title() });
			return refusal(e);
		}
		// Restoring the version the event already is writes nothing: say so.
		redirect(303, doneLocation(`/organiser/events/${event.id}`, outcome === 'unchanged' ? 'unchanged' : 'restored'));
	}
} satisfies Actions;
