import type { RunningRapport } from '../main.js';

/** What `rapport start` prints for a person: where Rapport is, and on first run the keys, once. */
export function startBanner(r: RunningRapport): string {
  const lines = [
    '',
    `Rapport is running (${r.database.dialect}).`,
    `  API:       ${r.url}/v1  (Segment-compatible ingestion)  ·  ${r.url}/api/v1  (admin)`,
    `  API docs:  ${r.url}/docs`,
    `  Health:    ${r.url}/healthz  ·  ${r.url}/readyz  ·  ${r.url}/metrics`,
    `  Data:      ${r.database.location}`,
  ];
  const { firstRun } = r;
  if (firstRun.created) {
    lines.push('', `First run: created the workspace "${firstRun.workspace.name}".`);
    if (firstRun.generated.writeKey !== undefined) lines.push(`  Write key (public, for apps and web pages):  ${firstRun.generated.writeKey}`);
    if (firstRun.generated.secretKey !== undefined) lines.push(`  Admin secret key (keep it secret):           ${firstRun.generated.secretKey}`);
    if (firstRun.generated.writeKey !== undefined || firstRun.generated.secretKey !== undefined) {
      lines.push('  These keys are shown only this once: Rapport stores only their hashes.');
    }
    if (firstRun.generated.writeKey === undefined || firstRun.generated.secretKey === undefined) lines.push('  Keys set by RAPPORT_WRITE_KEY / RAPPORT_SECRET_KEY are in use.');
  }
  lines.push('');
  return lines.join('\n');
}
