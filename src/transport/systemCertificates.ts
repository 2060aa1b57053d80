import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';

/** `tls.getCACertificates`, in Node ≥ 22.15 (VS Code ≥ 1.101); @types/node 20 does not declare it. */
type GetCACertificates = (type: 'system') => string[];

/** Where Linux distributions keep the system's CA bundle (the list VS Code reads on Node 20). */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // Fedora, RHEL
  '/etc/ssl/certs/ca-bundle.crt', // older Fedora
  '/etc/ssl/ca-bundle.pem', // openSUSE
];

/**
 * The certificates the operating system trusts, as PEM. Node's own reader of the OS store where it
 * has one (Windows, macOS, Linux); on a Node without it (before 22.15) what VS Code itself reads there: the
 * `security` tool's keychains on macOS, the distribution's bundle on Linux. Rejects when it cannot.
 */
export async function readSystemCertificates(): Promise<string[]> {
  const fromNode = (tls as { getCACertificates?: GetCACertificates }).getCACertificates;
  if (fromNode) return fromNode('system');
  if (process.platform === 'darwin') return splitPem(await run('/usr/bin/security', ['find-certificate', '-a', '-p']));
  if (process.platform === 'linux') return splitPem(await firstReadable(LINUX_BUNDLES));
  throw new Error('reading the Windows certificate store needs VS Code 1.101 or later (Node 22)');
}

/** The PEM certificates in a bundle (text around them, such as comments, is dropped). */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

async function firstReadable(paths: readonly string[]): Promise<string> {
  for (const path of paths) {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`no CA bundle found (looked for ${paths.join(', ')})`);
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
