import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as forum from '$lib/server/views/forum';
import * as messageActions from '$lib/server/forms/message-actions';
import { defaultMessageLocale } from '$lib/server/forum/locale';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, locals }) => {
	const topic = forum.topicHeading(database(), params.slug);
	if (!topic) error(404, m.not_found_title());
	forum.showsDiscussion(topic.subject);
	return {
		topic: { title: topic.title, lang: topic.lang },
		discussion: forum.discussionOfPage(
			database(),
			topic.subject,
			topic.path,
			url,
			locals.account,
			getLocale(),
			defaultMessageLocale(locals.account)
		)
	};
};

export const actions = messageActions.discussionActions((event) =>
	forum.subjectBySlug(database(), 'topic', event.params.slug!)
) satisfies Actions;
