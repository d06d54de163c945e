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

export type ConfirmRequest = {
	action: 'cancel' | 'archive' | 'unpublish';
	version: number | string;
};

export type EventPreview = Record<'fr' | 'en', { summary: string; descriptionHtml: string }>;
export type PostPreview = Record<'fr' | 'en', string>;
/** What an editor previews in one language: the rendered text, and an event's summary above it. */
export type EditorPreview = { summary?: string; html: string };

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

/**
 * What an editor's action answered (the page's `form`), read without trusting its shape: the
 * values typed, and what the editor shows of the answer (`shown`, spread on EventForm or
 * PostForm), the confirmation asked for, and a message said alone (refused, 403…): field
 * errors are listed by the form's own summary, a conflict by its notice.
 */
export function editorAnswer<Values, Preview>(form: unknown) {
	const errors = formField<Record<string, string>>(form, 'errors') ?? {};
	const conflict = formField<EditorConflict>(form, 'conflict');
	const message = formField<string>(form, 'message');
	return {
		values: formField<Values>(form, 'values'),
		shown: { errors, conflict, preview: formField<Preview>(form, 'preview') },
		confirm: formField<ConfirmRequest>(form, 'confirm'),
		alone: message && Object.keys(errors).length === 0 && !conflict ? message : null
	};
}
