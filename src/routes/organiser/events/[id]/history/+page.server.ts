import { error, fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as events from '$lib/server/events';
import * as views from '$lib/server/organiser-views';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/guard';

function findEvent(raw: string) {
	const event = /^\d{1,9}$/.test(raw) ? events.findEventById(database(), Number(raw)) : null;
	if (!event) error(404, m.not_found_title());
	return event;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireOrganiser();
	const event = findEvent(params.id);
	return {
		event: { id: event.id, version: event.version, title: event.texts.fr?.title ?? event.texts.en?.title ?? event.slug },
		revisions: views.history(database(), 'event', event.id, getLocale()),
		viewing: views.revisionContent(database(), 'event', event.id, url.searchParams.get('revision'))
	};
};

export const actions = {
	restore: async ({ params, request }) => {
		const organiser = guard.requireOrganiser();
		const event = findEvent(params.id);
		const form = await request.formData();
		let restored: events.HubEvent;
		try {
			restored = events.restoreEventRevision(database(), event.id, Number(form.get('revision')), {
				organiserId: organiser.id,
				expectedVersion: Number(form.get('version'))
			});
		} catch (e) {
			if (e instanceof events.EventConflictError) return fail(409, { message: m.conflict_title() });
			if (e instanceof events.EventInputError) return fail(400, { message: m.form_has_errors() });
			return fail(404, { message: m.not_found_title() });
		}
		// Restoring the version the event already is writes nothing (see updateEvent): say so.
		const unchanged = restored.version === event.version;
		redirect(303, `${href(`/organiser/events/${event.id}`)}?${unchanged ? 'unchanged' : 'saved'}=1`);
	}
} satisfies Actions;
