import 'server-only';
export { listDesigns, listStoredDesigns, getDesign, createDesign, updateDesign, duplicateDesign, deleteDesign, newDesignId } from './designs';
export type { DesignSummary, StoredDesign, UpdateResult } from './designs';
export { parseDesignDraft } from './design-draft';
