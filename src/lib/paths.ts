/*
 * The hub's addresses that take a parameter, built in one place: a page or a server answer
 * asks for `paths.editor('event', id)` instead of writing the path out, so a route that moves
 * changes here only. Localise with href() ($lib/i18n) as any other internal link.
 */

export type ContentKind = 'event' | 'post';

export const paths = {
	/** A reader's page of an event or a post. */
	page: (kind: ContentKind, slug: string) => `/${kind}s/${slug}`,
	event: (slug: string) => `/events/${slug}`,
	post: (slug: string) => `/posts/${slug}`,
	/** An organiser's editor of an event or a post, and its history. */
	editor: (kind: ContentKind, id: number | string) => `/organiser/${kind}s/${id}`,
	history: (kind: ContentKind, id: number | string) => `/organiser/${kind}s/${id}/history`,
	/** A new post, attached to an event when one is given. */
	newPost: (eventId?: number) =>
		eventId === undefined ? '/organiser/posts/new' : `/organiser/posts/new?event=${eventId}`,
	/** A forum topic. */
	topic: (slug: string) => `/forum/${slug}`,
	/** A message's permalink: it redirects to the page of its discussion that shows it. */
	message: (id: number | string) => `/messages/${id}`,
	/** What a member does to a message, and its public history. */
	messageAction: (id: number | string, action: 'reply' | 'edit' | 'delete' | 'history' | 'flag') =>
		`/messages/${id}/${action}`,
	/** An email's unsubscribe page (and its one-click POST, RFC 8058). */
	unsubscribe: (token: string) => `/unsubscribe/${token}`,
	/** Emailed links: confirming an address, choosing a new password. */
	confirm: (token: string) => `/confirm/${token}`,
	passwordReset: (token: string) => `/password-reset/${token}`
} as const satisfies Record<string, (...args: never[]) => string>;
