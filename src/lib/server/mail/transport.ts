import nodemailer from 'nodemailer';
import type { ConnectionOptions } from 'node:tls';
import type { MailConfig } from '../config';

/*
 * The SMTP transport, made once from the configuration. One connection per send (no pool):
 * the worker sends a few emails every few seconds, and a pooled connection left half-open by a
 * server would stall every email behind it. Each step of a conversation is bounded, so a hung
 * server costs the worker at most TIMEOUT_MS per step, never a request anything.
 */

/** Connecting, the greeting, and any silence in the conversation. */
export const TIMEOUT_MS = 10_000;

export type Transport = {
	send(message: Outgoing): Promise<void>;
	close(): void;
};

export type Outgoing = {
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
};

/**
 * `tls` is for tests against a server with a self-signed certificate only: production never
 * passes it, so certificates are always checked there.
 */
export function createTransport(
	config: MailConfig,
	{ tls, timeoutMs = TIMEOUT_MS }: { tls?: ConnectionOptions; timeoutMs?: number } = {}
): Transport {
	const transporter = nodemailer.createTransport({
		host: config.host,
		port: config.port,
		// smtps: TLS from the start. smtp: STARTTLS whenever the server offers it (nodemailer's default).
		secure: config.secure,
		auth: config.auth ?? undefined,
		pool: false,
		connectionTimeout: timeoutMs,
		greetingTimeout: timeoutMs,
		socketTimeout: timeoutMs,
		dnsTimeout: timeoutMs,
		...(tls ? { tls } : {})
	});
	const from = config.from.name
		? { name: config.from.name, address: config.from.address }
		: config.from.address;
	return {
		async send(message) {
			await transporter.sendMail({
				from,
				to: message.to,
				subject: message.subject,
				text: message.text,
				html: message.html,
				messageId: message.messageId,
				headers: message.headers,
				// No Date/X-Mailer guesswork: nodemailer adds Date; what client made it is nobody's business.
				xMailer: false
			});
		},
		close() {
			transporter.close();
		}
	};
}
