import { apiKeyAuth, iamAuth, regionFromHost, type AwsCredentials, type CredentialProvider } from '../transport/auth';
import { TransportError } from '../transport/errors';
import { findProfile } from './awsProfiles';
import type { Check, CheckResult } from './check';
import type { DoctorContext } from './context';
import * as M from './messages';

/**
 * The credentials the requests will carry. none: a note. apiKey: a key in secret storage. iam:
 * the profile exists, the SDK's chain loads credentials (an expired SSO session says how to renew
 * it) and signs a request; the identity is read from what the chain returned — no call to AWS.
 */
export const credentialsCheck: Check = {
  get title() {
    return M.titles.credentials;
  },
  blocking: true,
  async run(context) {
    const settings = context.settings;
    if (settings.auth === 'none') return { status: 'info', detail: M.credentials.none };
    if (settings.auth === 'apiKey') {
      if (!(await context.deps.readApiKey())) return { status: 'fail', detail: M.credentials.apiKeyMissing, fix: M.credentials.apiKeyFix };
      context.auth = apiKeyAuth(context.deps.readApiKey);
      return { status: 'pass', detail: M.credentials.apiKeyStored };
    }
    return iamCredentials(context);
  },
};

async function iamCredentials(context: DoctorContext): Promise<CheckResult> {
  const settings = context.settings;
  const profile = settings.awsProfile || context.env.AWS_PROFILE?.trim() || '';
  let sso = false;
  if (profile) {
    const lookup = await findProfile(profile, context.env, context.deps.homeDir);
    if (!lookup.found) return { status: 'fail', detail: M.credentials.profileMissing(profile, lookup.files), fix: M.credentials.profileFix(profile) };
    sso = lookup.sso;
  }

  let loaded: AwsCredentials | undefined;
  const chain = context.deps.credentials ?? (await import('../transport/sigv4')).sdkCredentials(settings.awsProfile || undefined);
  const recording: CredentialProvider = async () => (loaded = await chain());
  const auth = iamAuth({ profile: settings.awsProfile, region: settings.awsRegion, credentials: recording });
  const url = context.endpointUrl;
  let headers: Record<string, string>;
  try {
    headers = await auth.headers({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof TransportError ? err.code : '';
    const fix = code === 'NoRegion' ? M.credentials.regionFix : code === 'ExpiredCredentials' || sso ? M.credentials.ssoFix(profile) : M.credentials.loadFix(profile);
    return { status: 'fail', detail: message, fix };
  }
  context.auth = auth;
  const keyId = /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1] ?? loaded?.accessKeyId ?? '';
  const region = settings.awsRegion || regionFromHost(url.hostname) || '';
  const account = (loaded as { accountId?: unknown } | undefined)?.accountId;
  return {
    status: 'pass',
    detail: M.credentials.signsAs(maskKeyId(keyId), Boolean(headers['x-amz-security-token']), M.credentials.source(profile || undefined, sso), region, typeof account === 'string' ? account : undefined),
  };
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to tell keys apart in a shared report. */
export function maskKeyId(keyId: string): string {
  return keyId.length > 8 ? `${keyId.slice(0, 4)}…${keyId.slice(-4)}` : keyId;
}
