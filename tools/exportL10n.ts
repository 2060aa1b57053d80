import { writeFileSync } from 'node:fs';
import { bundlePath, englishBundle } from './l10nBundle';

// `npm run l10n`: regenerates l10n/bundle.l10n.json, the English bundle translators start from.
void englishBundle().then((bundle) => writeFileSync(bundlePath(), JSON.stringify(bundle, null, 2) + '\n'));
