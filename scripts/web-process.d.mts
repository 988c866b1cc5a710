/** Types of web-process.mjs for the TypeScript e2e setup. */
export declare function startWebApp(root: string, timeoutMs?: number): Promise<{ url: string; stop: () => Promise<void> }>;
