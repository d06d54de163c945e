// Manages accounts from the command line (the first admin is made here):
//   printf 'a long passphrase\n' | npm run account -- add --email E --name N [--admin]
//   npm run account -- list | disable --email E | reset-password --email E
// `npm run organiser -- …` is the same script, under its former name.
// Passwords are read from standard input, never from the command line (it shows in `ps`).
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import * as accounts from '../src/lib/server/accounts/accounts';

const USAGE = `Usage: npm run account -- <command> [options]
       (npm run organiser -- <command> [options] is the same)
  add --email E --name N [--admin]   add an organiser, or an admin (password on standard input)
  list                               list accounts
  disable --email E                  disable an account and end its sessions
  reset-password --email E           set a new password (on standard input)`;

const PASSWORD_HELP: Record<string, string> = {
	too_short: 'the password needs at least 12 characters',
	too_long: 'the password may have at most 256 characters',
	too_guessable:
		'this password is too easy to guess: use a longer phrase of several unrelated words, not built from the name or address'
};

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

async function readPassword(): Promise<string> {
	if (process.stdin.isTTY) {
		const rl = readline.createInterface({
			input: process.stdin,
			output: process.stdout,
			terminal: true
		});
		process.stdout.write('Password: ');
		// Do not echo what is typed.
		(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
		const answer = await new Promise<string>((resolve) => rl.question('', resolve));
		rl.close();
		process.stdout.write('\n');
		return answer;
	}
	let input = '';
	for await (const chunk of process.stdin) input += chunk;
	return input.split(/\r?\n/)[0] ?? '';
}

function describe(o: accounts.Account) {
	return `${o.email}\t${o.name}\t${o.role}${o.disabledAt ? '\tdisabled' : ''}`;
}

function readArgs() {
	try {
		return parseArgs({
			allowPositionals: true,
			options: {
				email: { type: 'string' },
				name: { type: 'string' },
				admin: { type: 'boolean', default: false },
				help: { type: 'boolean', short: 'h', default: false }
			}
		});
	} catch (error) {
		return fail(`${(error as Error).message}\n\n${USAGE}`);
	}
}
const { positionals, values } = readArgs();
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}

let config;
try {
	config = readConfig(process.env, process.cwd(), { requireOrigin: false });
} catch (error) {
	fail((error as Error).message);
}
const db = openDatabase(config.databasePath, config.migrationsDir);

try {
	switch (positionals[0]) {
		case 'add': {
			if (!values.email || !values.name) fail(USAGE);
			const added = await accounts.add(db, {
				email: values.email,
				name: values.name,
				password: await readPassword(),
				role: values.admin ? 'admin' : 'organiser'
			});
			console.log(`Added ${describe(added)}`);
			break;
		}
		case 'list':
			for (const o of accounts.list(db)) console.log(describe(o));
			break;
		case 'disable':
			if (!values.email) fail(USAGE);
			console.log(`Disabled ${describe(accounts.disable(db, values.email))}`);
			break;
		case 'reset-password':
			if (!values.email) fail(USAGE);
			console.log(
				`New password set for ${describe(await accounts.resetPassword(db, values.email, await readPassword()))}`
			);
			break;
		default:
			fail(USAGE);
	}
} catch (error) {
	if (error instanceof accounts.AccountInputError) {
		// The display name's rules (accounts/names.ts), as the forms say them.
		const NAME_HELP: Record<string, string> = {
			required: 'the name is required',
			too_short: `the name needs at least ${accounts.MIN_NAME_LENGTH} characters`,
			too_long: `the name may have at most ${accounts.MAX_NAME_LENGTH} characters`,
			invalid_characters:
				'the name needs a letter or digit, and no invisible, control or text-direction characters',
			taken: 'another account has this name (capitals, accents and spaces aside)'
		};
		fail(
			error.problems
				.map((p) =>
					p.field === 'password'
						? PASSWORD_HELP[p.code]
						: p.field === 'email'
							? p.code === 'taken'
								? 'an organiser with this address exists already'
								: p.code === 'unknown'
									? 'no organiser has this address'
									: 'the address is not a valid email address'
							: p.field === 'name'
								? NAME_HELP[p.code]
								: 'the language must be fr or en'
				)
				.join('\n')
		);
	}
	fail((error as Error).message);
} finally {
	db.$client.close();
}
