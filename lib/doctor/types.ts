export type Severity = 'error' | 'warning' | 'info';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A path into the design: object keys and array indexes, e.g. `['integration', 'requestParameters', 'integration.request.header.Content-Type']`. */
export type DesignPath = (string | number)[];

/** One step of a fix. Pure data, so findings can cross the server/client boundary and be applied in the browser. */
export type PatchOp = { op: 'set'; path: DesignPath; value: JsonValue } | { op: 'delete'; path: DesignPath };

export type Fix = { description: string; patch: PatchOp[] };

export const RULE_IDS = [
  'query-content-type',
  'query-template-action',
  'json-protocol-headers',
  'x-amz-target-format',
  'access-denied-policy',
  'kms-access-denied',
  'query-body-not-urlencoded',
  'integration-http-method-get',
  'json-queue-url',
  'json-body-invalid',
  'missing-message-body',
  'fifo-message-group-id',
  'fifo-deduplication-id',
  'static-value-unquoted',
  'invalid-mapping-source',
  'undeclared-method-parameter',
  'unknown-sqs-header',
  'request-parameter-key',
  'request-parameter-path-unused',
  'query-path-override',
  'timeout-range',
  'passthrough-unsupported-media',
  'errors-returned-as-200',
  'no-integration-response',
  'template-error',
  'template-syntax',
  'execution-role-trust',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Finding = {
  id: RuleId;
  severity: Severity;
  /** The design field to highlight, written like validateDesign's paths: `integration.requestTemplates["application/json"]`. */
  field: string;
  title: string;
  /** Plain words, naming the public document the rule comes from. */
  explanation: string;
  /** The public documents behind the explanation, for links. */
  sources: { title: string; url?: string }[];
  /** What the sample request shows, when the rule ran it (e.g. the body SQS would store). */
  evidence?: string;
  fix?: Fix;
};

export type ErrorProtocol = 'query' | 'json' | 'api-gateway' | 'unknown';

export type ErrorExplanation = {
  /** The error code as it appeared on the wire (query code, JSON shape after `#`, or API Gateway's message). */
  code: string;
  message: string;
  protocol: ErrorProtocol;
  /** Doctor rules that explain this error; run `diagnose` to see which of them the design breaks. */
  ruleIds: RuleId[];
  explanation: string;
};
