/**
 * jschardet for sniff's encoding detection (src-shared/data/csv/detect-encoding.ts), loaded the first time a file
 * is not UTF-8 instead of at every start-up (about 35 ms). Imported for this effect by the modules that sniff files.
 */
import { createRequire } from 'node:module';
import { provideCharsetDetector, type CharsetDetect } from '../../../src-shared/data/csv/detect-encoding';

const requireHere = createRequire(import.meta.url);
provideCharsetDetector(() => (requireHere('jschardet') as { detect: CharsetDetect }).detect);
