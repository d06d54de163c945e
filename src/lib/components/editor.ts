/**
 * What the organiser's editors share: the shapes the server hands them (issue 11 contract).
 */
export const EDITOR_FORM_ID = 'editor';

/* The forms as typed, as their declarations ($lib/forms) shape them. */
export type { EventFormValues as EventEditorValues } from '$lib/forms/event';
export type { PostFormValues as PostEditorValues } from '$lib/forms/post';

/** A 409 answer: only the fields both sides changed, with who saved the other version and when. */
export type EditorConflict = {
	version: number;
	by: string | null;
	at: string;
	fields: { key: string; label: string; theirs: string; yours: string; multiline: boolean }[];
};

export type ConfirmRequest = { action: 'cancel' | 'archive' | 'unpublish'; version: number | string };

export type EventPreview = Record<'fr' | 'en', { summary: string; descriptionHtml: string }>;
export type PostPreview = Record<'fr' | 'en', string>;

export type Done =
	| 'saved'
	| 'merged'
	| 'unchanged'
	| 'created'
	| 'published'
	| 'unpublished'
	| 'cancelled'
	| 'reinstated'
	| 'archived'
	| 'unarchived'
	| 'restored'
	| 'resolved';

/** The `form` a page got, read without trusting its shape: each action answers differently. */
export function formField<T>(form: unknown, key: string): T | null {
	if (form && typeof form === 'object' && key in form) {
		const value = (form as Record<string, unknown>)[key];
		return value == null ? null : (value as T);
	}
	return null;
}
