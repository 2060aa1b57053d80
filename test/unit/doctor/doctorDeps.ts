/** Deps for the endpoint check in unit tests: settings for a local endpoint, no system certificates, no AWS files. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DoctorContext, type DoctorDeps, type DoctorSettings } from '../../../src/doctor/context';
import { DEFAULT_ANSWER_LIMITS } from '../../../src/transport/answerLimits';
import { TrustedCertificates } from '../../../src/transport/trustedCertificates';

/** An empty home folder: no ~/.aws files unless a test writes them. */
export const emptyHome = (): string => mkdtempSync(path.join(tmpdir(), 'ask-bedrock-doctor-home-'));

/** Where unit tests' STS is unless a test starts one: a loopback port nothing listens on, so no test asks the real AWS STS. */
export const NO_STS = { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9/' };

/** Deps for `endpoint` with auth none; `overrides` replace any part, `settings` any setting. */
export function doctorDeps(endpoint: string, settings: Partial<DoctorSettings> = {}, overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    settings: {
      endpoint,
      auth: 'none',
      awsProfile: '',
      awsRegion: '',
      modelId: '',
      timeouts: { connectMs: 3000, firstByteMs: 10_000, idleMs: 10_000 },
      answerLimits: DEFAULT_ANSWER_LIMITS,
      ...settings,
    },
    http: {},
    readApiKey: async () => undefined,
    userAgent: 'ask-bedrock-test',
    env: { ...NO_STS },
    certificates: new TrustedCertificates({ env: {}, readSystem: async () => [] }),
    homeDir: emptyHome(),
    ...overrides,
  };
}

/** A context whose URL is already parsed (as after the URL shape check). */
export function contextFor(deps: DoctorDeps): DoctorContext {
  const context = new DoctorContext(deps);
  context.url = new URL(deps.settings.endpoint);
  return context;
}
