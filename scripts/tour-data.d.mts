/** Types of tour-data.mjs for the TypeScript specs that generate the same wide case. */
export declare const WIDE_PIXELS: number;
export declare const WIDE_CLASSES: number;
export declare function wideCase(dir: string, rows?: number): Promise<{ csv: string; model: string; rows: number }>;
