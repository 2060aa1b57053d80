/**
 * Types shared by auth.ts and the lazily built signer (sigv4.ts, dist/iam.js), so neither imports
 * the other for them.
 */

/** What an outgoing request looks like before auth headers are added. */
export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<AwsCredentials>;
