import { eq, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import { meta } from './schema';
import { idList, inIds, preparedFor } from './prepared';

describe('statements prepared once per database', () => {
	it('are made on first use, once for each handle, and read what the handle holds now', () => {
		let made = 0;
		const reads = preparedFor((db) => {
			made++;
			return {
				value: db
					.select({ value: meta.value })
					.from(meta)
					.where(eq(meta.key, sql.placeholder('key')))
					.prepare()
			};
		});
		const [a, b] = [memoryDb(), memoryDb()];
		a.insert(meta).values({ key: 'k', value: 'in a' }).run();
		b.insert(meta).values({ key: 'k', value: 'in b' }).run();
		expect(reads(a).value.get({ key: 'k' })?.value).toBe('in a');
		expect(reads(a)).toBe(reads(a));
		expect(reads(b).value.get({ key: 'k' })?.value).toBe('in b');
		expect(made).toBe(2);
		a.update(meta).set({ value: 'changed' }).where(eq(meta.key, 'k')).run();
		expect(reads(a).value.get({ key: 'k' })?.value).toBe('changed');
		expect(reads(a).value.get({ key: 'nothing' })).toBeUndefined();
	});

	it('bind a list of ids of any length as one parameter, read through the index', () => {
		const db = memoryDb();
		db.$client.exec('create table things (id integer primary key, name text not null)');
		const things = sqliteTable('things', { id: integer('id').primaryKey(), name: text('name') });
		const ids = Array.from({ length: 700 }, (_, i) => i + 1);
		for (const id of ids)
			db.insert(things)
				.values({ id, name: `n${id}` })
				.run();
		const reads = preparedFor((d) => ({
			some: d.select({ name: things.name }).from(things).where(inIds(things.id)).prepare()
		}));
		for (const wanted of [[], [3], [1, 700, 350, 350, 9999], ids]) {
			const names = reads(db)
				.some.all({ ids: idList(wanted) })
				.map((r) => r.name);
			const expected = [...new Set(wanted)].filter((id) => id <= 700).map((id) => `n${id}`);
			expect(names.sort()).toEqual(expected.sort());
		}
		const plan = db.$client
			.prepare(`explain query plan ${reads(db).some.getQuery().sql}`)
			.all('[1,2]') as { detail: string }[];
		expect(plan.map((r) => r.detail).join('\n')).toMatch(/SEARCH things USING INTEGER PRIMARY KEY/);
	});
});
