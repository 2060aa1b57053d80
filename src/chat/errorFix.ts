/** What an error's action button does; the host (ui/chatView) runs it. */
export type ErrorFix =
  /** Copies a shell command, e.g. `aws sso login --profile dev`. */
  | { kind: 'copyCommand'; command: string }
  /** Opens the Settings editor at one setting, e.g. `askBedrock.auth`. */
  | { kind: 'openSetting'; setting: string }
  | { kind: 'configureEndpoint' };
