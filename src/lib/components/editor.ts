/**
 * What the organiser's editors share: the shapes the server hands them (issue 11 contract) and
 * the attributes that tie each field to its hint and error for screen readers.
 */
import type { HTMLAttributes } from 'svelte/elements';

export const EDITOR_FORM_ID = 'editor';

/*
 * The forms as typed, shaped by the server's form modules: type-only imports, erased before
 * the browser's bundle is built, so no server code reaches it.
 */
export type { EventFormValues as EventEditorValues } from '$lib/server/forms/events';
export type { PostFormValues as PostEditorValues } from '$lib/server/forms/posts';

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

/**
 * aria-invalid and aria-describedby for the field `id`: its hint (said by Field as `id-hint`)
 * and its error (`id-error`), so a screen reader reads both with the field.
 */
export function fieldAria(id: string, errors: Record<string, string>, hints: Record<string, string | undefined>): HTMLAttributes<HTMLElement> {
	const ids = [hints[id] ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean);
	return {
		'aria-invalid': errors[id] ? 'true' : undefined,
		'aria-describedby': ids.length ? ids.join(' ') : undefined
	};
}

/** The `form` a page got, read without trusting its shape: each action answers differently. */
export function formField<T>(form: unknown, key: string): T | null {
	if (form && typeof form === 'object' && key in form) {
		const value = (form as Record<string, unknown>)[key];
		return value == null ? null : (value as T);
	}
	return null;
}
