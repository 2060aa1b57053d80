import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { l10nJsonFormat } from '@vscode/l10n-dev';
import { bundlePath, englishBundle } from '../../../tools/l10nBundle';
import { REPO } from '../../host/buildTests';

/** The languages we ship besides English. */
const LANGUAGES = ['ja'];

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every `%key%` the manifest uses, anywhere in it (VS Code resolves them in every string value). */
function manifestKeys(): string[] {
  const keys: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const key = /^%(.+)%$/.exec(value)?.[1];
      if (key) keys.push(key);
    } else if (value && typeof value === 'object') {
      for (const child of Object.values(value)) walk(child);
    }
  };
  walk(readJson(path.join(REPO, 'package.json')));
  return [...new Set(keys)].sort();
}

/** The `{0}`, `{1}`… a message takes, as a sorted list. */
function placeholders(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}

/** A bundle value as text (an entry with translator comments is `{ message, comment }`). */
function text(value: l10nJsonFormat[string]): string {
  return typeof value === 'string' ? value : value.message;
}

/** Differences between an English table and a translation of it: missing keys, stale keys, placeholder mismatches. */
function compare(english: Record<string, string>, translated: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!(key in translated)) problems.push(`missing: ${key}`);
    else if (!translated[key]!.trim()) problems.push(`empty: ${key}`);
    else if (placeholders(english[key]!).join() !== placeholders(translated[key]!).join()) problems.push(`placeholders differ: ${key}`);
  }
  for (const key of Object.keys(translated)) if (!(key in english)) problems.push(`stale (no English): ${key}`);
  return problems;
}

describe('translations (every string in English and in each language)', function () {
  this.timeout(60_000);

  describe('manifest (package.nls.json)', () => {
    const english = readJson<Record<string, string>>(path.join(REPO, 'package.nls.json'));

    it('every %key% in package.json has an English text, and every English text is used', () => {
      const used = manifestKeys();
      assert.deepEqual(used.filter((key) => !(key in english)), [], 'package.json uses keys package.nls.json lacks');
      assert.deepEqual(Object.keys(english).filter((key) => !used.includes(key)), [], 'package.nls.json holds keys package.json no longer uses');
    });

    for (const language of LANGUAGES) {
      it(`package.nls.${language}.json has exactly the English keys, each translated`, () => {
        const translated = readJson<Record<string, string>>(path.join(REPO, `package.nls.${language}.json`));
        assert.deepEqual(compare(english, translated), []);
      });
    }
  });

  describe('host and webview messages (l10n/bundle.l10n.json)', () => {
    let english: Record<string, string>;
    before(async () => {
      english = Object.fromEntries(Object.values(await englishBundle()).map((value) => [text(value), text(value)]));
    });

    it('collects the messages of src/ (l10n.t and vscode.l10n.t calls) and of the webview table', () => {
      // A sentinel from each source, so a collector that finds nothing cannot pass the checks below.
      assert.ok('The answer failed.' in english, 'a WEBVIEW_STRINGS text');
      assert.ok(Object.keys(english).length > 100, `only ${Object.keys(english).length} messages collected`);
    });

    it('the English bundle is current (run `npm run l10n` after changing a message)', () => {
      const committed = readJson<l10nJsonFormat>(bundlePath());
      assert.deepEqual(Object.keys(committed).map((key) => text(committed[key]!)).sort(), Object.keys(english).sort());
    });

    for (const language of LANGUAGES) {
      it(`bundle.l10n.${language}.json translates every message, no stale ones, same placeholders`, () => {
        assert.deepEqual(compare(english, readJson<Record<string, string>>(bundlePath(language))), []);
      });
    }
  });
});
