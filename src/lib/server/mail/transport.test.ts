import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailConfig } from '../config';
import { createTransport } from './transport';

/*
 * The transport against real SMTP servers in this process: TLS as the URL says, certificates
 * checked unless a test hands its own TLS options, credentials sent when given.
 */

const servers: SMTPServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function smtp(options: SMTPServerOptions) {
	const received: ParsedMail[] = [];
	const logins: string[] = [];
	const server = new SMTPServer({
		logger: false,
		...options,
		onAuth(auth, _session, callback) {
			logins.push(`${auth.username}:${auth.password}`);
			callback(null, { user: auth.username });
		},
		onData(stream, _session, callback) {
			simpleParser(stream).then((mail) => {
				received.push(mail);
				callback();
			}, callback);
		}
	});
	// A client refusing the certificate hangs up mid-handshake: expected here, not a failure.
	server.on('error', () => {});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { port: (server.server.address() as AddressInfo).port, received, logins };
}

const config = (port: number, more: Partial<MailConfig> = {}): MailConfig => ({
	host: '127.0.0.1',
	port,
	secure: false,
	auth: null,
	from: { name: 'Rencontres', address: 'hub@example.org' },
	workerIntervalMs: 1000,
	...more
});

const message = {
	to: 'someone@example.org',
	subject: 'Hello',
	text: 'Text',
	html: '<p>Text</p>',
	messageId: '<outbox-1.0@example.org>',
	headers: { 'List-Unsubscribe': '<https://hub.example.org/u/1>' }
};

describe('transport', () => {
	it('sends in plain SMTP to a server without STARTTLS, with the credentials given', async () => {
		const server = await smtp({
			disabledCommands: ['STARTTLS'],
			authOptional: false,
			allowInsecureAuth: true
		});
		const transport = createTransport(config(server.port, { auth: { user: 'hub', pass: 'p:ss' } }));
		await transport.send(message);
		transport.close();
		expect(server.logins).toEqual(['hub:p:ss']);
		const [mail] = server.received;
		expect(mail?.messageId).toBe('<outbox-1.0@example.org>');
		expect(mail?.from?.value).toEqual([{ address: 'hub@example.org', name: 'Rencontres' }]);
		expect(mail?.headers.has('x-mailer')).toBe(false);
	});

	it('upgrades smtp:// with STARTTLS when offered, and checks the certificate', async () => {
		const server = await smtp({ authOptional: true });
		// smtp-server's own certificate is self-signed: refused, so nothing goes out in clear either.
		await expect(createTransport(config(server.port)).send(message)).rejects.toThrow(
			/certificate/i
		);
		await createTransport(config(server.port), { tls: { rejectUnauthorized: false } }).send(
			message
		);
		expect(server.received).toHaveLength(1);
	});

	it('speaks TLS from the first byte for smtps://', async () => {
		const server = await smtp({ secure: true, authOptional: true });
		await expect(
			createTransport(config(server.port, { secure: true })).send(message)
		).rejects.toThrow(/certificate/i);
		await createTransport(config(server.port, { secure: true }), {
			tls: { rejectUnauthorized: false }
		}).send(message);
		expect(server.received).toHaveLength(1);
	});

	it('fails at once when the server is down', async () => {
		const net = await import('node:net');
		const closed = net.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		await expect(createTransport(config(port)).send(message)).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNREFUSED|ECONNECTION|ESOCKET/)
		});
	});

	it('gives up on a server that never answers, after its timeout', async () => {
		const net = await import('node:net');
		const silent = net.createServer(() => {});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as AddressInfo).port;
		const started = Date.now();
		await expect(createTransport(config(port), { timeoutMs: 300 }).send(message)).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(3000);
		silent.close();
	});
});
