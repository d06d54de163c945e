import type { Actor } from '../auth/policy';
import type { Db } from '../db';

/**
 * An account straight in the table (the accounts module's checks are tested on their own):
 * trusted unless `fresh`, so the forum's own tests are not about the moderation queue.
 */
export function member(
	db: Db,
	name: string,
	role: Actor['role'] = 'member',
	{ fresh = false }: { fresh?: boolean } = {}
): Actor {
	const { lastInsertRowid } = db.$client
		.prepare(
			`insert into accounts (email, name, role, password_hash, created_at, updated_at, trusted_at)
			 values (?, ?, ?, 'x', 0, 0, ?)`
		)
		.run(`member-${Math.random().toString(36).slice(2)}@example.org`, name, role, fresh ? null : 0);
	return { id: Number(lastInsertRowid), role };
}
