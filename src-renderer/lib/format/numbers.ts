/** The UI's number formatter lives in src-shared/text/numbers.ts (one place for the UI, the CLI and the services' messages). */
export * from '../../../src-shared/text/numbers';
