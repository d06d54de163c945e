import { describe, expect, it } from 'vitest';
import * as merge from './merge';

describe('three-way merge', () => {
	const base = { start: '18:30', venue: 'A', city: 'Paris', summary: 'x' };

	it('takes each side’s change where only that side changed', () => {
		const mine = { ...base, summary: 'y', city: 'Lyon' };
		const theirs = { ...base, start: '19:00', venue: 'B' };
		expect(merge.threeWay(base, mine, theirs)).toEqual({
			merged: { start: '19:00', venue: 'B', city: 'Lyon', summary: 'y' },
			conflicts: []
		});
	});

	it('keeps a change both made alike, and reports only what both changed differently', () => {
		const mine = { ...base, start: '19:00', venue: 'C' };
		const theirs = { ...base, start: '19:00', venue: 'B' };
		const result = merge.threeWay(base, mine, theirs);
		expect(result.conflicts).toEqual(['venue']);
		expect(result.merged).toEqual({ ...base, start: '19:00', venue: 'C' });
	});

	it('treats every difference as a conflict when the common version is unknown', () => {
		const result = merge.threeWay(null, { ...base, venue: 'C' }, { ...base, summary: 'z' });
		expect(result.conflicts).toEqual(['venue', 'summary']);
	});

	it('counts a missing field as empty (a text in one language added on one side)', () => {
		expect(merge.threeWay({ a: null }, { a: null }, { a: 'new', b: 'added' })).toEqual({
			merged: { a: 'new', b: 'added' },
			conflicts: []
		});
		expect(merge.changedFields({ a: '1' }, { a: '1', b: null })).toEqual([]);
		expect(merge.changedFields({ a: '1' }, { a: '2', b: 'x' })).toEqual(['a', 'b']);
	});
});
