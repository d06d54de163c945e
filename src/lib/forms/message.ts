import * as m from '$lib/paraglide/messages';
import { defineForm, type FormValues } from './define';

/*
 * The forum's forms, declared once: a message (written in a discussion, or answering one) and a
 * new topic (its title and first message). The language is a radio: `fr`, `en`, or `other`
 * (neither: never hidden by a language filter).
 */

const MESSAGE_MESSAGES = {
	body: { required: m.forum_error_body_required },
	replyTo: { '*': m.forum_error_reply_invalid },
	quote: { needs_reply: m.forum_error_quote_needs_reply, '*': m.forum_error_quote_not_in_message },
	title: { required: m.forum_error_title_required }
};

export const MESSAGE_LOCALES = ['fr', 'en', 'other'] as const;
export type MessageLocaleChoice = (typeof MESSAGE_LOCALES)[number];

export const messageForm = defineForm(
	{
		/** The message answered, when answering: a hidden field. */
		replyTo: {},
		quote: { label: m.forum_field_quote, max: 'quote' },
		body: { label: m.forum_field_body, max: 'message' },
		locale: { label: m.forum_field_locale }
	},
	{ messages: MESSAGE_MESSAGES, fieldOf: { replyTo: 'body' } }
);

export type MessageFormValues = FormValues<typeof messageForm>;

export const topicForm = defineForm(
	{
		title: { label: m.forum_field_title, max: 'title' },
		body: { label: m.forum_field_first_message, max: 'message' },
		locale: { label: m.forum_field_locale }
	},
	{ messages: MESSAGE_MESSAGES }
);

export type TopicFormValues = FormValues<typeof topicForm>;

/** The language a form's radio names: null for "another language". */
export function localeOf(choice: string): 'fr' | 'en' | null {
	return choice === 'fr' || choice === 'en' ? choice : null;
}

/** The radio that shows a stored language. */
export function choiceOf(locale: 'fr' | 'en' | null): MessageLocaleChoice {
	return locale ?? 'other';
}
