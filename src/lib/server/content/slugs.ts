import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { slugHistory } from '../db/schema';

export type SluggedEntity = 'event' | 'post';

/** A URL slug from a title: « Journée des Communs ! » → journee-des-communs. */
export function slugify(title: string): string {
	return title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/g, '');
}

/** `base`, or `base-2`, `base-3`… the first that `taken` refuses not. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
	const root = base || 'sans-titre';
	if (!taken(root)) return root;
	for (let n = 2; ; n++) {
		const candidate = `${root}-${n}`;
		if (!taken(candidate)) return candidate;
	}
}

/** Keeps an old slug pointing at its entity, so its address answers 301 to the new one. */
export function rememberOldSlug(
	db: Db,
	entity: SluggedEntity,
	slug: string,
	entityId: number,
	now = Date.now()
) {
	db.insert(slugHistory)
		.values({ entity, slug, entityId, createdAt: now })
		.onConflictDoUpdate({
			target: [slugHistory.entity, slugHistory.slug],
			set: { entityId, createdAt: now }
		})
		.run();
}

/** The entity an old slug belonged to, if any. */
export function findOldSlug(db: Db, entity: SluggedEntity, slug: string): number | null {
	return (
		db
			.select({ id: slugHistory.entityId })
			.from(slugHistory)
			.where(and(eq(slugHistory.entity, entity), eq(slugHistory.slug, slug)))
			.get()?.id ?? null
	);
}

/** A slug that is current for another entity must not keep redirecting elsewhere. */
export function forgetOldSlug(db: Db, entity: SluggedEntity, slug: string) {
	db.delete(slugHistory)
		.where(and(eq(slugHistory.entity, entity), eq(slugHistory.slug, slug)))
		.run();
}

/** After a rename: the old slug redirects to the entity, the new one no longer redirects anywhere. */
export function recordRename(
	db: Db,
	entity: SluggedEntity,
	from: string,
	to: string,
	entityId: number,
	now = Date.now()
) {
	if (from === to) return;
	rememberOldSlug(db, entity, from, entityId, now);
	forgetOldSlug(db, entity, to);
}
