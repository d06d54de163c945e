import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { href } from '$lib/i18n';
import { paths } from '$lib/paths';
import {
	localeOf,
	MESSAGE_LOCALES,
	messageForm,
	topicForm,
	type MessageFormValues
} from '$lib/forms/message';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import type { Account } from '../accounts/accounts';
import * as guard from '../auth/guard';
import { can, type Actor } from '../auth/policy';
import * as discussions from '../forum/discussions';
import type { Subject } from '../forum/discussions';
import * as messages from '../forum/messages';
import * as follows from '../mail/follows';
import { AdmissionRefused } from '../moderation/admission';
import * as topics from '../forum/topics';
import * as forum from '../views/forum';
import { refusal } from './forbidden';
import { formNumber } from './outcome';
import * as formTraps from './traps';

/*
 * The forum's form actions, re-exported by the routes: each checks who is asking itself (on top
 * of the hook's guard), hands the domain what was typed, and answers 303 to where the result is
 * read, or fail() with the problems in the reader's language and what was typed kept.
 */

const actorOf = (account: Account): Actor => ({ id: account.id, role: account.role });

/** Where a discussion page's actions find their subject: the page's slug. */
type Found = { subject: Subject; path: string } | null;

function subjectOr404(found: Found): { subject: Subject; path: string } {
	if (!found) error(404, m.not_found_title());
	return found;
}

/** What the domain refused, as the form shows it; anything else is rethrown. */
function refused(
	caught: unknown,
	values: Record<string, string>,
	form: Pick<typeof messageForm, 'messages'> = messageForm
) {
	if (caught instanceof messages.MessageInputError || caught instanceof topics.TopicInputError)
		return fail(400, {
			values,
			errors: form.messages(caught.problems),
			message: m.form_has_errors()
		});
	if (caught instanceof messages.DiscussionUnavailableError) {
		if (caught.reason === 'not_found') error(404, m.not_found_title());
		// Closed while they wrote: said as such, with their text handed back to copy.
		return fail(409, { values, errors: {}, message: m.forum_not_sent_closed(), closed: true });
	}
	if (caught instanceof AdmissionRefused) return notAdmitted(caught, values);
	const answer = refusal(caught);
	return fail(answer.status, { values, errors: {}, message: answer.data.message });
}

/** Refused by moderation or a limit: nothing written, the text handed back with the reason. */
function notAdmitted(caught: AdmissionRefused, values: Record<string, string>) {
	const { word = '', retryAfterSeconds = 10, maxLinks = 2 } = caught.detail;
	switch (caught.reason) {
		case 'banned':
			return fail(403, { values, errors: {}, message: m.admission_banned() });
		case 'unconfirmed':
			return fail(403, { values, errors: {}, message: m.admission_unconfirmed() });
		case 'rate_limited':
			getRequestEvent().setHeaders({ 'retry-after': String(retryAfterSeconds) });
			return fail(429, {
				values,
				errors: {},
				message: m.admission_rate_limited({ seconds: retryAfterSeconds }),
				retryAfter: retryAfterSeconds
			});
		case 'too_many_links':
			return fail(400, {
				values,
				errors: { body: m.admission_too_many_links({ max: maxLinks }) },
				message: m.form_has_errors()
			});
		case 'blocked_word':
			return fail(400, {
				values,
				errors: { body: m.admission_blocked_word({ word }) },
				message: m.form_has_errors()
			});
	}
}

/**
 * The language radio as it was sent: a post without one (forged or cut short) is refused, not
 * taken for "another language", which would change a message's language behind its author.
 */
function unchosenLocale(values: Record<string, string> & { locale: string }) {
	if ((MESSAGE_LOCALES as readonly string[]).includes(values.locale)) return null;
	return fail(400, {
		values,
		errors: { locale: m.forum_error_locale_required() },
		message: m.form_has_errors()
	});
}

function inputOf(values: MessageFormValues, replyTo: number | null) {
	return {
		body: values.body,
		locale: localeOf(values.locale),
		replyTo,
		quote: values.quote === '' ? null : values.quote
	};
}

