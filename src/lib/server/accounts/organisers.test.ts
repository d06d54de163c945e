import { describe, expect, it } from 'vitest';
import * as organisers from './organisers';
import { memoryDb } from '../testing/db';

const password = 'une phrase de passe assez longue';

describe('organisers', () => {
	it('keeps a name on one line without control characters, and refuses one made of nothing else', async () => {
		const db = memoryDb();
		const added = await organisers.addOrganiser(db, { email: 'a@example.org', name: ' Jeanne\r\nDupont\x0b\u2028', password });
		expect(added.name).toBe('Jeanne Dupont');
		await expect(organisers.addOrganiser(db, { email: 'b@example.org', name: '\x01\r\n', password })).rejects.toMatchObject({
			problems: [{ field: 'name', code: 'required' }]
		});
	});

	it('refuses an address holding a control or invisible character instead of changing it', async () => {
		const db = memoryDb();
		for (const email of ['a\x01b@example.org', 'ab@exa\u200bmple.org', 'ab@example.org\ufffe']) {
			await expect(organisers.addOrganiser(db, { email, name: 'N', password })).rejects.toMatchObject({ problems: [{ field: 'email', code: 'invalid' }] });
		}
		expect(organisers.listOrganisers(db)).toEqual([]);
	});
});
