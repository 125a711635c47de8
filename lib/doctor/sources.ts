/** The public documents the doctor's explanations cite, by title and address. */
export type Source = { title: string; url?: string };

export const KNOWLEDGE_CENTER: Source = {
  title: 'AWS Knowledge Center: How do I integrate an API Gateway REST API with Amazon SQS and resolve common errors?',
  url: 'https://repost.aws/knowledge-center/api-gateway-rest-api-sqs-errors',
};
export const SQS_GUIDE: Source = { title: 'Amazon SQS Developer Guide', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html' };
export const API_GATEWAY_GUIDE: Source = { title: 'Amazon API Gateway Developer Guide', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/welcome.html' };
export const KMS_ALIASES: Source = { title: 'AWS KMS Developer Guide: Use aliases to control access to KMS keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html' };

/** The sources an explanation names in its text (the article by name, the developer guides by their subjects). */
export function sourcesOf(text: string): Source[] {
  const found: Source[] = [];
  if (/AWS Knowledge Center/.test(text)) found.push(KNOWLEDGE_CENTER);
  if (/serverless\.yml example/.test(text)) found.push(API_GATEWAY_GUIDE);
  if (/kms:ResourceAliases|alias/i.test(text) && /KMS/.test(text)) found.push(KMS_ALIASES);
  if (found.length === 0) found.push(/SQS (answers|rejects|splits)|SendMessage needs|FIFO/.test(text) ? SQS_GUIDE : API_GATEWAY_GUIDE);
  return found;
}
