/*
 * Whether this server sends email (SMTP_URL and MAIL_FROM set): what needs a confirmed address
 * asks for one only then. Set once at start-up; unit tests set it themselves.
 */
let on = false;
/** Links in emails are absolute: ORIGIN, set at start-up (always set in production and tests). */
let origin = 'http://localhost:3000';

export function sending(): boolean {
	return on;
}

export function setSending(value: boolean): void {
	on = value;
}

export function linkOrigin(): string {
	return origin;
}

export function setLinkOrigin(value: string): void {
	origin = value;
}
