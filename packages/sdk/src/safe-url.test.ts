import { describe, expect, it } from 'vitest';
import { safeUrl } from './safe-url.js';

describe('safeUrl', () => {
  it('keeps web links, paths, app links, mail and phone', () => {
    for (const url of ['https://shop.example/sale', 'http://x.test', '/gold', 'sale?x=1', '#top', 'myshop://cart', 'mailto:help@shop.example', 'tel:+441234']) expect(safeUrl(url)).toBe(url);
  });

  it('refuses script, data and file URLs however they are written', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>', 'vbscript:x', 'file:///etc/passwd', 'jav\u0000ascript:x', '', '   ']) {
      expect(safeUrl(url), JSON.stringify(url)).toBeNull();
    }
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });
});
