/** Workspaces: a shop's space, with its settings (consent purposes, retention). */
export { WorkspaceService, workspaceView, type Workspace } from './workspace-service.js';
export { defaultSettings, defaultPurposes, defaultLifecycle, defaultRfm, purposeOfCategory } from './workspace-settings.js';
