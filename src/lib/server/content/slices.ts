/** How many ids one `IN (…)` list holds: a very long list makes SQLite scan the whole table instead of the index. */
export const IN_LIST_SLICE = 500;

/** `read` over `ids` a slice at a time, the rows of every slice together. */
export function inSlices<T>(ids: number[], read: (slice: number[]) => T[]): T[] {
	const rows: T[] = [];
	for (let i = 0; i < ids.length; i += IN_LIST_SLICE)
		rows.push(...read(ids.slice(i, i + IN_LIST_SLICE)));
	return rows;
}
