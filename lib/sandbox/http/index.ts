import 'server-only';

export { parseForm, parseQueryString, isFormContentType, mediaType } from './form';
export type { FormParseError, FormParseResult } from './form';
export {
  newRequestId,
  xmlErrorResponse,
  jsonErrorResponse,
  queryJsonErrorResponse,
  acceptsJson,
} from './errors';
export type { XmlErrorOptions, JsonErrorOptions } from './errors';
export {
  parseSigV4Authorization,
  parseSigV4Credential,
  PRESIGNED_PARAMETERS,
  requestAuthorization,
  requestCredential,
  requestPresignedParameters,
  routingInfo,
  sigV4SigningKey,
} from './sigv4';
export type { SigV4Authorization, SigV4Credential } from './sigv4';
export { xmlEscape, renderXml, el, node, XML_DECLARATION } from './xml';
export type { XmlNode } from './xml';
