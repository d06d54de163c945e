import * as v from 'valibot';
import { MAX_LENGTH, type LengthKind } from '$lib/limits';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/*
 * A form declared once: its fields in the order it shows them, each with its label, its hint
 * and the limit it keeps; the valibot schema that reads a submitted FormData (every field a
 * string, '' when missing or a file, so what was typed is always handed back whole); and the
 * messages for the codes the domain answers with. Browser-safe: the editors read the labels,
 * hints and limits from here, the server reads the values and words the problems.
 */

/** A number as the reader writes it: 10,000 in English, 10 000 (no-break) in French. */
export const localNumber = (value: number): string =>
	new Intl.NumberFormat(getLocale()).format(value);

export type FieldSpec = {
	/** What the field is called where it is listed alone (the error summary). */
	label?: () => string;
	/** The longest text it takes: said as its hint, enforced by the domain (text.ts). */
	max?: LengthKind;
	/** A hint of its own (said instead of the limit). */
	hint?: () => string;
};

/** A problem as the domain names it: a field (its own name), a code, a limit for too_long. */
export type Problem = { field: string; code: string; max?: number };

/** A message per code; `*` for any other. Each is said in the organiser's language when called. */
export type Messages = Record<string, Partial<Record<string, () => string>>>;

const LANGUAGES = [
	{ code: 'fr', name: m.language_name_fr },
	{ code: 'en', name: m.language_name_en }
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/**
 * The text fields of each language, language by language (`title_fr`, `body_fr`, then
 * `title_en`, `body_en`), each labelled "Title (French)".
 */
export function inEachLanguage<const N extends string>(
	fields: Record<N, { label: () => string; max: LengthKind }>
): Record<`${N}_${Language}`, FieldSpec> {
	const entries = LANGUAGES.flatMap(({ code, name: language }) =>
		(Object.entries(fields) as [N, { label: () => string; max: LengthKind }][]).map(
			([name, { label, max }]) => [
				`${name}_${code}`,
				{ label: () => m.editor_label_in({ label: label(), language: language() }), max }
			]
		)
	);
	return Object.fromEntries(entries) as unknown as Record<`${N}_${Language}`, FieldSpec>;
}

/** The fields every content form has: its address and the version it was opened at. */
export const SLUG_FIELD = {
	label: m.field_slug,
	hint: () => m.editor_slug_hint({ max: localNumber(MAX_LENGTH.slug) })
} satisfies FieldSpec;
export const VERSION_FIELD = {} satisfies FieldSpec;

/** What both content forms say alike: a title missing (where a text was typed, or at all), an address taken or malformed. */
export const CONTENT_MESSAGES: Messages = {
	texts: { '*': m.error_title_none },
	title_fr: { '*': () => m.error_title_for_texts({ language: m.language_name_fr() }) },
	title_en: { '*': () => m.error_title_for_texts({ language: m.language_name_en() }) },
	slug: { taken: m.error_slug_taken, '*': m.error_slug_invalid }
};

/** "Too long: 50,000 characters at most", the number written as the reader writes numbers. */
export function tooLongMessage(max: number): string {
	return m.error_too_long({ max: localNumber(max) });
}

export function defineForm<const F extends Record<string, FieldSpec>>(
	fields: F,
	options: {
		messages: Messages;
		/** The form field a domain problem belongs to, when it is not the field of the same name. */
		fieldOf?: Partial<Record<string, string>>;
	}
) {
	type Name = keyof F & string;
	const names = Object.keys(fields) as Name[];
	const text = v.fallback(v.string(), '');
	const schema = v.object(
		Object.fromEntries(names.map((name) => [name, text])) as Record<Name, typeof text>
	);
	type Values = Record<Name, string>;

	return {
		fields,
		/** In the order the form shows them: the error summary lists problems in this order. */
		names,
		schema,

		/** What was submitted, as typed. */
		read(form: FormData): Values {
			return v.parse(
				schema,
				Object.fromEntries(names.map((name) => [name, form.get(name)]))
			) as Values;
		},

		empty(): Values {
			return v.parse(schema, {}) as Values;
		},

		/** Each field's name where it is listed alone, in the organiser's language. */
		labels(): Record<string, string> {
			return Object.fromEntries(
				names.flatMap((name) => (fields[name]!.label ? [[name, fields[name]!.label!()]] : []))
			);
		},

		/** Each field's hint: its own, else the longest text it takes. */
		hints(): Record<string, string> {
			return Object.fromEntries(
				names.flatMap((name) => {
					const { hint, max } = fields[name]!;
					if (hint) return [[name, hint()]];
					return max ? [[name, m.editor_max_length({ max: localNumber(MAX_LENGTH[max]) })]] : [];
				})
			);
		},

		/**
		 * A message per form field, in the organiser's language: a too-long text names its
		 * limit; `place` puts a problem on another field than its own (the span's ends).
		 */
		messages(
			problems: readonly Problem[],
			place: (p: Problem) => string | undefined = () => undefined
		): Record<string, string> {
			const errors: Record<string, string> = {};
			for (const p of problems) {
				const said =
					p.code === 'too_long' && p.max !== undefined
						? () => tooLongMessage(p.max!)
						: (options.messages[p.field]?.[p.code] ?? options.messages[p.field]?.['*']);
				if (!said) continue;
				const field =
					place(p) ?? options.fieldOf?.[p.field] ?? (p.field === 'texts' ? 'title_fr' : p.field);
				errors[field] = said();
			}
			return errors;
		}
	};
}

export type FormValues<D extends { empty(): Record<string, string> }> = ReturnType<D['empty']>;
