import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import { readSystemCertificates, splitPem } from './systemCertificates';

export interface CertificateSources {
  /** The operating system's store, as PEM (default: readSystemCertificates). */
  readSystem?: () => Promise<string[]>;
  /** The environment whose NODE_EXTRA_CA_CERTS names a PEM file to trust too (default: process.env). */
  env?: NodeJS.ProcessEnv;
  log?: { warn(message: string): void; debug(message: string): void };
  now?: () => number;
}

/**
 * The certificate authorities the transport trusts, as VS Code trusts them for its own requests:
 * Node's bundled roots, the file named by NODE_EXTRA_CA_CERTS and, unless `http.systemCertificates`
 * is off, the operating system's store — so users behind a TLS-inspecting proxy whose CA their IT
 * installed need not turn certificate checks off. Read on first use, never at activation, and kept.
 */
export class TrustedCertificates {
  private readonly loaded = new Map<boolean, Promise<string[]>>();

  constructor(private readonly sources: CertificateSources = {}) {}

  /** The PEM certificates to pass as `ca`; never rejects (a source that fails is logged and left out). */
  load(includeSystem: boolean): Promise<string[]> {
    let certificates = this.loaded.get(includeSystem);
    if (!certificates) {
      certificates = this.collect(includeSystem);
      this.loaded.set(includeSystem, certificates);
    }
    return certificates;
  }

  private async collect(includeSystem: boolean): Promise<string[]> {
    const started = Date.now();
    const [extra, system] = await Promise.all([this.extra(), includeSystem ? this.system() : []]);
    // Node's roots are known good; only certificates they do not already hold are parsed (~0.5 ms each).
    const byBody = new Map(tls.rootCertificates.map((pem) => [body(pem), pem]));
    for (const pem of [...extra, ...system]) {
      const key = body(pem);
      if (!byBody.has(key) && this.usable(pem)) byBody.set(key, pem);
    }
    this.sources.log?.debug(
      `Trusting ${byBody.size} certificate authorities (Node's, ${extra.length} from NODE_EXTRA_CA_CERTS, ` +
        `${includeSystem ? `${system.length} from the system store` : 'system store off by http.systemCertificates'}) in ${Date.now() - started} ms.`,
    );
    return [...byBody.values()];
  }

  private async extra(): Promise<string[]> {
    const file = (this.sources.env ?? process.env).NODE_EXTRA_CA_CERTS;
    if (!file) return [];
    try {
      return splitPem(await readFile(file, 'utf8'));
    } catch (err) {
      this.sources.log?.warn(`NODE_EXTRA_CA_CERTS names ${file}, which could not be read (${(err as Error).message}); its certificates are not trusted.`);
      return [];
    }
  }

  private async system(): Promise<string[]> {
    try {
      return await (this.sources.readSystem ?? readSystemCertificates)();
    } catch (err) {
      this.sources.log?.warn(
        `The system's certificates could not be read (${(err as Error).message}); only Node's and NODE_EXTRA_CA_CERTS are trusted.`,
      );
      return [];
    }
  }

  /** Whether a certificate parses and has not expired: an expired copy in a store can hide a valid one from OpenSSL. */
  private usable(pem: string): boolean {
    try {
      const validTo = Date.parse(new X509Certificate(pem).validTo);
      return Number.isNaN(validTo) || validTo > (this.sources.now ?? Date.now)();
    } catch {
      return false;
    }
  }
}

/** A PEM certificate's base64 body, the same however the store wrapped its lines. */
function body(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}
