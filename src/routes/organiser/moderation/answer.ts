/** What a moderation action answered (the page's `form`), read without trusting its shape. */
export type Answer = {
	key?: string;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
	/** The message whose deletion waits for a second, confirming, press. */
	confirm?: number;
} | null;

/** A member as the moderation pages show them (views/moderation.ts MemberView). */
export type MemberShown = {
	id: number;
	name: string;
	role: 'member' | 'organiser' | 'admin';
	trusted: boolean;
	held: boolean;
	banned: boolean;
};
