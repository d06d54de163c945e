import { beforeAll, describe, expect, it } from 'vitest';
import { get } from './helpers/http';
import { loginCookie, makeOrganiser, postForm } from './helpers/organiser';

/*
 * The editors' addresses take an id ([id=id]: digits, 1 to 9 of them). One that names no
 * record, or is no id at all, is a 404 page, never a 500: for the page and for its actions.
 */
let cookie = '';
let adminCookie = '';
beforeAll(async () => {
	const organiser = await makeOrganiser();
	cookie = await loginCookie(organiser.email, organiser.password);
	const admin = await makeOrganiser('admin');
	adminCookie = await loginCookie(admin.email, admin.password);
});

const MISSING = '987654321';
const NOT_IDS = ['abc', '12a', '1234567890', '-1', '1.5'];

describe.each(['events', 'posts'])('/organiser/%s/[id=id]', (kind) => {
	it('answers 404 for an id no record has, on the editor and its history', async () => {
		for (const at of [
			`/fr/organiser/${kind}/${MISSING}`,
			`/en/organiser/${kind}/${MISSING}/history`
		]) {
			expect((await get(at, { cookie })).status, at).toBe(404);
		}
	});

	it('answers 404 for what is not an id, on the editor and its history', async () => {
		for (const id of NOT_IDS) {
			for (const at of [`/fr/organiser/${kind}/${id}`, `/en/organiser/${kind}/${id}/history`]) {
				expect((await get(at, { cookie })).status, at).toBe(404);
			}
		}
	});

	it('answers 404 to every action on a missing record, and changes nothing', async () => {
		const actions =
			kind === 'events'
				? ['save', 'publish', 'cancel', 'reinstate', 'archive', 'unarchive']
				: ['save', 'publish', 'unpublish', 'archive', 'unarchive'];
		for (const action of actions) {
			const response = await postForm(
				`/fr/organiser/${kind}/${MISSING}?/${action}`,
				{ confirmed: '1', version: '1', intent: 'save' },
				{ cookie: adminCookie }
			);
			expect(response.status, action).toBe(404);
		}
		const restore = await postForm(
			`/fr/organiser/${kind}/${MISSING}/history?/restore`,
			{ revision: '1', version: '1' },
			{ cookie: adminCookie }
		);
		expect(restore.status).toBe(404);
		expect(
			(
				await postForm(
					`/fr/organiser/${kind}/abc?/archive`,
					{ confirmed: '1' },
					{ cookie: adminCookie }
				)
			).status
		).toBe(404);
	});
});
