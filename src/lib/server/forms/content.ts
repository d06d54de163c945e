import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import type { Account } from '../accounts/accounts';
import * as events from '../content/events';
import * as posts from '../content/posts';
import * as revisions from '../content/revisions';
import { found } from '../http/found';
import * as views from '../views/organiser';
import { refusal } from './forbidden';
import { choicesOf, doneLocation, formNumber, saveDone, type Done } from './outcome';

/*
 * What the event and post editors do alike, once: find the record an address names (404 when
 * there is none), archive or bring it back, show and restore its history. Each kind names its
 * own domain functions here; the rest is shared.
 */

const KINDS = {
	event: {
		find: events.findById,
		setArchived: events.setArchived,
		restore: events.restoreRevision,
		ConflictError: events.EventConflictError,
		InputError: events.EventInputError
	},
	post: {
		find: posts.findById,
		setArchived: posts.setArchived,
		restore: posts.restoreRevision,
		ConflictError: posts.PostConflictError,
		InputError: posts.PostInputError
	}
} as const;

export type ContentKind = keyof typeof KINDS;
type Record_<K extends ContentKind> = NonNullable<ReturnType<(typeof KINDS)[K]['find']>>;

/** The record an `[id=id]` address names, or a 404. */
export function findOr404<K extends ContentKind>(kind: K, id: string | number): Record_<K> {
	return found(KINDS[kind].find(database(), Number(id)) as Record_<K> | null);
}

/** The editor's address, saying what was done. */
export function editorLocation(kind: ContentKind, id: number, done: Done): string {
	return doneLocation(paths.editor(kind, id), done);
}

/**
 * Asks first (the answer is the confirmation, with or without JavaScript) unless the form says
 * it was confirmed: the version the confirmation will carry, or null to go ahead.
 */
export function confirmationNeeded(
	kind: ContentKind,
	id: number,
	form: FormData,
	action: 'cancel' | 'archive' | 'unpublish'
) {
	if (form.get('confirmed') === '1') return null;
	return { confirm: { action, version: findOr404(kind, id).version } };
}

/** Archive (asks first: it leaves the pages, and calendars or feeds drop it) or bring back (admins only). */
export async function setArchived(
	kind: ContentKind,
	requestEvent: RequestEvent,
	account: Account,
	id: number,
	archived: boolean
) {
	const form = await requestEvent.request.formData();
	if (archived) {
		const ask = confirmationNeeded(kind, id, form, 'archive');
		if (ask) return ask;
	}
	findOr404(kind, id);
	// Bringing back what was archived is an admin's decision: the policy says so (auth/policy.ts).
	try {
		KINDS[kind].setArchived(database(), id, archived, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, editorLocation(kind, id, archived ? 'archived' : 'unarchived'));
}

/** What a history page shows: the record's title and version, its revisions, and the one viewed. */
export function historyOf(kind: ContentKind, id: number, url: URL) {
	const record = findOr404(kind, id);
	return {
		record: {
			id: record.id,
			version: record.version,
			...views.titleIn<{ title: string }>(record.texts, getLocale(), record.slug)
		},
		revisions: views.history(database(), kind, record.id, getLocale()),
		viewing: views.revisionContent(database(), kind, record.id, url.searchParams.get('revision'))
	};
}

/** Puts the record's content back as a revision had it, as a new version. */
export async function restoreRevision(
	kind: ContentKind,
	requestEvent: RequestEvent,
	account: Account,
	id: number
) {
	const record = findOr404(kind, id);
	const form = await requestEvent.request.formData();
	const { restore, ConflictError, InputError } = KINDS[kind];
	let outcome: events.SaveOutcome;
	try {
		outcome = restore(database(), record.id, formNumber(String(form.get('revision') ?? '')), {
			actor: account,
			expectedVersion: formNumber(String(form.get('version') ?? ''))
		}).outcome;
	} catch (e) {
		if (e instanceof ConflictError) return fail(409, { message: m.conflict_restore() });
		if (e instanceof InputError) return fail(400, { message: m.form_has_errors() });
		if (e instanceof revisions.RevisionNotFoundError)
			return fail(404, { message: m.not_found_title() });
		return refusal(e);
	}
	// Restoring the version the record already is writes nothing: say so.
	redirect(
		303,
		editorLocation(kind, record.id, outcome === 'unchanged' ? 'unchanged' : 'restored')
	);
}

/** What an editor's save needs to know of its kind: how to read, check, store and answer. */
export type SaveSpec<Values extends { version: string }, Input> = {
	kind: ContentKind;
	read(form: FormData): Values;
	input(values: Values): Input;
	/** The problems a preview minds: texts beyond their limits, worded per field. */
	tooLong(input: Input, values: Values): Record<string, string>;
	/** Every problem at once, worded per field. */
	problems(input: Input, values: Values, id: number | null): Record<string, string>;
	preview(values: Values): unknown;
	create(input: Input, actor: Account, publish: boolean): { id: number };
	edit(
		id: number,
		input: Input,
		options: { actor: Account; expectedVersion: number; publish: boolean; takeTheirs: string[] }
	): { outcome: events.SaveOutcome; published: boolean };
	/** The answer to an error `edit` threw, or undefined for one it does not know. */
	refused(error: unknown, values: Values): ReturnType<typeof fail> | undefined;
};

/** Every problem, with what was typed handed back whole. */
export function invalid<Values>(values: Values, errors: Record<string, string>) {
	return fail(400, { values, errors, message: m.form_has_errors() });
}

/**
 * Preview, save (content only: a draft stays a draft, a live one stays live) or publish (a new
 * one or a draft, stored and published at once). Every problem is reported in one answer.
 */
export async function save<Values extends { version: string }, Input>(
	spec: SaveSpec<Values, Input>,
	requestEvent: RequestEvent,
	account: Account,
	id: number | null
) {
	const form = await requestEvent.request.formData();
	const values = spec.read(form);
	const intent = String(form.get('intent') ?? 'save');
	const input = spec.input(values);
	if (intent === 'preview') {
		// Within the limits first: a preview renders what a save would store, no more.
		const tooLong = spec.tooLong(input, values);
		if (Object.keys(tooLong).length > 0) return invalid(values, tooLong);
		return { values, preview: spec.preview(values) };
	}
	const publish = intent === 'publish';
	const errors = spec.problems(input, values, id);
	if (Object.keys(errors).length > 0) return invalid(values, errors);

	if (id === null) {
		let created: { id: number };
		try {
			created = spec.create(input, account, publish);
		} catch (error) {
			return refusal(error);
		}
		redirect(303, editorLocation(spec.kind, created.id, publish ? 'published' : 'created'));
	}
	let outcome: events.SaveOutcome;
	let published: boolean;
	const choices = choicesOf(form);
	try {
		({ outcome, published } = spec.edit(id, input, {
			actor: account,
			expectedVersion: formNumber(values.version),
			publish,
			takeTheirs: choices
		}));
	} catch (error) {
		const answer = spec.refused(error, values);
		if (answer) return answer;
		return refusal(error);
	}
	redirect(303, editorLocation(spec.kind, id, saveDone(outcome, published, choices)));
}
