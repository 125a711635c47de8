/** Members API Gateway offers in mapping templates (aws-reference A.2–A.4), for completion and hover. */
export type VtlMember = { name: string; signature: string; doc: string; insertText?: string };

export const VTL_MEMBERS: Record<'input' | 'util' | 'context' | 'stageVariables', VtlMember[]> = {
  input: [
    { name: 'body', signature: '$input.body', doc: 'The raw request body as a string. An empty body renders as `{}`.' },
    { name: 'json', signature: "$input.json('$.path')", doc: 'Evaluates a JSONPath against the body and returns JSON text (strings come back quoted).', insertText: "json('\\$${1:.field}')" },
    { name: 'path', signature: "$input.path('$.path')", doc: 'Evaluates a JSONPath and returns a native object (map, list, string, number) you can navigate.', insertText: "path('\\$${1:.field}')" },
    { name: 'params', signature: "$input.params('name')", doc: 'A request parameter by name, looked up in path, then query string, then headers. Without an argument: a map of path, querystring and header maps.', insertText: "params('${1:name}')" },
  ],
  util: [
    { name: 'urlEncode', signature: '$util.urlEncode(s)', doc: 'application/x-www-form-urlencoded encoding (space → +). Wrap $input.body in it for the AWS query protocol, or & + % in a body break the SendMessage request.', insertText: 'urlEncode(${1:\\$input.body})' },
    { name: 'urlDecode', signature: '$util.urlDecode(s)', doc: 'Decodes an application/x-www-form-urlencoded string.', insertText: 'urlDecode(${1})' },
    { name: 'escapeJavaScript', signature: '$util.escapeJavaScript(s)', doc: "Escapes a string for a JavaScript/JSON string literal (note: ' becomes \\', which is not valid JSON).", insertText: 'escapeJavaScript(${1})' },
    { name: 'parseJson', signature: '$util.parseJson(s)', doc: 'Parses stringified JSON into an object.', insertText: 'parseJson(${1})' },
    { name: 'base64Encode', signature: '$util.base64Encode(s)', doc: 'Base64 of the UTF-8 bytes of s.', insertText: 'base64Encode(${1})' },
    { name: 'base64Decode', signature: '$util.base64Decode(s)', doc: 'Decodes base64 into a string.', insertText: 'base64Decode(${1})' },
  ],
  context: [
    { name: 'requestId', signature: '$context.requestId', doc: 'The request ID (a UUID). A good MessageDeduplicationId for FIFO queues.' },
    { name: 'extendedRequestId', signature: '$context.extendedRequestId', doc: 'The extended request ID API Gateway generates (x-amz-apigw-id).' },
    { name: 'accountId', signature: '$context.accountId', doc: 'The AWS account ID of the API owner.' },
    { name: 'apiId', signature: '$context.apiId', doc: 'The REST API ID.' },
    { name: 'httpMethod', signature: '$context.httpMethod', doc: 'The method request HTTP method.' },
    { name: 'path', signature: '$context.path', doc: 'The request path including the stage, e.g. /prod/send.' },
    { name: 'resourcePath', signature: '$context.resourcePath', doc: 'The resource path template, e.g. /things/{id}.' },
    { name: 'resourceId', signature: '$context.resourceId', doc: 'The resource ID.' },
    { name: 'stage', signature: '$context.stage', doc: 'The deployment stage (unset in TestInvokeMethod).' },
    { name: 'requestTime', signature: '$context.requestTime', doc: 'Request time in CLF format, e.g. 21/Nov/2026:07:43:49 +0000.' },
    { name: 'requestTimeEpoch', signature: '$context.requestTimeEpoch', doc: 'Request time in epoch milliseconds.' },
    { name: 'protocol', signature: '$context.protocol', doc: 'The request protocol, HTTP/1.1.' },
    { name: 'domainName', signature: '$context.domainName', doc: 'The domain name the API was called on.' },
    { name: 'identity', signature: '$context.identity.sourceIp', doc: 'Caller identity: sourceIp, userAgent, user, userArn, accountId, apiKey…', insertText: 'identity.${1|sourceIp,userAgent,user,userArn,accountId,apiKey|}' },
    { name: 'requestOverride', signature: '$context.requestOverride.header.NAME', doc: 'Set in a request template to override an integration request header, path or query parameter after mappings.', insertText: 'requestOverride.${1|header,path,querystring|}.${2:name}' },
    { name: 'authorizer', signature: '$context.authorizer.principalId', doc: 'Values from the authorizer (principalId, claims.*).' },
  ],
  stageVariables: [{ name: 'NAME', signature: '$stageVariables.NAME', doc: "A stage variable of the deployed stage; also ${stageVariables['NAME']}.", insertText: '${1:name}' }],
};

export const VTL_DIRECTIVES: VtlMember[] = [
  { name: 'set', signature: '#set($x = value)', doc: 'Assigns a variable.', insertText: 'set(\\$${1:name} = ${2:value})' },
  { name: 'if', signature: '#if(condition) … #elseif … #else … #end', doc: 'Conditional block.', insertText: 'if(${1:condition})\n$0\n#end' },
  { name: 'foreach', signature: '#foreach($item in $list) … #end', doc: 'Loop (at most 1000 iterations in API Gateway); $foreach.hasNext is true before the last item.', insertText: 'foreach(\\$${1:item} in ${2:\\$list})\n$0\n#end' },
  { name: 'end', signature: '#end', doc: 'Closes #if, #foreach or #macro.' },
];

/** Template snippets for the presets (the AWS Knowledge Center procedure and Sluice's recommended variants). */
export const TEMPLATE_SNIPPETS: { label: string; detail: string; body: string }[] = [
  { label: 'sqs-query-documented', detail: 'As the AWS Knowledge Center documents it (breaks on & + %)', body: 'Action=SendMessage&MessageBody=$input.body' },
  { label: 'sqs-query-urlencoded', detail: 'Query protocol, URL-encoded body (recommended)', body: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
  {
    label: 'sqs-query-fifo',
    detail: 'FIFO: group id from a header, request id as deduplication id',
    body: "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$util.urlEncode($input.params('X-Message-Group-Id'))&MessageDeduplicationId=$context.requestId",
  },
  {
    label: 'sqs-query-attributes',
    detail: 'Query protocol with source IP and request id as message attributes',
    body: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp)&MessageAttribute.2.Name=requestId&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=$context.requestId',
  },
  {
    label: 'sqs-json-body',
    detail: 'AWS JSON protocol body built from the request (needs Content-Type and X-Amz-Target mapped)',
    body: '{\n  "QueueUrl": "https://sqs.REGION.amazonaws.com/$context.accountId/QUEUE",\n  "MessageBody": "$util.escapeJavaScript($input.body)"\n}',
  },
];
