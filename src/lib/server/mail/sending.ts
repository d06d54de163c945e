/*
 * Whether this server sends email (SMTP_URL and MAIL_FROM set): what needs a confirmed address
 * asks for one only then. Set once at start-up; unit tests set it themselves.
 */
let on = false;
/** Links in emails are absolute: ORIGIN, set at start-up (always set in production and tests). */
let origin: string | null = null;

export function sending(): boolean {
	return on;
}

export function setSending(value: boolean): void {
	on = value;
}

/**
 * ORIGIN (without it, the development server, localhost:3000). No request is asked: this module
 * is also loaded by the command line (scripts/account.ts), where SvelteKit's modules are not.
 */
export function linkOrigin(): string {
	return origin ?? 'http://localhost:3000';
}

export function setLinkOrigin(value: string | null): void {
	origin = value;
}
