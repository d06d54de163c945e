import { describe, expect, it } from 'vitest';
import { match } from './id';

describe('[id=id]', () => {
	it('takes 1 to 9 digits and nothing else', () => {
		for (const id of ['1', '42', '999999999', '007']) expect(match(id), id).toBe(true);
		for (const id of ['', 'abc', '12a', '1234567890', '-1', '1.5', ' 1', '١'])
			expect(match(id), id).toBe(false);
	});
});
