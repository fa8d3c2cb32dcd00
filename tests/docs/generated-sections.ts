import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Documentation tables made from the code: each lives between `<!-- generated:<name> -->` and
 * `<!-- /generated:<name> -->` in a Markdown file. The docs test compares them; `UPDATE_DOCS=1` rewrites them.
 */
export function checkGeneratedSection(file: string, name: string, content: string): { upToDate: boolean; current: string } {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no section ${start} … ${end}`);
  const current = text.slice(from + start.length, to).trim();
  const upToDate = current === content.trim();
  if (!upToDate && process.env['UPDATE_DOCS'] === '1') {
    writeFileSync(file, `${text.slice(0, from + start.length)}\n${content.trim()}\n${text.slice(to)}`);
    return { upToDate: true, current: content.trim() };
  }
  return { upToDate, current };
}

/** A Markdown table cell: pipes escaped, line breaks removed. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
