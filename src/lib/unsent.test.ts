import { describe, expect, it } from 'vitest';
import { transport } from '../hooks';
import { UNSENT } from './unsent';

describe('data of pages that send no script', () => {
	it('is serialised as one number when marked, and left alone otherwise', () => {
		const marked = Object.defineProperty({ events: [1, 2, 3] }, UNSENT, { value: true });
		expect(transport.Unsent!.encode(marked)).toBe(1);
		expect(transport.Unsent!.encode({ events: [1, 2, 3] })).toBe(false);
		expect(transport.Unsent!.encode(null)).toBe(false);
		// Not enumerable: nothing else that reads the data sees the mark.
		expect(Object.keys(marked)).toEqual(['events']);
	});
});
