export * from './deadline-calculator.js';
export * from './deadline-errors.js';
export * from './deadline-rules.js';
export * from './deadlines.module.js';
export * from './easter.js';
export * from './iso-duration.js';
export * from './plain-date.js';
export * from './public-holidays.js';
