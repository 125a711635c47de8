import 'server-only';

export type AwsManagedPolicy = {
  arn: string;
  policyName: string;
  policyId: string;
  path: string;
  description: string;
  createDate: string;
  updateDate: string;
  document: string;
};

/**
 * The AWS-managed policies the sandbox knows, so that designs can attach them as they would on AWS. Documents from the
 * AWS Managed Policy reference (aws-reference E); policy ids and dates as AWS lists them (not checked against a live account).
 */
export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    arn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    policyName: 'AmazonAPIGatewayPushToCloudWatchLogs',
    policyId: 'ANPAIK4GFO7HLKYN64ASK',
    path: '/service-role/',
    description: 'Allows API Gateway to push logs to user\'s account.',
    createDate: '2015-11-11T23:41:46Z',
    updateDate: '2015-11-11T23:41:46Z',
    document:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"*"}]}',
  },
  {
    arn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess',
    policyName: 'AmazonSQSFullAccess',
    policyId: 'ANPAI65L554VRJ33ECQS6',
    path: '/',
    description: 'Provides full access to Amazon SQS via the AWS Management Console.',
    createDate: '2015-02-06T18:41:07Z',
    updateDate: '2015-02-06T18:41:07Z',
    document: '{"Version":"2012-10-17","Statement":[{"Action":["sqs:*"],"Effect":"Allow","Resource":"*"}]}',
  },
];

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return AWS_MANAGED_POLICIES.find((p) => p.arn === arn);
}
