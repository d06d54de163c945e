import { HUB_TIME_ZONE, type ContentLocale } from '$lib/content';
import { formatDate } from '$lib/format';
import * as m from '$lib/paraglide/messages';
import { wallClock } from '$lib/time';
import type { Db } from '../db';
import { authorName, discussionTitle } from '../formats/forum-feeds';
import * as activity from '../forum/activity';

/*
 * The forum as the home page and the lists show it: "12 messages" under each event and post,
 * and the few discussions most recently written in. One query per list, never one per item:
 * these render for every signed-in member on every request.
 */

/** "1 message", "12 messages" in the reader's plural rules; null for none (nothing is shown). */
export function messageCount(count: number, locale: ContentLocale): string | null {
	if (count <= 0) return null;
	const one = new Intl.PluralRules(locale).select(count) === 'one';
	return (one ? m.counts_messages_one : m.counts_messages_other)({ count }, { locale });
}

/** The count shown for each of these events or posts, by id; those without messages are absent. */
export function countLabels(
	db: Db,
	kind: 'event' | 'post',
	ids: number[],
	locale: ContentLocale
): Map<number, string> {
	const labels = new Map<number, string>();
	for (const [id, counts] of activity.countsFor(db, kind, ids)) {
		const label = messageCount(counts.messages, locale);
		if (label) labels.set(id, label);
	}
	return labels;
}

export type LatestDiscussion = {
	/** Without the language prefix: localise with href(). */
	path: string;
	title: string;
	/** The title's language (null: one we cannot name). */
	lang: ContentLocale | null;
	messages: string | null;
	/** ISO instant and the date as the reader reads it. */
	lastAt: { iso: string; date: string } | null;
	lastAuthor: string | null;
};

/** How many discussions the home page names. */
export const LATEST_SIZE = 5;

/** The discussions most recently written in, for the home page's "Latest in the forum". */
export function latestDiscussions(db: Db, locale: ContentLocale): LatestDiscussion[] {
	return activity.listActive(db, { perPage: LATEST_SIZE }).items.map((item) => {
		const title = discussionTitle(item, locale);
		return {
			path: item.path,
			title: title.text,
			lang: title.lang,
			messages: messageCount(item.discussion.messageCount, locale),
			lastAt: item.last
				? {
						iso: new Date(item.last.createdAt).toISOString(),
						date: formatDate(wallClock(item.last.createdAt, HUB_TIME_ZONE).date, locale)
					}
				: null,
			lastAuthor: item.last ? authorName(item.last.authorName, locale) : null
		};
	});
}
