/**
 * Infrastructure as code both ways: import serverless.yml, CloudFormation/SAM and OpenAPI into designs (with the
 * doctor's findings at their source lines), and export designs to seven formats. Pure: no I/O, no SDK, no React.
 */
export * from './types';
export { importConfig, detectFormat } from './import';
export { parseSource, type SourceError } from './source';
export { methodToDesign, inferProtocol, isSqsIntegration, type RawMethod, type MethodContext } from './method';
export { exportDesigns, EXPORT_FORMATS, EXPORT_FORMAT_LABELS, type ExportFormat, type ExportedFile } from './export';
