/*
 * Three-way merge of two edits of one record, field by field, from the version both started
 * from: what only one side changed is taken from that side, what both changed the same way is
 * kept, and only what both changed differently is a conflict for a person to settle.
 */

export type FlatValue = string | boolean | null;
export type Flat = Record<string, FlatValue>;

export type MergeResult = {
	/** Every field settled: theirs or mine where only one changed, mine where both did. */
	merged: Flat;
	/** The fields both sides changed, differently, in the order of `mine`'s keys. */
	conflicts: string[];
};

/**
 * `base` null means the common version is unknown (its revision is gone): then every field the
 * two sides hold differently is a conflict, since nobody can say who changed it.
 */
export function threeWay(base: Flat | null, mine: Flat, theirs: Flat): MergeResult {
	const merged: Flat = {};
	const conflicts: string[] = [];
	const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
	for (const key of keys) {
		const m = mine[key] ?? null;
		const t = theirs[key] ?? null;
		const b = base ? (base[key] ?? null) : undefined;
		if (m === t) merged[key] = m;
		else if (b !== undefined && m === b) merged[key] = t;
		else if (b !== undefined && t === b) merged[key] = m;
		else {
			merged[key] = m;
			conflicts.push(key);
		}
	}
	return { merged, conflicts };
}

/** The fields whose values differ between two versions, in the order of `after`'s keys. */
export function changedFields(before: Flat, after: Flat): string[] {
	const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
	return keys.filter((key) => (before[key] ?? null) !== (after[key] ?? null));
}
