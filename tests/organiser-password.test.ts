import { describe, expect, it } from 'vitest';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

// Wrong current passwords count as failed logins from 127.0.0.1: a server of its own keeps
// them off the shared server's per-address limit.
useOwnServer();

const newPassword = 'trois pommes sur la table du jardin';
const storedHash = (id: number) =>
	(
		serverDb().$client.prepare('select password_hash h from accounts where id = ?').get(id) as {
			h: string;
		}
	).h;

describe('changing one’s own password', () => {
	it('is linked from the organiser bar, with labelled fields', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		const { response, doc } = await getPage('/en/organiser/password', { cookie });
		expect(response.status).toBe(200);
		expect(doc.querySelector('nav.org-bar a[href="/en/organiser/password"]')).not.toBeNull();
		expect(
			doc.querySelectorAll('form.editor label').map((l) => [l.getAttribute('for'), textOf(l)])
		).toEqual([
			['current', 'Current password'],
			['password', 'New password (at least 12 characters)'],
			['confirm', 'New password, once more']
		]);
	});

	it('refuses a wrong current password or a weak new one and changes nothing', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		const other = await loginCookie(organiser.email, organiser.password);
		const before = storedHash(organiser.id);

		const wrong = await postForm(
			'/en/organiser/password',
			{ current: 'not my password at all', password: newPassword, confirm: newPassword },
			{ cookie }
		);
		expect(wrong.status).toBe(400);
		const html = await wrong.text();
		expect(html).toContain('The current password is wrong.');
		expect(html).not.toContain(newPassword);

		const weak = await postForm(
			'/fr/organiser/password',
			{ current: organiser.password, password: '123456789012', confirm: '123456789012' },
			{ cookie }
		);
		expect(weak.status).toBe(400);
		expect(await weak.text()).toContain('Ce mot de passe est trop facile à deviner');

		const mismatch = await postForm(
			'/fr/organiser/password',
			{ current: organiser.password, password: newPassword, confirm: 'autre chose encore ici' },
			{ cookie }
		);
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('Les deux nouveaux mots de passe diffèrent');

		expect(storedHash(organiser.id)).toBe(before);
		expect((await get('/en/organiser', { cookie: other })).status).toBe(200);
		expect(
			(await postForm('/en/organiser/login', { email: organiser.email, password: newPassword }))
				.status
		).toBe(400);
		expect((await loginCookie(organiser.email, organiser.password)).startsWith('session=')).toBe(
			true
		);
	});

	it('changes it, keeps this session, ends the others, and the new password logs in', async () => {
		const organiser = await makeOrganiser();
		const cookie = await loginCookie(organiser.email, organiser.password);
		const other = await loginCookie(organiser.email, organiser.password);

		const changed = await postForm(
			'/en/organiser/password',
			{ current: organiser.password, password: newPassword, confirm: newPassword },
			{ cookie }
		);
		expect(changed.status).toBe(200);
		expect(await changed.text()).toContain(
			'Password changed. Your other sessions have been closed; this one stays open.'
		);

		expect((await get('/en/organiser', { cookie })).status).toBe(200);
		expect((await get('/en/organiser', { cookie: other })).status).toBe(303);
		expect(
			(
				await postForm('/en/organiser/login', {
					email: organiser.email,
					password: organiser.password
				})
			).status
		).toBe(400);
		expect((await loginCookie(organiser.email, newPassword)).startsWith('session=')).toBe(true);
	});
});
