import { apiKeyAuth, iamAuth, regionFromHost, type AwsCredentials, type CredentialProvider } from '../transport/auth';
import { TransportError } from '../transport/errors';
import { findProfile } from './awsProfiles';
import { callerIdentity } from './callerIdentity';
import type { Check, CheckResult } from './check';
import type { DoctorContext } from './context';
import * as M from './messages';

/**
 * The credentials the requests will carry. none: a note. apiKey: a key in secret storage. iam:
 * the profile exists, the SDK's chain loads credentials (an expired SSO session says how to renew
 * it) and signs a request, and AWS STS names the identity they belong to (GetCallerIdentity, which
 * needs no permission) or refuses them — expired, unknown or with the wrong secret — before the
 * endpoint does. An STS out of reach decides nothing: the identity is then what the chain returned.
 */
export const credentialsCheck: Check = {
  get title() {
    return M.titles.credentials;
  },
  blocking: true,
  async run(context, signal) {
    const settings = context.settings;
    if (settings.auth === 'none') return { status: 'info', detail: M.credentials.none };
    if (settings.auth === 'apiKey') {
      if (!(await context.deps.readApiKey())) return { status: 'fail', detail: M.credentials.apiKeyMissing, fix: M.credentials.apiKeyFix };
      context.auth = apiKeyAuth(context.deps.readApiKey);
      return { status: 'pass', detail: M.credentials.apiKeyStored };
    }
    return iamCredentials(context, signal);
  },
};

async function iamCredentials(context: DoctorContext, signal: AbortSignal): Promise<CheckResult> {
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
  try {
    await auth.headers({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof TransportError ? err.code : '';
    const fix = code === 'NoRegion' ? M.credentials.regionFix : code === 'ExpiredCredentials' || sso ? M.credentials.ssoFix(profile) : M.credentials.loadFix(profile);
    return { status: 'fail', detail: message, fix };
  }
  if (!loaded) throw new Error('Signing did not load credentials.');
  context.auth = auth;
  const keyId = loaded.accessKeyId;
  const region = settings.awsRegion || regionFromHost(url.hostname) || '';
  const temporary = Boolean(loaded.sessionToken);
  const from = M.credentials.source(profile || undefined, sso);
  const identity = await callerIdentity(context, loaded, region, signal);
  if (identity.kind === 'identity') return { status: 'pass', detail: M.credentials.signsAsIdentity(identity.arn, maskKeyId(keyId), temporary, from, region) };
  const refusal = identity.kind === 'refused' ? refusalFix(identity.code, identity.message, profile, sso) : undefined;
  if (identity.kind === 'refused' && refusal) return { status: 'fail', detail: M.credentials.stsRefused(identity.code, identity.message), fix: refusal };
  // The SDK's chain may add the account to the credentials; AwsCredentials does not declare it.
  const account = (loaded as AwsCredentials & { accountId?: unknown }).accountId;
  const signsAs = M.credentials.signsAs(maskKeyId(keyId), temporary, from, region, typeof account === 'string' ? account : undefined);
  const reason = identity.kind === 'refused' ? `${identity.code}: ${identity.message}` : identity.reason;
  return { status: 'pass', detail: `${signsAs}; ${M.credentials.stsUnconfirmed(reason)}` };
}

/**
 * The fix for STS refusing the credentials themselves; undefined for an answer that says nothing
 * about them (throttled, region disabled, a signature scoped to another region by a configured STS URL…).
 */
function refusalFix(code: string, message: string, profile: string, sso: boolean): string | undefined {
  switch (code) {
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return sso ? M.credentials.ssoFix(profile) : M.credentials.expiredFix;
    case 'InvalidClientTokenId':
      return M.credentials.loadFix(profile);
    case 'SignatureDoesNotMatch':
      if (/^Signature (expired|not yet current)/i.test(message)) return M.clock.fix;
      return /^The request signature we calculated does not match/i.test(message) ? M.credentials.secretFix : undefined;
    default:
      return undefined;
  }
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to tell keys apart in a shared report. */
function maskKeyId(keyId: string): string {
  return keyId.length > 8 ? `${keyId.slice(0, 4)}…${keyId.slice(-4)}` : keyId;
}
