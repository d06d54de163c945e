/*
 * A least-recently-used store bounded by entry count and by bytes, in two segments (SLRU): a
 * new entry waits in `probation` and moves to `protected` on its first hit. A flood of unique
 * addresses, each asked once, only ever churns probation, so pages that readers actually come
 * back to stay. Sizes are the caller's estimate of everything an entry holds (key included).
 */

type Slot<V> = { value: V; size: number };

export type Limits = {
	maxEntries: number;
	maxBytes: number;
	/** Share of both limits kept for entries hit at least once. */
	protectedShare: number;
};

class Segment<V> {
	readonly slots = new Map<string, Slot<V>>();
	bytes = 0;

	add(key: string, slot: Slot<V>) {
		this.slots.set(key, slot);
		this.bytes += slot.size;
	}

	remove(key: string): Slot<V> | undefined {
		const slot = this.slots.get(key);
		if (slot) {
			this.slots.delete(key);
			this.bytes -= slot.size;
		}
		return slot;
	}

	oldest(): string | undefined {
		return this.slots.keys().next().value;
	}

	clear() {
		this.slots.clear();
		this.bytes = 0;
	}
}

export class SegmentedLru<V> {
	private readonly probation = new Segment<V>();
	private readonly protected = new Segment<V>();

	constructor(private readonly limits: Limits) {}

	get size() {
		return this.probation.slots.size + this.protected.slots.size;
	}

	get bytes() {
		return this.probation.bytes + this.protected.bytes;
	}

	get(key: string): V | undefined {
		const kept = this.protected.remove(key);
		if (kept) {
			this.protected.add(key, kept);
			return kept.value;
		}
		const waiting = this.probation.remove(key);
		if (!waiting) return undefined;
		this.protected.add(key, waiting);
		this.demoteOverflow();
		return waiting.value;
	}

	/** Stores `value`; false (and nothing kept) when it alone would not fit in probation. */
	set(key: string, value: V, size: number): boolean {
		this.delete(key);
		if (size > this.limits.maxBytes * (1 - this.limits.protectedShare)) return false;
		this.probation.add(key, { value, size });
		this.evictOverflow();
		return true;
	}

	delete(key: string) {
		this.probation.remove(key);
		this.protected.remove(key);
	}

	clear() {
		this.probation.clear();
		this.protected.clear();
	}

	/** Entries past protected's share go back to probation, most recent of those first in line. */
	private demoteOverflow() {
		const { maxEntries, maxBytes, protectedShare } = this.limits;
		while (
			this.protected.slots.size > maxEntries * protectedShare ||
			this.protected.bytes > maxBytes * protectedShare
		) {
			const key = this.protected.oldest()!;
			this.probation.add(key, this.protected.remove(key)!);
		}
		this.evictOverflow();
	}

	/** Over the limits, probation's oldest go first; protected's only once probation is empty. */
	private evictOverflow() {
		while (this.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
			const key = this.probation.oldest();
			if (key !== undefined) this.probation.remove(key);
			else this.protected.remove(this.protected.oldest()!);
		}
	}
}
