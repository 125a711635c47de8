import 'server-only';
/**
 * Test sends from the console: TestInvokeMethod, a real request to the invoke URL (SigV4-signed when the method uses
 * AWS_IAM), the delivery check on the queue, batch mode, and reading a live method Sluice did not create.
 */
export type { MethodTarget, SendOutcome, SendResponse } from './types';
export { testInvoke } from './test-invoke';
export { type InvokeUrlOptions, invokeUrlSend } from './invoke-url';
export { checkDelivery, type DeliveredMessage, type DeliveryResult, deleteTestMessage, md5Hex, parseQueueUrl, resolveQueueUrl } from './delivery';
export { type BatchDelivery, type BatchJob, countDelivered, createBatchJob, getBatchJob, runBatchSends } from './batch';
export { type LiveMethod, readLiveMethod } from './live-method';
