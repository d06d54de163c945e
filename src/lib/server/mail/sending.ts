/*
 * Whether this server sends email (SMTP_URL and MAIL_FROM set): what needs a confirmed address
 * asks for one only then. Set once at start-up; unit tests set it themselves.
 */
let on = false;

export function sending(): boolean {
	return on;
}

export function setSending(value: boolean): void {
	on = value;
}
