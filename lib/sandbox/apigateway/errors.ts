import 'server-only';
import type { SandboxResponse } from '@/lib/sandbox/types';
import { newRequestId } from './ids';

export type ApiGatewayErrorCode =
  | 'BadRequestException'
  | 'NotFoundException'
  | 'ConflictException'
  | 'UnauthorizedException'
  | 'TooManyRequestsException'
  | 'AccessDeniedException'
  | 'UnrecognizedClientException'
  | 'ExpiredTokenException'
  | 'InvalidSignatureException';

const STATUS: Record<ApiGatewayErrorCode, number> = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  NotFoundException: 404,
  ConflictException: 409,
  TooManyRequestsException: 429,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
};

/** A control-plane failure, answered as API Gateway's REST-JSON error. */
export class ApiGatewayError extends Error {
  constructor(
    readonly code: ApiGatewayErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (
  what:
    | 'REST API'
    | 'Resource'
    | 'Method'
    | 'Integration'
    | 'Response status code'
    | 'Stage'
    | 'Deployment'
    | 'Integration Response'
    | 'Request Validator'
    | 'Model'
    | 'Authorizer'
    | 'API Key'
    | 'Usage Plan'
    | 'Gateway Response type',
) =>
  new ApiGatewayError('NotFoundException', `Invalid ${what} identifier specified`);

export const badRequest = (message: string) => new ApiGatewayError('BadRequestException', message);

/**
 * API Gateway's wrapper around every mapping-expression validation failure (PutMethod, PutIntegration,
 * PutIntegrationResponse), as AWS words it.
 */
export function invalidMapping(detail: string): ApiGatewayError {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`);
}

/**
 * REST-JSON error: body `{"message": …}` and `x-amzn-ErrorType: <Code>:<namespace>`. The SDKs and botocore take the
 * part before the first `:` as the error code.
 */
export function errorResponse(code: ApiGatewayErrorCode, message: string): SandboxResponse {
  return {
    status: STATUS[code],
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': newRequestId(),
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.backplane.controlplane/`,
    },
    // The IAM layer in front of API Gateway spells it `Message`; the service itself `message`.
    body: JSON.stringify(code === 'AccessDeniedException' ? { Message: message } : { message }),
  };
}
