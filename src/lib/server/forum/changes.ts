import type { DiscussionKind } from '../db/schema';

/*
 * What a forum write changed, told to whoever shows it: the response cache drops the answers
 * tagged with these names (and only those), so a new message leaves every unrelated page in
 * memory with its ETag. The forum does not know the cache; the app connects them at start-up.
 */

/** Pages that list or count discussions: home, lists, the forum, its feed, search, sitemap. */
export const LISTS = 'forum';
/**
 * How late those may be for visitors when messages come fast (response-cache invalidateSoon):
 * the first message of a quiet moment shows at once, a burst at most this much later.
 */
export const LISTS_LAG_MS = 1000;
/** Pages that show authors' names next to messages. */
export const NAMES = 'names';

/** The tag of the pages and feeds that show one discussion's messages. */
export function discussionTag(kind: DiscussionKind, subjectId: number): string {
	return `discussion:${kind}:${subjectId}`;
}

type Listener = (tags: readonly string[]) => void;
const listeners = new Set<Listener>();

/** Calls `listener` after every forum write with the tags it touched; returns the unsubscribe. */
export function onChange(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function changed(...tags: string[]) {
	for (const listener of listeners) listener(tags);
}
