import * as m from '$lib/paraglide/messages';
import { defineForm, localNumber, type FormValues } from './define';

/*
 * Reporting a message to the moderators: a reason (a radio) and a note, which "something
 * else" needs. The note's limit is flags.MAX_NOTE_LENGTH, said here for the browser's sake.
 */

export const FLAG_REASON_CHOICES = ['spam', 'abuse', 'off_topic', 'other'] as const;
export const FLAG_NOTE_MAX = 500;

export const flagForm = defineForm(
	{
		reason: { label: m.flag_field_reason },
		note: {
			label: m.flag_field_note,
			hint: () => m.flag_note_hint({ max: localNumber(FLAG_NOTE_MAX) })
		}
	},
	{
		messages: {
			reason: { '*': m.flag_error_reason },
			note: { required: m.flag_error_note_required }
		}
	}
);

export type FlagFormValues = FormValues<typeof flagForm>;

/** Each reason as the radio says it. */
export const FLAG_REASON_LABELS = {
	spam: m.flag_reason_spam,
	abuse: m.flag_reason_abuse,
	off_topic: m.flag_reason_off_topic,
	other: m.flag_reason_other
} satisfies Record<(typeof FLAG_REASON_CHOICES)[number], () => string>;
