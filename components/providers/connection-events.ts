/** Dispatched on window when the browser's active connection changes (components/nav/connection-switcher.tsx). */
export const CONNECTION_CHANGED_EVENT = 'sluice:connection-changed';
