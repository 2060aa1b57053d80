/** The test hosts: run the integration suites in a real VS Code, or start code-server for anything else. */
export { runIntegration, type IntegrationOptions } from './runIntegration';
export { ensureCodeServer, startCodeServer, CODE_SERVER_BUILDS, VSCODE_VERSIONS, OLDEST_VSCODE, LATEST_VSCODE, QUIET_SETTINGS } from './codeServer';
export type { CodeServer, CodeServerInstall, CodeServerOptions, VsCodeVersion } from './codeServer';
export { launchChromium, CHROMIUM_ARGS } from './browser';
export { buildIntegrationTests, INTEGRATION_SUITES, REPO, type HostSuites } from './buildTests';
export { sumResults, type SuiteResult } from './results';
export { onShutdown, shutdownAll } from './processes';
