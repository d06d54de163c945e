import { error, redirect } from '@sveltejs/kit';
import { contentState, database, publicOrigin } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import * as forum from '$lib/server/views/forum';
import * as messageActions from '$lib/server/forms/message-actions';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { unsent } from '$lib/server/http/unsent';
import type { Actions, PageServerLoad } from './$types';
import { paths } from '$lib/paths';

export const load: PageServerLoad = ({ params, url, locals }) => {
	const [locale, origin] = [getLocale(), publicOrigin(url)];
	const event = views.rememberedFor(
		contentState(),
		`event|${locale}|${origin}|${params.slug}`,
		() => views.eventPage(database(), params.slug, locale, origin)
	);
	if (!event) error(404, m.not_found_title());
	// A renamed event: shared links and calendars keep working.
	if ('movedTo' in event) redirect(301, href(paths.event(event.movedTo!)));
	const { jsonLd, discussion, discussionFeed } = forum.discussionOfContentPage(
		database(),
		'event',
		event.id!,
		event.page!,
		url,
		locals.account,
		locale,
		origin
	);
	return unsent({ event: { ...event.page!, jsonLd }, discussion, discussionFeed });
};

export const actions = messageActions.discussionActions((event) =>
	forum.subjectBySlug(database(), 'event', event.params.slug!)
) satisfies Actions;
