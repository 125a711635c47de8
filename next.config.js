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
};

export default nextConfig;
