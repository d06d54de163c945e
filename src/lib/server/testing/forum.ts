import type { Actor } from '../auth/policy';
import type { Db } from '../db';

/** An account straight in the table (the accounts module's checks are tested on their own). */
export function member(db: Db, name: string, role: Actor['role'] = 'member'): Actor {
	const { lastInsertRowid } = db.$client
		.prepare(
			`insert into accounts (email, name, role, password_hash, created_at, updated_at)
			 values (?, ?, ?, 'x', 0, 0)`
		)
		.run(`member-${Math.random().toString(36).slice(2)}@example.org`, name, role);
	return { id: Number(lastInsertRowid), role };
}
