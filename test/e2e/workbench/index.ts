/** Helpers for e2e tests: the packaged extension in the real workbench, driven in Chromium. */
export { packageExtension, packageFixtureExtension } from './packageExtension';
export { activeEditorText, e2eVersion, notifications, openViewContainer, openWorkbench, runCommand, screenshot, webviewFrame } from './workbench';
export type { Workbench, WorkbenchOptions } from './workbench';
export { COUNT_LINES_SOURCE, openLocalStackWorkbench, type LocalStackWorkbench } from './localStackWorkbench';
export { lastResponseText, sendChatRequest } from './chatView';