function toMessage(id: number, account: Account): never {
	const location = forum.messageLocation(database(), id, actorOf(account));
	redirect(303, location ?? href('/forum'));
}

/**
 * Where a caught message "was saved": the discussion's last page, where a new message would
 * be, as a saved one's `?page=N#m{id}` (no id: there is none to show).
 */
function trappedLocation(subject: Subject, path: string): string {
	const db = database();
	const discussion = discussions.forSubject(db, subject);
	const page =
		discussion.id === null
			? 1
			: messages.pageOf(db, { id: Number.MAX_SAFE_INTEGER, discussionId: discussion.id });
	return `${href(path)}?page=${page}#discussion`;
}

/** Writes a message at the end of the discussion of the page's subject (or answering one of it). */
export async function write(event: RequestEvent, found: Found) {
	const account = guard.requireAccount(event.locals);
	const { subject, path } = subjectOr404(found);
	const data = await event.request.formData();
	const values = messageForm.read(data);
	const screened = formTraps.screen(data, 'message');
	// Caught: nothing saved, and the answer a script expects (back to the discussion).
	if (screened === 'trapped') redirect(303, trappedLocation(subject, path));
	if (screened === 'stale') return formTraps.staleRefusal(values, 'body');
	const unchosen = unchosenLocale(values);
	if (unchosen) return unchosen;
	const replyTo = values.replyTo === '' ? null : formNumber(values.replyTo);
	let id: number;
	try {
		id = formTraps.saving(
			data,
			'message',
			() => messages.post(database(), actorOf(account), subject, inputOf(values, replyTo)).id
		);
	} catch (caught) {
		if (caught instanceof formTraps.Replayed) redirect(303, trappedLocation(subject, path));
		return refused(caught, values);
	}
	toMessage(id, account);
}

/** Answers the message of the page (/messages/{id}/reply), quoting it or not. */
export async function reply(event: RequestEvent, messageId: number) {
	const account = guard.requireAccount(event.locals);
	const data = await event.request.formData();
	const values = messageForm.read(data);
	const context = forum.messageContext(database(), messageId, actorOf(account), getLocale());
	if (!context) error(404, m.not_found_title());
	const screened = formTraps.screen(data, 'message');
	// Caught: back to the message answered, as after a reply (nothing saved).
	if (screened === 'trapped') toMessage(messageId, account);
	if (screened === 'stale') return formTraps.staleRefusal(values, 'body');
	const unchosen = unchosenLocale(values);
	if (unchosen) return unchosen;
	let id: number;
	try {
		id = formTraps.saving(
			data,
			'message',
			() =>
				messages.post(database(), actorOf(account), context.subject, inputOf(values, messageId)).id
		);
	} catch (caught) {
		if (caught instanceof formTraps.Replayed) toMessage(messageId, account);
		return refused(caught, values);
	}
	toMessage(id, account);
}

/** A new version of the page's message, by its author (or a moderator). */
export async function edit(event: RequestEvent, messageId: number) {
	const account = guard.requireAccount(event.locals);
	const data = await event.request.formData();
	const values = messageForm.read(data);
	const screened = formTraps.screen(data, 'edit');
	if (screened === 'trapped') toMessage(messageId, account);
	if (screened === 'stale') return formTraps.staleRefusal(values, 'body');
	const unchosen = unchosenLocale(values);
	if (unchosen) return unchosen;
	try {
		formTraps.saving(data, 'edit', () =>
			messages.edit(database(), actorOf(account), messageId, {
				body: values.body,
				locale: localeOf(values.locale)
			})
		);
	} catch (caught) {
		if (caught instanceof formTraps.Replayed) toMessage(messageId, account);
		return refused(caught, values);
	}
	toMessage(messageId, account);
}

/** The message is a tombstone already, and the one asking could have deleted it. */
function alreadyDeletedBy(messageId: number, account: Account): boolean {
	const message = messages.findById(database(), messageId);
	return (
		message?.state === 'deleted' &&
		can(actorOf(account), 'delete-message', { type: 'message', authorId: message.authorId })
	);
}

