/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite bindings and the AWS SDK stay in node_modules on the server instead of being bundled.
  serverExternalPackages: ['libsql'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
