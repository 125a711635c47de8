/**
 * SQS's errors as they appear on the wire, in both protocols (aws-reference C.2): the AWS JSON 1.0 `__type` shape,
 * the query protocol's code (XML `<Code>`, and the `x-amzn-query-error` header of JSON responses) and the HTTP
 * status. The sandbox answers with these and the design doctor reads them back, so both use this one table. Pure.
 */
export type SqsErrorSpec = {
  /** JSON-protocol `__type` name (after the `#`). */
  shape: string;
  /** Query-protocol code. */
  queryCode: string;
  status: number;
  /**
   * Modelled SQS errors carry `com.amazonaws.sqs#`; the others come from AWS's service framework (Coral) with
   * `com.amazon.coral.service#`, and SDK v3 names them by the query code.
   */
  namespace: 'com.amazonaws.sqs' | 'com.amazon.coral.service';
};

const sqs = (shape: string, queryCode: string, status: number): SqsErrorSpec => ({ shape, queryCode, status, namespace: 'com.amazonaws.sqs' });
const coral = (shape: string, queryCode: string, status: number): SqsErrorSpec => ({ shape, queryCode, status, namespace: 'com.amazon.coral.service' });

export const SQS_ERRORS = {
  UnknownOperation: coral('UnknownOperationException', 'UnknownOperationException', 400),
  InvalidAction: coral('InvalidAction', 'InvalidAction', 400),
  MissingParameter: coral('MissingRequiredParameterException', 'MissingParameter', 400),
  Serialization: coral('SerializationException', 'SerializationException', 400),
  InvalidParameterValue: coral('InvalidParameterValueException', 'InvalidParameterValue', 400),
  MalformedQueryString: coral('MalformedQueryString', 'MalformedQueryString', 404),
  AccessDenied: coral('AccessDeniedException', 'AccessDenied', 403),
  InternalFailure: coral('InternalFailure', 'InternalFailure', 500),
  InvalidAddress: sqs('InvalidAddress', 'InvalidAddress', 404),
  QueueDoesNotExist: sqs('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400),
  InvalidMessageContents: sqs('InvalidMessageContents', 'InvalidMessageContents', 400),
  KmsAccessDenied: sqs('KmsAccessDenied', 'KMS.AccessDeniedException', 400),
  QueueNameExists: sqs('QueueNameExists', 'QueueAlreadyExists', 400),
  InvalidAttributeName: sqs('InvalidAttributeName', 'InvalidAttributeName', 400),
  InvalidAttributeValue: sqs('InvalidAttributeValue', 'InvalidAttributeValue', 400),
  ReceiptHandleIsInvalid: sqs('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404),
  EmptyBatchRequest: sqs('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400),
  TooManyEntriesInBatchRequest: sqs('TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400),
  BatchEntryIdsNotDistinct: sqs('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400),
  InvalidBatchEntryId: sqs('InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 400),
  BatchRequestTooLong: sqs('BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', 400),
  PurgeQueueInProgress: sqs('PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', 403),
  ResourceNotFound: sqs('ResourceNotFoundException', 'ResourceNotFoundException', 404),
  UnsupportedOperation: sqs('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400),
  OverLimit: sqs('OverLimit', 'OverLimit', 403),
} as const satisfies Record<string, SqsErrorSpec>;

export type SqsErrorName = keyof typeof SQS_ERRORS;

const byShape = new Map<string, SqsErrorSpec>(Object.values(SQS_ERRORS).map((e) => [e.shape, e]));

/** The query-protocol code for an error name as either protocol spells it (a JSON shape or already a query code). */
export function sqsQueryCode(code: string): string {
  return byShape.get(code)?.queryCode ?? code;
}
