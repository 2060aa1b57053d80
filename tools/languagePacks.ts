import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface Localization {
  languageId: string;
  languageName?: string;
  localizedLanguageName?: string;
  translations: Array<{ id: string; path: string }>;
}

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  contributes?: { localizations?: Localization[] };
}

/** One language in VS Code's `languagepacks.json`, the index the server reads to resolve a display language. */
interface LanguagePackEntry {
  hash: string;
  extensions: Array<{ extensionIdentifier: { id: string }; version: string }>;
  translations: Record<string, string>;
  label: string;
}

/**
 * Writes `<user-data-dir>/languagepacks.json` for the language packs installed in `extensionsDir`,
 * as VS Code's language pack service does after an install from the UI; code-server's
 * `--install-extension` skips that step, so `--locale` would find no pack and stay English.
 */
export function registerLanguagePacks(userDataDir: string, extensionsDir: string): void {
  const packs: Record<string, LanguagePackEntry> = {};
  for (const entry of readdirSync(extensionsDir, { withFileTypes: true })) {
    const manifestFile = path.join(extensionsDir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    for (const localization of manifest.contributes?.localizations ?? []) {
      const id = `${manifest.publisher}.${manifest.name}`;
      const pack = (packs[localization.languageId] ??= { hash: '', extensions: [], translations: {}, label: localization.localizedLanguageName ?? localization.languageName ?? localization.languageId });
      pack.extensions.push({ extensionIdentifier: { id }, version: manifest.version });
      // The hash names the server's cache of generated messages: it must change when a pack does.
      pack.hash = pack.extensions.map((e) => `${e.extensionIdentifier.id}@${e.version}`).join(',');
      for (const translation of localization.translations) pack.translations[translation.id] = path.join(extensionsDir, entry.name, translation.path);
    }
  }
  if (Object.keys(packs).length > 0) writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}