/**
 * Deletes the page's message once asked twice: the first POST (or the page itself) asks, the
 * one carrying `confirmed` deletes. A tombstone keeps its place.
 */
export async function remove(event: RequestEvent, messageId: number) {
	const account = guard.requireAccount(event.locals);
	const form = await event.request.formData();
	if (form.get('confirmed') !== '1') return { confirm: true };
	try {
		messages.remove(database(), actorOf(account), messageId);
	} catch (caught) {
		if (caught instanceof messages.DiscussionUnavailableError) {
			// Deleted already (a double click, a second tab): the same answer as the first time.
			if (alreadyDeletedBy(messageId, account)) toMessage(messageId, account);
			if (caught.reason === 'closed') error(409, m.forum_closed_notice());
			error(404, m.not_found_title());
		}
		return refusal(caught);
	}
	toMessage(messageId, account);
}

/** Opens a topic with its first message, then shows it. */
export async function startTopic(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const data = await event.request.formData();
	const values = topicForm.read(data);
	const screened = formTraps.screen(data, 'topic');
	// Caught: to the forum's list, where a new topic would show (nothing saved).
	if (screened === 'trapped') redirect(303, href('/forum'));
	if (screened === 'stale') return formTraps.staleRefusal(values, 'body');
	const unchosen = unchosenLocale(values);
	if (unchosen) return unchosen;
	let slug: string;
	try {
		const { topic } = formTraps.saving(data, 'topic', () =>
			topics.start(database(), actorOf(account), {
				title: values.title,
				body: values.body,
				locale: localeOf(values.locale)
			})
		);
		slug = topic.slug!;
	} catch (caught) {
		if (caught instanceof formTraps.Replayed) redirect(303, href('/forum'));
		return refused(caught, values, topicForm);
	}
	redirect(303, href(paths.topic(slug)));
}

/** Closes the discussion (nobody writes in it any more) or opens it again: organisers only. */
export async function setClosed(event: RequestEvent, found: Found, closed: boolean) {
	const account = guard.requireRole('organiser', event.locals);
	const { subject, path } = subjectOr404(found);
	try {
		discussions.setClosed(database(), actorOf(account), subject, closed);
	} catch (caught) {
		return refusal(caught);
	}
	redirect(303, `${href(path)}#discussion`);
}

/** Pins a topic at the top of the forum, or unpins it: organisers only. */
export async function setPinned(event: RequestEvent, found: Found, pinned: boolean) {
	const account = guard.requireRole('organiser', event.locals);
	const { subject, path } = subjectOr404(found);
	if (subject.kind !== 'topic') error(404, m.not_found_title());
	try {
		discussions.setPinned(database(), actorOf(account), subject.id, pinned);
	} catch (caught) {
		return refusal(caught);
	}
	redirect(303, href(path));
}

/** The actions every discussion page has (pin and unpin refuse what is not a topic). */
export function discussionActions(find: (event: RequestEvent) => Found) {
	return {
		write: (event: RequestEvent) => write(event, find(event)),
		close: (event: RequestEvent) => setClosed(event, find(event), true),
		reopen: (event: RequestEvent) => setClosed(event, find(event), false),
		pin: (event: RequestEvent) => setPinned(event, find(event), true),
		unpin: (event: RequestEvent) => setPinned(event, find(event), false),
		follow: (event: RequestEvent) => setFollowed(event, find(event), true),
		unfollow: (event: RequestEvent) => setFollowed(event, find(event), false)
	};
}

/**
 * Follows the discussion (an email for each new message, at the member's pace) or stops: any
 * account. A visitor is sent to log in, and comes back to the discussion.
 */
export async function setFollowed(event: RequestEvent, found: Found, followed: boolean) {
	const { subject, path } = subjectOr404(found);
	const back = `${href(path)}#discussion`;
	if (!event.locals.account) redirect(303, guard.loginLocation(back));
	const account = guard.requireAccount(event.locals);
	if (followed) {
		if (!follows.follow(database(), account.id, subject)) error(404, m.not_found_title());
	} else follows.unfollowSubject(database(), account.id, subject);
	redirect(303, back);
}
