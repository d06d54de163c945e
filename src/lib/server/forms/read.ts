/** The named text fields of a submitted form, '' for a missing one or a file. */
export function readFields<K extends string>(form: FormData, fields: readonly K[]): Record<K, string> {
	return Object.fromEntries(
		fields.map((name) => {
			const value = form.get(name);
			return [name, typeof value === 'string' ? value : ''];
		})
	) as Record<K, string>;
}
