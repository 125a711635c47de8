// TanStack Query for this section's polling (components/providers/query-provider.tsx).
export { QueryLayout as default } from '@/components/providers/query-provider';
