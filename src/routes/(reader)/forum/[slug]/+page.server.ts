import { error } from '@sveltejs/kit';
import { database, publicOrigin } from '$lib/server/app';
import * as structuredData from '$lib/server/formats/structured-data';
import * as forumFeeds from '$lib/server/formats/forum-feeds';
import * as forum from '$lib/server/views/forum';
import * as messageActions from '$lib/server/forms/message-actions';
import { defaultMessageLocale } from '$lib/server/forum/locale';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { unsent } from '$lib/server/http/unsent';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
	const topic = forum.topicHeading(
		database(),
		params.slug,
		locals.account ? { id: locals.account.id, role: locals.account.role } : null
	);
	if (!topic) error(404, m.not_found_title());
	forum.showsDiscussion(topic.subject);
	const discussion = forum.discussionOfPage(
		database(),
		topic.subject,
		topic.path,
		url,
		locals.account,
		getLocale(),
		defaultMessageLocale(locals.account)
	);
	return unsent({
		topic: { title: topic.title, lang: topic.lang },
		discussion,
		jsonLd: structuredData.topicJsonLdOfPage(
			{ slug: params.slug, title: topic.title, lang: topic.lang },
			discussion,
			getLocale(),
			publicOrigin(url)
		),
		discussionFeed: forumFeeds.discussionFeedPath('topic', params.slug)
	});
};

export const actions = messageActions.discussionActions((event) =>
	forum.subjectBySlug(
		database(),
		'topic',
		event.params.slug!,
		event.locals.account ? { id: event.locals.account.id, role: event.locals.account.role } : null
	)
) satisfies Actions;
