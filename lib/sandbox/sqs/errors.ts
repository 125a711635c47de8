import 'server-only';

/**
 * An SQS error with both of its wire names: the JSON-protocol shape (`__type`) and the query-protocol code (XML
 * `<Code>`, `x-amzn-query-error`), which differ for several errors (aws-reference C.2).
 */
export class SqsError extends Error {
  constructor(
    readonly shape: string,
    readonly queryCode: string,
    readonly status: number,
    message: string,
    /** `__type` namespace: modelled SQS errors vs. errors raised by AWS's service framework (Coral). */
    readonly namespace: 'com.amazonaws.sqs' | 'com.amazon.coral.service' = 'com.amazonaws.sqs',
  ) {
    super(message);
  }
}

const coral = 'com.amazon.coral.service' as const;

/**
 * Errors that are not in the SQS Smithy model (InvalidParameterValue, MissingParameter, AccessDenied, …) come from
 * AWS's service framework with a `com.amazon.coral.service#` type; SDK v3 then names them by the
 * `x-amzn-query-error` code (e.g. `InvalidParameterValue`), exactly as it does against AWS.
 */
export const sqsErrors = {
  unknownOperation: (message = '') => new SqsError('UnknownOperationException', 'UnknownOperationException', 400, message, coral),
  invalidAction: (action: string) =>
    new SqsError('InvalidAction', 'InvalidAction', 400, `The action ${action} is not valid for this endpoint.`, coral),
  missingParameter: (name: string) =>
    new SqsError('MissingRequiredParameterException', 'MissingParameter', 400, `The request must contain the parameter ${name}.`, coral),
  serialization: (message: string) => new SqsError('SerializationException', 'SerializationException', 400, message, coral),
  invalidAddress: (address: string) =>
    new SqsError('InvalidAddress', 'InvalidAddress', 404, `The address ${address} is not valid for this endpoint.`),
  nonExistentQueue: (protocol: 'json' | 'query') =>
    new SqsError(
      'QueueDoesNotExist',
      'AWS.SimpleQueueService.NonExistentQueue',
      400,
      protocol === 'json' ? 'The specified queue does not exist.' : 'The specified queue does not exist for this wsdl version.',
    ),
  invalidParameterValue: (message: string) =>
    new SqsError('InvalidParameterValueException', 'InvalidParameterValue', 400, message, coral),
  invalidValue: (value: string, parameter: string, reason: string) =>
    new SqsError(
      'InvalidParameterValueException',
      'InvalidParameterValue',
      400,
      `Value ${value} for parameter ${parameter} is invalid. Reason: ${reason}`,
      coral,
    ),
  malformedQueryString: (message: string) => new SqsError('MalformedQueryString', 'MalformedQueryString', 404, message, coral),
  invalidMessageContents: (message: string) => new SqsError('InvalidMessageContents', 'InvalidMessageContents', 400, message),
  accessDenied: (message: string) => new SqsError('AccessDeniedException', 'AccessDenied', 403, message, coral),
  kmsAccessDenied: (message: string) => new SqsError('KmsAccessDenied', 'KMS.AccessDeniedException', 400, message),
  queueNameExists: (attribute: string) =>
    new SqsError(
      'QueueNameExists',
      'QueueAlreadyExists',
      400,
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
    ),
  invalidAttributeName: (name: string) => new SqsError('InvalidAttributeName', 'InvalidAttributeName', 400, `Unknown Attribute ${name}.`),
  invalidAttributeNameMessage: (message: string) => new SqsError('InvalidAttributeName', 'InvalidAttributeName', 400, message),
  receiptHandleExpired: (handle: string) =>
    new SqsError(
      'InvalidParameterValueException',
      'InvalidParameterValue',
      400,
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      coral,
    ),
  invalidAttributeValue: (name: string, reason?: string) =>
    new SqsError(
      'InvalidAttributeValue',
      'InvalidAttributeValue',
      400,
      reason ? `Invalid value for the parameter ${name}. Reason: ${reason}` : `Invalid value for the parameter ${name}.`,
    ),
  receiptHandleIsInvalid: (handle: string) =>
    new SqsError('ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404, `The input receipt handle "${handle}" is not a valid receipt handle.`),
  emptyBatch: (entryName: string) =>
    new SqsError('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400, `There should be at least one ${entryName} in the request.`),
  tooManyEntries: (n: number) =>
    new SqsError(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      400,
      `Maximum number of entries per request are 10. You have sent ${n}.`,
    ),
  batchIdsNotDistinct: (id: string) =>
    new SqsError('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    new SqsError(
      'InvalidBatchEntryId',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: (limit: number, size: number) =>
    new SqsError(
      'BatchRequestTooLong',
      'AWS.SimpleQueueService.BatchRequestTooLong',
      400,
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
    ),
  messageNotInflight: () =>
    new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400, "The specified message isn't in flight."),
  purgeInProgress: (arn: string) =>
    new SqsError(
      'PurgeQueueInProgress',
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      403,
      `Only one PurgeQueue operation on ${arn} is allowed every 60 seconds.`,
    ),
  resourceNotFound: (message: string) => new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', 404, message),
  unsupportedOperation: (message: string) =>
    new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400, message),
  overLimit: (message: string) => new SqsError('OverLimit', 'OverLimit', 403, message),
};
