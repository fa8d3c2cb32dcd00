/**
 * The source text of each element of a top-level array member of a JSON object (`{"batch": [ … ]}`), so that a
 * refused item is kept as it was sent: re-serialized, a 20-digit number would have lost its digits. The text must
 * already have been parsed successfully; returns undefined if the member is not there or not an array.
 */
export function rawArrayItems(text: string, member: string): string[] | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  /** Skips the string starting at i (a quote); returns its source text. */
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  /** Skips the value starting at i; strings are skipped whole, so their brackets do not count. */
  const value = (): void => {
    if (text[i] === '"') {
      string();
      return;
    }
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      do {
        const c = text[i];
        if (c === '"') {
          string();
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
        i++;
      } while (depth > 0 && i < text.length);
      return;
    }
    while (i < text.length && !',]} \n\r\t'.includes(text[i]!)) i++; // a number, true, false or null
  };

  ws();
  if (text.charCodeAt(i) === 0xfeff) {
    i++;
    ws();
  }
  if (text[i] !== '{') return undefined;
  i++;
  let found: string[] | undefined;
  for (ws(); i < text.length && text[i] !== '}'; ws()) {
    const key = JSON.parse(string()) as string;
    ws();
    i++; // ':'
    ws();
    if (key === member && text[i] === '[') {
      // The last occurrence wins, as in JSON.parse.
      found = [];
      i++;
      for (ws(); text[i] !== ']'; ws()) {
        const start = i;
        value();
        found.push(text.slice(start, i));
        ws();
        if (text[i] === ',') i++;
      }
      i++;
    } else {
      value();
    }
    ws();
    if (text[i] === ',') i++;
  }
  return found;
}
