import { simpleParser, type ParsedMail } from 'mailparser';
import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/*
 * A real SMTP server in the test process (smtp-server), reading what arrives with mailparser.
 * `answer` decides each message's fate: accepted, refused for now (4xx) or for good (5xx).
 */
export type Answer = 'accept' | 451 | 550;

export async function startSmtp() {
	const received: ParsedMail[] = [];
	let answer: Answer = 'accept';
	let refusals = 0;
	let delayMs = 0;
	let started = 0;
	const server = new SMTPServer({
		authOptional: true,
		// Plain SMTP on loopback: nodemailer would otherwise upgrade to our self-signed STARTTLS.
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			started++;
			simpleParser(stream)
				.then(async (mail) => {
					if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
					if (answer !== 'accept') {
						refusals++;
						const error = Object.assign(new Error(`Refused by the test (${answer})`), {
							responseCode: answer
						});
						return callback(error);
					}
					received.push(mail);
					callback();
				})
				.catch(callback);
		}
	});
	// A client that hangs up (a server stopping mid-send) is no failure of the test.
	server.on('error', () => {});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as net.AddressInfo;
	return {
		port,
		url: `smtp://127.0.0.1:${port}`,
		received,
		refusals: () => refusals,
		/** How many messages began to arrive (their DATA started), accepted or not. */
		started: () => started,
		/** A slow server: each message is answered `ms` after it arrived. */
		delay(ms: number) {
			delayMs = ms;
		},
		answer(value: Answer) {
			answer = value;
		},
		/** The first email to `to` that arrives (and matches `where`), waiting up to `ms`. */
		async next(to: string, where: (mail: ParsedMail) => boolean = () => true, ms = 15_000) {
			const end = Date.now() + ms;
			for (;;) {
				const found = received.find((mail) => addressesOf(mail).includes(to) && where(mail));
				if (found) return found;
				if (Date.now() > end) throw new Error(`No email to ${to} arrived in ${ms} ms`);
				await new Promise((r) => setTimeout(r, 50));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export function addressesOf(mail: ParsedMail): string[] {
	const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
	return to.flatMap((t) => t.value.map((v) => v.address ?? ''));
}

/** A server that accepts connections and never says a word: a hung mail server. */
export async function startSilentServer() {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		connections: () => sockets.size,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}
