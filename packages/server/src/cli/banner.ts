import type { FirstRun } from '../first-run.js';
import type { RunningRapport } from '../main.js';

/** What `rapport start` prints for a person: where Rapport is, on first run the keys (once), and the setup link until an owner exists. */
export function startBanner(r: RunningRapport): string {
  const lines = [
    '',
    `Rapport is running (${r.database.dialect}).`,
    `  Dashboard: ${r.url}/app/`,
    `  API:       ${r.url}/v1  (Segment-compatible ingestion)  ·  ${r.url}/api/v1  (admin)`,
    `  API docs:  ${r.url}/docs`,
    `  Health:    ${r.url}/healthz  ·  ${r.url}/readyz  ·  ${r.url}/metrics`,
    `  Data:      ${r.database.location}`,
  ];
  lines.push(...firstRunLines(r.firstRun, 'First run'));
  if (r.setupUrl !== undefined) {
    lines.push(
      '',
      'No one can sign in to the dashboard yet. Open this link to create the owner account:',
      `  ${r.setupUrl}`,
      '  It works once and only until the owner exists; each start prints a new one until then.',
    );
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * On a database's first use, the workspace created and the keys generated for it, shown only this once (any command
 * that creates the workspace prints them: start, import).
 */
export function firstRunLines(firstRun: FirstRun, intro: string): string[] {
  if (!firstRun.created) return [];
  const { writeKey, secretKey } = firstRun.generated;
  const lines = ['', `${intro}: created the workspace "${firstRun.workspace.name}".`];
  if (writeKey !== undefined) lines.push(`  Write key (public, for apps and web pages):  ${writeKey}`);
  if (secretKey !== undefined) lines.push(`  Admin secret key (keep it secret):           ${secretKey}`);
  if (writeKey !== undefined || secretKey !== undefined)
    lines.push('  These keys are shown only this once: Rapport stores only their hashes.');
  if (writeKey === undefined || secretKey === undefined)
    lines.push('  Keys set by RAPPORT_WRITE_KEY / RAPPORT_SECRET_KEY are in use.');
  return lines;
}
