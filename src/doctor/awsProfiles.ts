import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** Where a named profile was looked for and what was found. */
export interface ProfileLookup {
  found: boolean;
  /** The profile signs in through IAM Identity Center (`sso_session` or `sso_start_url`). */
  sso: boolean;
  /** The files looked in, for the message when it is missing. */
  files: string[];
}

/**
 * Looks for a profile in the AWS shared files as the SDK reads them: `[profile NAME]` (or
 * `[default]`) in the config file, `[NAME]` in the credentials file; the files' locations follow
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.
 */
export async function findProfile(name: string, env: NodeJS.ProcessEnv, home = homedir()): Promise<ProfileLookup> {
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const config = sections(await readOrEmpty(configFile));
  const credentials = sections(await readOrEmpty(credentialsFile));
  const inConfig = config.get(name === 'default' ? 'default' : `profile ${name}`);
  const inCredentials = credentials.get(name);
  return {
    found: inConfig !== undefined || inCredentials !== undefined,
    sso: inConfig !== undefined && /^\s*(sso_session|sso_start_url)\s*=/m.test(inConfig),
    files: [configFile, credentialsFile],
  };
}

/** An INI file's sections by name (whitespace inside the brackets normalized), each with its body. */
function sections(text: string): Map<string, string> {
  const found = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (header) {
      current = header[1].replace(/\s+/g, ' ');
      if (!found.has(current)) found.set(current, '');
    } else if (current !== undefined) found.set(current, `${found.get(current)}${line}\n`);
  }
  return found;
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
