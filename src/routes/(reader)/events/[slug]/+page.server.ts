import { error, redirect } from '@sveltejs/kit';
import { database, publicOrigin } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import * as forum from '$lib/server/views/forum';
import * as messageActions from '$lib/server/forms/message-actions';
import { defaultMessageLocale } from '$lib/server/forum/locale';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { paths } from '$lib/paths';

export const load: PageServerLoad = ({ params, url, locals }) => {
	const event = views.eventPage(database(), params.slug, getLocale(), publicOrigin(url));
	if (!event) error(404, m.not_found_title());
	// A renamed event: shared links and calendars keep working.
	if ('movedTo' in event) redirect(301, href(paths.event(event.movedTo!)));
	const subject = { kind: 'event', id: event.id! } as const;
	forum.showsDiscussion(subject);
	return {
		event: event.page!,
		discussion: forum.discussionOfPage(
			database(),
			subject,
			paths.event(event.page!.slug),
			url,
			locals.account,
			getLocale(),
			defaultMessageLocale(locals.account)
		)
	};
};

export const actions = messageActions.discussionActions((event) =>
	forum.subjectBySlug(database(), 'event', event.params.slug!)
) satisfies Actions;
