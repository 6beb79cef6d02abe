// PPE compliance: rules, zones and temporal confirmation on top of tracking.
export { ppeConfigSchema, zoneSchema, confirmSchema, violationKindSchema } from './config.js';
export type { PpeConfig, PpeConfigInput, ZoneConfig } from './config.js';
export { ViolationMonitor } from './monitor.js';
export type { ConfirmedViolation, MonitorOptions, PersonView } from './monitor.js';
