/** Retention: scheduled purges of expired events, messageIds and rejected payloads. */
export { Maintenance, type MaintenanceOptions, type MaintenanceReport } from './maintenance.js';
