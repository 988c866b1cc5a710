/** Types of web-process.mjs for the TypeScript e2e setup. */
export declare function startWebApp(root: string, timeoutMs?: number, dataDir?: string, args?: readonly string[]): Promise<{ url: string; stop: () => Promise<void>; dataDir: string }>;
