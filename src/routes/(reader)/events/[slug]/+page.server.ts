import { error, redirect } from '@sveltejs/kit';
import { contentState, database, publicOrigin } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import * as forum from '$lib/server/views/forum';
import * as structuredData from '$lib/server/formats/structured-data';
import * as forumFeeds from '$lib/server/formats/forum-feeds';
import * as messageActions from '$lib/server/forms/message-actions';
import { defaultMessageLocale } from '$lib/server/forum/locale';
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
	const subject = { kind: 'event', id: event.id! } as const;
	forum.showsDiscussion(subject);
	const discussion = forum.discussionOfPage(
		database(),
		subject,
		paths.event(event.page!.slug),
		url,
		locals.account,
		getLocale(),
		defaultMessageLocale(locals.account)
	);
	return unsent({
		event: {
			...event.page!,
			jsonLd: structuredData.withDiscussion(
				event.page!.jsonLd,
				discussion,
				getLocale(),
				publicOrigin(url)
			)
		},
		discussion,
		discussionFeed: forumFeeds.discussionFeedPath('event', event.page!.slug)
	});
};

export const actions = messageActions.discussionActions((event) =>
	forum.subjectBySlug(database(), 'event', event.params.slug!)
) satisfies Actions;
