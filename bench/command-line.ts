import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A benchmark's options as `--help` lists them: `--name VALUE` for strings, `--name` for switches, each with its note
 * (`notes`), or else its default.
 */
export function usageOf(command: string, options: Options, notes: Readonly<Record<string, string>> = {}): string {
  const lines = Object.entries(options).map(([name, o]) => {
    const flag = o.type === 'string' ? `--${name} VALUE` : `--${name}`;
    const note = notes[name] ?? (o.default === undefined || o.default === false ? undefined : `default ${String(o.default)}`);
    return `  ${flag.padEnd(24)}${note ?? ''}`.trimEnd();
  });
  const run = command.startsWith('node ') ? command : `npm run ${command} --`;
  return `usage: ${run} [options]\n${lines.join('\n')}\n  --help\n`;
}

/** Thrown by a benchmark's settings for a value it cannot use; `commandLine` turns it into a message and exit code 2. */
export class BadOption extends Error {}

/**
 * Parses a benchmark's command line: `--help` prints its options and exits; an unknown option, a missing value or a
 * value the settings refuse (`read` throws BadOption) prints what is wrong and the usage, and exits with code 2, instead
 * of a stack trace.
 */
export function commandLine<T extends Options, S>(
  command: string,
  options: T,
  read: (values: ReturnType<typeof parseArgs<{ options: T }>>['values']) => S,
  o: { readonly argv?: readonly string[]; readonly notes?: Readonly<Record<string, string>> } = {},
): S {
  const argv = o.argv ?? process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usageOf(command, options, o.notes));
    process.exit(0);
  }
  try {
    return read(parseArgs({ args: [...argv], options }).values);
  } catch (error) {
    const known = error instanceof BadOption || (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS');
    if (!known) throw error;
    process.stderr.write(`${command}: ${(error as Error).message}\n${usageOf(command, options, o.notes)}`);
    process.exit(2);
  }
}

/** A numeric option's value, refused (BadOption) unless it is a number of at least `min`. */
export function numberOption(name: string, text: string, min: number): number {
  const n = Number(text.replace(/_/g, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n < min) throw new BadOption(`--${name} must be a number of at least ${min} (got ${JSON.stringify(text)})`);
  return n;
}
