import { describe, expect, it } from 'vitest';
import { SegmentedLru } from './segmented-lru';

describe('SegmentedLru', () => {
	it('never holds more entries or bytes than its limits', () => {
		const lru = new SegmentedLru<number>({ maxEntries: 10, maxBytes: 1000, protectedShare: 0.5 });
		for (let i = 0; i < 100; i++) {
			lru.set(`k${i}`, i, 90);
			if (i % 3 === 0) lru.get(`k${i}`);
			expect(lru.size).toBeLessThanOrEqual(10);
			expect(lru.bytes).toBeLessThanOrEqual(1000);
		}
	});

	it('keeps entries hit once through a flood of entries never asked again', () => {
		const lru = new SegmentedLru<string>({
			maxEntries: 100,
			maxBytes: 100_000,
			protectedShare: 0.8
		});
		lru.set('home', 'home page', 500);
		lru.get('home');
		for (let i = 0; i < 10_000; i++) lru.set(`flood-${i}`, 'x', 500);
		expect(lru.get('home')).toBe('home page');
		expect(lru.get('flood-0')).toBeUndefined();
		expect(lru.get('flood-9999')).toBe('x');
	});

	it('refuses an entry larger than probation, and replaces an entry set again', () => {
		const lru = new SegmentedLru<string>({ maxEntries: 10, maxBytes: 1000, protectedShare: 0.5 });
		expect(lru.set('big', 'b', 600)).toBe(false);
		expect(lru.get('big')).toBeUndefined();
		lru.set('a', 'one', 100);
		lru.set('a', 'two', 200);
		expect(lru.size).toBe(1);
		expect(lru.bytes).toBe(200);
		expect(lru.get('a')).toBe('two');
	});

	it('sends protected entries past their share back to probation, not out', () => {
		const lru = new SegmentedLru<number>({ maxEntries: 4, maxBytes: 1000, protectedShare: 0.5 });
		for (const key of ['a', 'b', 'c']) {
			lru.set(key, 1, 10);
			lru.get(key);
		}
		// Protected holds two: 'a' went back to probation, still there.
		expect(lru.size).toBe(3);
		expect(lru.get('a')).toBe(1);
	});
});
