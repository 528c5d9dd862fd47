/** Imported alone to time node + tsx start-up (test/cli/run.ts). */
export {};
