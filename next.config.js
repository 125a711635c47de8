const isDev = process.env.NODE_ENV === 'development';

/**
 * Sent with every response. Next's own inline bootstrap scripts need 'unsafe-inline' for scripts (nonces would make
 * every page dynamic); Monaco needs inline styles and its web workers (same-origin or blob:). `frame-ancestors
 * 'none'` keeps other sites from framing the console (clickjacking). React's development build needs eval.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite bindings and the AWS SDK stay in node_modules on the server instead of being bundled.
  serverExternalPackages: ['libsql'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    serverActions: {
      // Next's default is 1 MB, below API Gateway's own limits: a legal 10 MB test body (API Gateway's payload limit)
      // or a design with 300 KB templates must reach the server and get a field error or an answer, not React's
      // "body exceeded" error. 16 MB leaves room for the action's encoding of such a body (escaped quotes, newlines).
      bodySizeLimit: '16mb',
    },
    // proxy.ts runs on every request and Next buffers the body for it, cutting it off at 10 MB by default: the
    // same 16 MB, or a 10 MB body would arrive truncated.
    proxyClientMaxBodySize: '16mb',
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
      {
        // Behind a TLS-terminating proxy: browsers should never reach the console over plain HTTP again.
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }],
      },
    ];
  },
};

export default nextConfig;
