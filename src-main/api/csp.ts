/**
 * The renderer's Content-Security-Policy, one definition for both hosts (Electron's app:// protocol and
 * the browser bridge). Styles allow 'unsafe-inline' because Svelte writes style attributes and
 * transition keyframes at run time; scripts never do.
 */

/** The CSP header value. `socketOrigin` (browser mode) is the bridge's ws:// origin the page may connect to. */
export function contentSecurityPolicy(socketOrigin: string | null = null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${socketOrigin ? ` ${socketOrigin}` : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
