import { describe, expect, it } from 'vitest';
import { makeOrganiser, postForm, useOwnServer } from './helpers/organiser';

/*
 * A server of its own that takes the reader's address from a header, as behind nginx: the
 * test speaks from several addresses, and the shared server's counters for 127.0.0.1 (which
 * every other test logs in from) stay untouched.
 */
useOwnServer({ env: { ADDRESS_HEADER: 'x-test-address' } });

const tryLogin = (email: string, password: string, from: string) =>
	postForm('/en/organiser/login', { email, password }, { 'x-test-address': from });

describe('login limits over HTTP', () => {
	it('checks at most 5 of 100 parallel wrong passwords from one address', async () => {
		const organiser = await makeOrganiser();
		const responses = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				tryLogin(organiser.email, `wrong guess ${i}`, '198.51.100.20')
			)
		);
		const statuses = responses.map((r) => r.status);
		expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
		expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
		await Promise.all(responses.map((r) => r.body?.cancel()));
		// Even the right password is refused from there now.
		expect((await tryLogin(organiser.email, organiser.password, '198.51.100.20')).status).toBe(429);
	});

	it("lets the owner in from another address after a stranger's 10 tries", async () => {
		const organiser = await makeOrganiser();
		const statuses: number[] = [];
		for (let i = 0; i < 10; i++) {
			const response = await tryLogin(organiser.email, `stranger guess ${i}`, '203.0.113.66');
			statuses.push(response.status);
			await response.body?.cancel();
		}
		expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
		const owner = await tryLogin(organiser.email, organiser.password, '192.0.2.44');
		expect(owner.status).toBe(303);
		expect(owner.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true);
	});
});
