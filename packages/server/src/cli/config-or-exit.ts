import { loadConfig, type Config } from '../config.js';

/** The configuration, or every problem with it on stderr and exit code 2. */
export function configOrExit(env: NodeJS.ProcessEnv): Config {
  const result = loadConfig(env);
  if (result.ok) return result.value;
  process.stderr.write(`Rapport: the configuration is invalid.\n${result.error.map((p) => `  - ${p}`).join('\n')}\nSee docs/configuration.md.\n`);
  process.exit(2);
}
